"""Persisted documents: Apollo's automatic persisted queries (APQ) and the allow-list mode
(trusted documents).

A request may name its document by hash instead of sending it, as Apollo Client's
persisted-queries link does: `extensions.persistedQuery = {"version": 1, "sha256Hash": HEX}`.
- hash without `query`: the document registered under that hash, else the error
  `PersistedQueryNotFound` (`PERSISTED_QUERY_NOT_FOUND`): the client then sends both;
- hash and `query`: the hash is checked (SHA-256 of the query text, hex) and the document
  registered, in a bounded LRU of this process and, with GP_REDIS_URL, in Redis for every
  process (a day, renewed by each registration).

With GP_TRUSTED_DOCUMENTS (a manifest built by `gp-api documents manifest`, Apollo's
persisted-query manifest format) only the manifest's documents run: named by hash (with or
without their text) or sent in full with exactly a manifest body's text. Anything else is
refused before it runs, and nothing is registered.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import coredis
from coredis.exceptions import RedisError
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    NameNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Visitor,
    parse,
    print_ast,
    validate,
    visit,
)

from gp_api.errors import ConfigError
from gp_api.fastpath.lru import LRU

log = logging.getLogger("gp_api.persisted")

PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
UNTRUSTED_DOCUMENT = "UNTRUSTED_DOCUMENT"
BAD_USER_INPUT = "BAD_USER_INPUT"
MANIFEST_FORMAT = "apollo-persisted-query-manifest"
REGISTERED_SECONDS = 86_400  # how long Redis keeps a registered document
HEX = re.compile(r"[0-9a-fA-F]{64}")


class DocumentRefused(Exception):
    """A request whose document cannot be found or may not run; `code` for extensions.code."""

    def __init__(self, message: str, code: str | None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    @property
    def error(self) -> dict[str, Any]:
        error: dict[str, Any] = {"message": self.message}
        if self.code is not None:
            error["extensions"] = {"code": self.code}
        return error


@lru_cache(maxsize=1000)
def document_hash(text: str) -> str:
    """The SHA-256 of a document's text (UTF-8), in lowercase hex: its id in APQ and manifests."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


NOT_FOUND = DocumentRefused("PersistedQueryNotFound", PERSISTED_QUERY_NOT_FOUND)


class PersistedDocuments:
    """Resolves the document a request runs (see the module's docstring)."""

    def __init__(
        self,
        size: int,
        trusted: dict[str, str] | None = None,
        redis: coredis.Redis[Any] | None = None,
        prefix: str = "",
    ) -> None:
        self.registered: LRU[str, str] = LRU(size)
        self.trusted = trusted
        self.redis = redis
        self.prefix = prefix

    async def resolve(self, query: str | None, extensions: dict[str, Any] | None) -> str:
        """The text of the document to run; raises DocumentRefused."""
        persisted = extensions.get("persistedQuery") if extensions else None
        if persisted is None:
            if query is None:
                raise DocumentRefused("the query parameter is missing", None)
            if self.trusted is not None and document_hash(query) not in self.trusted:
                raise DocumentRefused(
                    "not a trusted document: this server runs only the documents of its "
                    "manifest (GP_TRUSTED_DOCUMENTS), sent in full or by their SHA-256 hash",
                    UNTRUSTED_DOCUMENT,
                )
            return query
        digest = _digest(persisted)
        if self.trusted is not None:
            body = self.trusted.get(digest)
            if body is None:
                if query is not None:
                    raise DocumentRefused(
                        "not a trusted document: this server runs only the documents of its "
                        "manifest (GP_TRUSTED_DOCUMENTS); registering documents is off",
                        UNTRUSTED_DOCUMENT,
                    )
                raise NOT_FOUND
            if query is not None and query != body:
                raise DocumentRefused("provided sha does not match query", BAD_USER_INPUT)
            return body
        if query is None:
            body = self.registered.get(digest)
            if body is None and self.redis is not None:
                body = await self._shared(digest)
                if body is not None:
                    self.registered.put(digest, body)
            if body is None:
                raise NOT_FOUND
            return body
        if document_hash(query) != digest:
            raise DocumentRefused("provided sha does not match query", BAD_USER_INPUT)
        if digest not in self.registered:
            self.registered.put(digest, query)
            if self.redis is not None:
                await self._share(digest, query)
        return query

    async def _shared(self, digest: str) -> str | None:
        assert self.redis is not None
        try:
            value = await self.redis.get(f"{self.prefix}:apq:{digest}")
        except (RedisError, OSError, TimeoutError) as error:
            log.warning("persisted documents storage failed (%s): this process's only", error)
            return None
        if value is None:
            return None
        return value.decode("utf-8") if isinstance(value, bytes) else str(value)

    async def _share(self, digest: str, text: str) -> None:
        assert self.redis is not None
        try:
            await self.redis.set(f"{self.prefix}:apq:{digest}", text, ex=REGISTERED_SECONDS)
        except (RedisError, OSError, TimeoutError) as error:
            log.warning("persisted documents storage failed (%s): this process's only", error)


