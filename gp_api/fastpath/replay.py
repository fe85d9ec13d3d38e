"""Requests read before: what the pipeline made of a request, kept per request bytes.

Front ends send the same request again and again (a page's query, a poll, `{ __typename }`
as a liveness probe). Reading one costs more than answering it from the response cache: the
body's JSON, the parameters' checks, the document's lookup, the media type and the language.
`Readings` keeps, per request *as sent* (method, query string, Content-Type, Accept,
Accept-Language and body, byte for byte), what that reading gave; everything in it is a
function of those bytes alone, so the same bytes again are read the same way. What depends on
anything else (the token, the client's address, rate limits, budgets, the data version) is
checked again on every request, by the same code as the first time (gp_api.graphql.http).

Only well-formed requests that name their document in full are kept (a bare persisted-query
hash is resolved again: the hash's registration is state, not bytes), and only small ones.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gp_api.fastpath.lru import LRU

# method, query string, Content-Type, Accept, Accept-Language, body
RawKey = tuple[str, bytes, bytes | None, bytes | None, bytes | None, bytes]

REMEMBERED_BODY = 16_384  # larger requests are read every time (and rarely repeated)

_WANTED = (b"content-type", b"accept", b"accept-language", b"authorization")


@dataclass(frozen=True, slots=True)
class RawRequest:
    """The parts of an HTTP request that its reading depends on, and its credentials."""

    key: RawKey | None  # None: not to be remembered (too large)
    authorization: str | None
    address: str


def raw_request(scope: Mapping[str, Any], body: bytes) -> RawRequest:
    """One pass over the headers (the first of repeated ones counts, as in Starlette)."""
    found: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        if name in _WANTED and name not in found:
            found[name] = value
    client = scope.get("client")
    authorization = found.get(b"authorization")
    key: RawKey | None = None
    if len(body) <= REMEMBERED_BODY:
        key = (
            scope["method"],
            scope.get("query_string", b""),
            found.get(b"content-type"),
            found.get(b"accept"),
            found.get(b"accept-language"),
            body,
        )
    return RawRequest(
        key,
        authorization.decode("latin-1") if authorization is not None else None,
        client[0] if client else "unknown",
    )


@dataclass(frozen=True, slots=True)
class Reading:
    """What a request's bytes say: the answer's media type, the operation (document, name,
    variables), its type and resolved name, and the answer's language."""

    media: str
    query: str
    operation_name: str | None
    variables: dict[str, Any] | None
    kind: str
    name: str | None
    language: Any  # gp_api.names.models.LanguageCode (kept out of this package's imports)
    variables_key: str  # the variables as the response cache keys them
    content_type: bytes  # the answer's Content-Type header


class Readings:
    """The readings of recent requests (an LRU of `size`; 0 keeps none)."""

    def __init__(self, size: int) -> None:
        self.entries: LRU[RawKey, Reading] = LRU(size)

    def get(self, key: RawKey | None) -> Reading | None:
        return self.entries.get(key) if key is not None else None

    def put(
        self,
        key: RawKey | None,
        *,
        media: str,
        query: str,
        operation_name: str | None,
        variables: dict[str, Any] | None,
        kind: str,
        name: str | None,
        language: Any,
    ) -> None:
        if key is None:
            return
        self.entries.put(
            key,
            Reading(
                media,
                query,
                operation_name,
                variables,
                kind,
                name,
                language,
                variables_key(variables),
                f"{media}; charset=utf-8".encode(),
            ),
        )


def variables_key(variables: dict[str, Any] | None) -> str:
    """Variables as one string, equal for equal values whatever their order."""
    return json.dumps(variables or {}, sort_keys=True)
