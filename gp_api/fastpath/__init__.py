"""The fast read path: parse cache, data version, response cache, planner and SQL renderer."""
