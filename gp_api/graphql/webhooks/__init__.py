"""GraphQL: the webhooks domain (types, queries, mutations)."""
