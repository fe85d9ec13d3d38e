"""GraphQL: the ga domain (types, queries, mutations)."""
