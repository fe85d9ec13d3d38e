"""GraphQL: the commitments domain (types, queries, mutations)."""
