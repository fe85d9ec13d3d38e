"""DataLoaders, built per request: rows by primary key, and pages of children per parent.

Each batch is one call of a service function, one SQL statement whatever the number of
parents, so the statements a request issues grow with the depth of its query, not with the
size of its result. The SQL itself lives in the services (gp_api.reads for what the read
models declare, and gp_api.lookup).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from gp_api import reads
from gp_api.db import Base
from gp_api.errors import DomainError
from gp_api.graphql.errors import public
from gp_api.lookup import rows_by_id
from gp_api.pagination import Page
from gp_api.readmodel import MODELS, Computed

if TYPE_CHECKING:
    from gp_api.graphql.context import Context

M = TypeVar("M", bound=Base)
Extra = Hashable
Fetch = Callable[[AsyncSession, Sequence[Hashable], Any], Awaitable[dict[Hashable, Any]]]
ListFetch = Callable[[AsyncSession, Sequence[Any]], Awaitable[dict[Any, Any]]]


class RowsById(DataLoader[int, M | None], Generic[M]):
    """Rows of one model by primary key (None where there is none)."""

    def __init__(self, context: Context, model: type[M]) -> None:
        self.context = context
        self.model = model
        super().__init__(load_fn=self.load_batch)

    async def load_batch(self, ids: list[int]) -> list[M | None]:
        found = await self.context.run(lambda session: rows_by_id(session, self.model, ids))
        return [found.get(i) for i in ids]


class ByParent(DataLoader[tuple[Hashable, Extra], Any]):
    """Values keyed by (parent key, extra), where extra holds the arguments (hashable):
    one `fetch` per distinct extra in a batch (pages or counts of children)."""

    def __init__(self, context: Context, fetch: Fetch) -> None:
        self.context = context
        self.fetch = fetch
        super().__init__(load_fn=self.load_batch)

    async def load_batch(self, keys: list[tuple[Hashable, Extra]]) -> list[Any]:
        parents_by_extra: dict[Extra, list[Hashable]] = defaultdict(list)
        for parent, extra in keys:
            parents_by_extra[extra].append(parent)
        results: dict[tuple[Hashable, Extra], Any] = {}
        for extra, parents in parents_by_extra.items():
            unique = list(dict.fromkeys(parents))
            try:
                found = await self.context.run(_bind(self.fetch, unique, extra))
            except DomainError as error:
                # Arguments the service refuses (a cursor of another connection, say): the
                # client's error, for the fields that gave them (not a masked internal one).
                found = dict.fromkeys(unique, public(error))
            for parent in parents:
                results[(parent, extra)] = found[parent]
        return [results[k] for k in keys]


class ListsByKey(DataLoader[Any, list[Any]]):
    """Whole small lists of children by parent key (empty where there are none)."""

    def __init__(self, context: Context, fetch: ListFetch) -> None:
        self.context = context
        self.fetch = fetch
        super().__init__(load_fn=self.load_batch)

    async def load_batch(self, keys: list[Any]) -> list[list[Any]]:
        found = await self.context.run(lambda session: self.fetch(session, keys))
        return [found.get(k, []) for k in keys]


class ValuesByKey(DataLoader[Any, Any]):
    """One value per key, computed for a batch of keys at once."""

    def __init__(self, context: Context, fetch: ListFetch) -> None:
        self.context = context
        self.fetch = fetch
        super().__init__(load_fn=self.load_batch)

    async def load_batch(self, keys: list[Any]) -> list[Any]:
        found = await self.context.run(lambda session: self.fetch(session, keys))
        return [found[k] for k in keys]


class Loaders:
    """The request's loaders, created on first use and shared by its resolvers."""

    def __init__(self, context: Context) -> None:
        self._context = context
        self._rows: dict[type[Base], RowsById[Any]] = {}
        self._named: dict[str, DataLoader[Any, Any]] = {}

    def rows(self, model: type[M]) -> RowsById[M]:
        loader = self._rows.get(model)
        if loader is None:
            loader = self._rows[model] = RowsById(self._context, model)
        return loader

    def pages(self, name: str, fetch: Fetch) -> DataLoader[tuple[Hashable, Extra], Page[Any]]:
        """Pages keyed by (parent key, page arguments)."""
        return self._named_loader(f"pages:{name}", lambda: ByParent(self._context, fetch))

    def counts(self, name: str, fetch: Fetch) -> DataLoader[tuple[Hashable, Extra], int]:
        return self._named_loader(f"counts:{name}", lambda: ByParent(self._context, fetch))

    def lists(self, name: str, fetch: ListFetch) -> DataLoader[Any, list[Any]]:
        return self._named_loader(f"lists:{name}", lambda: ListsByKey(self._context, fetch))

    def values(self, name: str, fetch: ListFetch) -> DataLoader[Any, Any]:
        return self._named_loader(f"values:{name}", lambda: ValuesByKey(self._context, fetch))

    # The reads the read models declare (gp_api.reads), for the request's reader --------------

    def children(
        self, parent_type: str, field: str
    ) -> tuple[
        DataLoader[tuple[Hashable, Extra], Page[Any]], DataLoader[tuple[Hashable, Extra], int]
    ]:
        """The pages, keyed by (parent id, (arguments, page arguments)), and the counts, keyed
        by (parent id, arguments), of the connection `parent_type.field` (a `Children`)."""
        role = self._context.principal.role
        name = f"{parent_type}.{field}"

        def pages(s: AsyncSession, keys: Sequence[Hashable], extra: Any) -> Any:
            arguments, page = extra
            return reads.children_pages(s, parent_type, field, keys, dict(arguments), page, role)

        def counts(s: AsyncSession, keys: Sequence[Hashable], arguments: Any) -> Any:
            return reads.children_counts(s, parent_type, field, keys, dict(arguments), role)

        return self.pages(name, pages), self.counts(name, counts)

    def linked(self, parent_type: str, field: str) -> DataLoader[Any, list[Any]]:
        """The rows `parent_type.field` (a `Through` or `Rows`) lists, by parent id."""
        role = self._context.principal.role
        return self.lists(
            f"{parent_type}.{field}",
            lambda s, keys: reads.lists(s, parent_type, field, keys, role),
        )

    def computed(self, type_name: str, field: str) -> DataLoader[tuple[Any, ...], Any]:
        """The values of the `Computed` field `type_name.field`, keyed by its columns' values,
        for the request's principal (the batch the compiled reads use)."""
        declared = MODELS[type_name].fields[field]
        assert isinstance(declared, Computed), f"{type_name}.{field} is not Computed"
        principal = self._context.principal

        async def fetch(s: AsyncSession, keys: Sequence[Any]) -> dict[Any, Any]:
            return dict(await declared.batch(s, principal, keys))

        return self.values(f"computed:{declared.name}", fetch)

    def parent(self, type_name: str, key: str = "id") -> DataLoader[Any, Any]:
        """Rows of `type_name` by id (or by another unique column `key`), as a `Parent` reads
        them (None where there is none, or where the request's reader may not see it)."""
        model = MODELS[type_name]
        if key != "id":
            role = self._context.principal.role
            return self.values(
                f"parent:{type_name}:{key}",
                lambda s, keys: _all_keys(keys, reads.rows_by(s, type_name, key, keys, role)),
            )
        if model.reader is None:
            return self.rows(model.model)
        role = self._context.principal.role
        return self.values(
            f"parent:{type_name}",
            lambda s, keys: _all_keys(keys, reads.rows_by_id(s, type_name, keys, role)),
        )

    def _named_loader(
        self, name: str, build: Callable[[], DataLoader[Any, Any]]
    ) -> DataLoader[Any, Any]:
        loader = self._named.get(name)
        if loader is None:
            loader = self._named[name] = build()
        return loader


def _bind(
    fetch: Fetch, keys: list[Hashable], extra: Extra
) -> Callable[[AsyncSession], Awaitable[dict[Hashable, Any]]]:
    def bound(session: AsyncSession) -> Awaitable[dict[Hashable, Any]]:
        return fetch(session, keys, extra)

    return bound


async def _all_keys(keys: Sequence[Any], found: Awaitable[dict[Any, Any]]) -> dict[Any, Any]:
    rows = await found
    return {k: rows.get(k) for k in keys}


def frozen(arguments: dict[str, Any]) -> Extra:
    """Arguments as a loader key: hashable (lists become tuples), in a stable order."""
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in arguments.items()))
