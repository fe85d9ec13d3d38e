"""GraphQL: the workflow domain (types, queries, mutations)."""
