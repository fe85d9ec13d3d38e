"""GraphQL: the bodies domain (types, queries, mutations)."""
