"""The fast read path: what answers a read without executing the GraphQL schema.

A request goes through it as a short pipeline (see gp_api.graphql.http):
0. `persisted`: the document named by its hash (automatic persisted queries), or refused
   when the server runs only trusted documents.
1. `documents`: the document parsed once per process; its operation's type and name.
2. `ConstantAnswers`: a document whose answer is a constant (`{ __typename }`, introspection)
   is answered from memory, with no database (only a token, if sent, is checked).
3. `HeadReader`: the data version, read once for a batch of concurrent requests.
4. `PrincipalCache`: a token's principal, known without a lookup while the version holds.
   A compiled read with a known token (response cache off) skips 3: its one statement reads
   the version beside the answer (`sql.run_at_version`), which proves the token current;
   compiled statements run on connections of their own (`RawStatements`) when one is free.
5. `ResponseCache`: a read answered before under the current version; misses of one key are
   computed once (single-flight).
4b. `cost` and `budget`: the query's cost from its shape (cached per document and
   variables), charged to its token's (or address's) budget before it runs; its answer, of
   whichever lane below, reports it in `extensions.cost`.
6. `planner` and `sql`: the compiled reads. A document whose fields the read models declare
   (gp_api.readmodel) is planned and rendered as one statement, else the resolvers (the
   reference) answer it.

Nothing here imports strawberry; graphql-core only reads documents. `LRU` is the one bounded
cache class of the server.
"""

from gp_api.fastpath.cache import (
    ConstantAnswers,
    HeadReader,
    PrincipalCache,
    ResponseCache,
    read_version,
)
from gp_api.fastpath.documents import is_constant, is_query, operation_of, parse_document
from gp_api.fastpath.lru import LRU

__all__ = [
    "LRU",
    "ConstantAnswers",
    "HeadReader",
    "PrincipalCache",
    "ResponseCache",
    "is_constant",
    "is_query",
    "operation_of",
    "parse_document",
    "read_version",
]
