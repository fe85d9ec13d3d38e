"""GraphQL: General Assembly sessions (types, queries, mutations)."""
