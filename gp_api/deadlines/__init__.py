"""Deadline notices: events the sweep appends when a deadline comes (gp_api.deadlines.rules
declares them; gp_api.deadlines.service appends them once each)."""
