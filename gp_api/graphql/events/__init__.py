"""GraphQL: the events domain (types, queries, mutations)."""
