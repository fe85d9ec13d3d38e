"""GraphQL: the plan domain (types, queries, mutations)."""
