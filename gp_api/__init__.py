"""GP API: GraphQL API and workflow engine for the Global Partnership against Slavery and
Trafficking in Human Beings."""

__version__ = "0.1.0"