def _digest(persisted: Any) -> str:
    if not isinstance(persisted, dict):
        raise DocumentRefused("extensions.persistedQuery must be an object", BAD_USER_INPUT)
    if persisted.get("version") != 1:
        raise DocumentRefused("PersistedQueryNotSupported", PERSISTED_QUERY_NOT_SUPPORTED)
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or not HEX.fullmatch(digest):
        raise DocumentRefused(
            "extensions.persistedQuery.sha256Hash must be a SHA-256 hash in hex", BAD_USER_INPUT
        )
    return digest.lower()


# The manifest


def load_manifest(path: Path) -> dict[str, str]:
    """The documents of a persisted-query manifest, by id; ConfigError when it cannot be used
    (unreadable, another format, or an id that is not its body's SHA-256)."""
    where = f"GP_TRUSTED_DOCUMENTS ({path})"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{where}: cannot read it: {error.strerror}") from None
    except (UnicodeDecodeError, ValueError):
        raise ConfigError(f"{where}: not a JSON document") from None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != MANIFEST_FORMAT
        or manifest.get("version") != 1
        or not isinstance(manifest.get("operations"), list)
    ):
        raise ConfigError(
            f'{where}: not a manifest: expected {{"format": "{MANIFEST_FORMAT}", "version": 1, '
            '"operations": [...]}} (gp-api documents manifest writes one)'
        )
    documents: dict[str, str] = {}
    for operation in manifest["operations"]:
        body = operation.get("body") if isinstance(operation, dict) else None
        digest = operation.get("id") if isinstance(operation, dict) else None
        if not isinstance(body, str) or not isinstance(digest, str):
            raise ConfigError(f"{where}: every operation needs a string id and body")
        if document_hash(body) != digest.lower():
            raise ConfigError(f"{where}: operation {digest!r} is not the SHA-256 of its body")
        documents[digest.lower()] = body
    return documents


class _AddTypename(Visitor):
    """`__typename` in every selection set but the operations' own, as Apollo Client's cache
    adds it before sending (addTypenameToDocument)."""

    def enter_selection_set(
        self, node: SelectionSetNode, _key: Any, parent: Any, *_args: Any
    ) -> SelectionSetNode | None:
        if isinstance(parent, OperationDefinitionNode):
            return None
        if any(isinstance(s, FieldNode) and s.name.value.startswith("__") for s in node.selections):
            return None
        if isinstance(parent, FieldNode) and any(
            d.name.value == "export" for d in parent.directives or ()
        ):
            return None
        return SelectionSetNode(
            selections=(*node.selections, FieldNode(name=NameNode(value="__typename")))
        )


def _spreads(node: Any, into: set[str]) -> None:
    if isinstance(node, FragmentSpreadNode):
        into.add(node.name.value)
    for name in getattr(node, "keys", ()):
        value = getattr(node, name, None)
        if isinstance(value, tuple | list):
            for item in value:
                if hasattr(item, "kind"):
                    _spreads(item, into)
        elif hasattr(value, "kind"):
            _spreads(value, into)


def manifest_operations(
    sources: Iterable[tuple[str, str]], add_typename: bool
) -> list[dict[str, str]]:
    """The manifest's operations for the documents `sources` (name, text): one per operation,
    its body the operation and the fragments it uses (in the order written), printed as
    graphql-js prints them (the text Apollo Client sends, with `__typename` added as its cache
    adds it unless `add_typename` is False). Raises ValueError naming a file that does not parse
    or a fragment that is missing."""
    operations: list[dict[str, str]] = []
    for source, text in sources:
        try:
            document = parse(text)
        except GraphQLError as error:
            raise ValueError(f"{source}: {error.message}") from None
        if add_typename:
            document = visit(document, _AddTypename())
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        for definition in document.definitions:
            if not isinstance(definition, OperationDefinitionNode):
                continue
            used: set[str] = set()
            pending = [definition]
            while pending:
                found: set[str] = set()
                _spreads(pending.pop(), found)
                for name in found - used:
                    if name not in fragments:
                        raise ValueError(f"{source}: fragment {name!r} is not defined")
                    used.add(name)
                    pending.append(fragments[name])  # type: ignore[arg-type]
            kept = tuple(
                d
                for d in document.definitions
                if d is definition
                or (isinstance(d, FragmentDefinitionNode) and d.name.value in used)
            )
            body = print_ast(DocumentNode(definitions=kept))
            operations.append(
                {
                    "id": document_hash(body),
                    "name": definition.name.value if definition.name else "",
                    "type": definition.operation.value,
                    "body": body,
                }
            )
    return operations


def manifest(operations: list[dict[str, str]]) -> dict[str, Any]:
    return {"format": MANIFEST_FORMAT, "version": 1, "operations": operations}


def invalid(schema: GraphQLSchema, body: str) -> str | None:
    """Why a manifest body does not validate against `schema`; None when it does."""
    errors = validate(schema, parse(body))
    return errors[0].message if errors else None
