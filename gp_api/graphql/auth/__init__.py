"""GraphQL: the auth domain (types, queries, mutations)."""
