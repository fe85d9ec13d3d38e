"""GraphQL: UN documents (types, queries, mutations)."""
