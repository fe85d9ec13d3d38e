"""Pure workflow definitions: states, triggers, guards. Imports only the standard library and
`transitions`; never SQLAlchemy, strawberry or gp_api."""
