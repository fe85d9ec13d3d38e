"""Open-data exports: the record in the formats of parliaments, aid and calendars.

Popolo JSON, IATI activity XML 2.03, iCalendar (RFC 5545) and CSV, each a URL under /exports
(gp_api.exports.routes), streamed: rows are read a page at a time through the read models
(gp_api.reads), each page in its own short transaction, so an export never holds the whole
record in memory nor a database connection while the client reads. What a reader sees is what
the API shows the same principal (the read models' `reader` conditions); the bearer token is
checked exactly as on /graphql.
"""
