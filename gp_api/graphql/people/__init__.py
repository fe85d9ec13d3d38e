"""GraphQL: persons, offices and appointments (types, queries, mutations)."""
