"""DataLoaders, built per request: rows by primary key, and pages of children per parent.

Each batch function is one SQL statement whatever the number of parents, so the statements a
request issues grow with the depth of its query, not with the size of its result.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from gp_api.db import Base
from gp_api.pagination import Page

if TYPE_CHECKING:
    from gp_api.graphql.context import Context

M = TypeVar("M", bound=Base)
Extra = Hashable
PageFetch = Callable[[AsyncSession, Sequence[Hashable], Any], Awaitable[dict[Hashable, Page[Any]]]]
CountFetch = Callable[[AsyncSession, Sequence[Hashable], Any], Awaitable[dict[Hashable, int]]]
ListFetch = Callable[[AsyncSession, Sequence[Any]], Awaitable[dict[Any, Any]]]


class Loaders:
    def __init__(self, context: Context) -> None:
        self._context = context
        self._rows: dict[type[Base], DataLoader[int, Any]] = {}
        self._named: dict[str, DataLoader[Any, Any]] = {}

    def rows(self, model: type[M]) -> DataLoader[int, M | None]:
        """`model` rows by primary key (None where there is none)."""
        loader = self._rows.get(model)
        if loader is None:

            async def load(ids: list[int]) -> list[M | None]:
                async def fetch(session: AsyncSession) -> dict[int, M]:
                    pk: Any = model.id  # type: ignore[attr-defined]
                    stmt = select(model).where(pk.in_(ids))
                    return {cast(Any, row).id: row for row in await session.scalars(stmt)}

                by_id = await self._context.run(fetch)
                return [by_id.get(i) for i in ids]

            loader = self._rows[model] = DataLoader(load_fn=load)
        return loader

    def pages(self, name: str, fetch: PageFetch) -> DataLoader[tuple[Hashable, Extra], Page[Any]]:
        """Pages keyed by (parent key, extra), where extra holds the arguments (hashable).
        One statement per distinct `extra` in a batch."""
        loader: DataLoader[tuple[Hashable, Extra], Page[Any]] = self._grouped(
            f"pages:{name}", fetch
        )
        return loader

    def counts(self, name: str, fetch: CountFetch) -> DataLoader[tuple[Hashable, Extra], int]:
        loader: DataLoader[tuple[Hashable, Extra], int] = self._grouped(f"counts:{name}", fetch)
        return loader

    def lists(self, name: str, fetch: ListFetch) -> DataLoader[Any, list[Any]]:
        """Whole small lists of children by parent key."""
        loader = self._named.get(name)
        if loader is None:

            async def load(keys: list[Any]) -> list[list[Any]]:
                found = await self._context.run(lambda session: fetch(session, keys))
                return [found.get(k, []) for k in keys]

            loader = self._named[name] = DataLoader(load_fn=load)
        return loader

    def values(self, name: str, fetch: ListFetch) -> DataLoader[Any, Any]:
        """One value per key, computed for a batch of keys at once."""
        loader = self._named.get(f"values:{name}")
        if loader is None:

            async def load(keys: list[Any]) -> list[Any]:
                found = await self._context.run(lambda session: fetch(session, keys))
                return [found[k] for k in keys]

            loader = self._named[f"values:{name}"] = DataLoader(load_fn=load)
        return loader

    def _grouped(self, name: str, fetch: Callable[..., Awaitable[dict[Hashable, Any]]]) -> Any:
        loader = self._named.get(name)
        if loader is None:

            async def load(keys: list[tuple[Hashable, Extra]]) -> list[Any]:
                parents_by_extra: dict[Extra, list[Hashable]] = defaultdict(list)
                for parent, extra in keys:
                    parents_by_extra[extra].append(parent)
                results: dict[tuple[Hashable, Extra], Any] = {}
                for extra, parents in parents_by_extra.items():
                    unique = list(dict.fromkeys(parents))
                    found = await self._context.run(_bind(fetch, unique, extra))
                    for parent in parents:
                        results[(parent, extra)] = found[parent]
                return [results[k] for k in keys]

            loader = self._named[name] = DataLoader(load_fn=load)
        return loader


def _bind(
    fetch: Callable[..., Awaitable[dict[Hashable, Any]]], keys: list[Hashable], extra: Extra
) -> Callable[[AsyncSession], Awaitable[dict[Hashable, Any]]]:
    def bound(session: AsyncSession) -> Awaitable[dict[Hashable, Any]]:
        return fetch(session, keys, extra)

    return bound
