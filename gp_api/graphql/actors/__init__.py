"""GraphQL: the actors domain (types, queries, mutations)."""
