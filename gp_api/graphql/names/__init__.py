"""GraphQL: names and titles in the six UN languages, as of a day (types, mutations)."""
