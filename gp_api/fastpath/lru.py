"""The one bounded cache of the server: a mapping that forgets its least recently used entries.

Every per-process cache (parsed documents aside, which `functools.lru_cache` keeps) is one of
these: responses, principals, constant answers, events shared between subscribers. Not
thread-safe: each is used from one event loop.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterator
from typing import Generic, TypeVar, overload

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
D = TypeVar("D")


class LRU(Generic[K, V]):
    """At most `size` entries (0: none at all); reading or writing an entry makes it the most
    recently used, and storing one more than `size` forgets the least recently used."""

    __slots__ = ("_entries", "size")

    def __init__(self, size: int) -> None:
        if size < 0:
            raise ValueError(f"an LRU cannot hold {size} entries")
        self.size = size
        self._entries: OrderedDict[K, V] = OrderedDict()

    @overload
    def get(self, key: K) -> V | None: ...
    @overload
    def get(self, key: K, default: D) -> V | D: ...
    def get(self, key: K, default: object = None) -> object:
        try:
            value = self._entries[key]
        except KeyError:
            return default
        self._entries.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        if self.size == 0:
            return
        self._entries[key] = value
        self._entries.move_to_end(key)
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def pop(self, key: K) -> V | None:
        """Forget `key`; its value, or None when it was not there."""
        return self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[K]:
        """Keys, least recently used first (iterating does not touch them)."""
        return iter(list(self._entries))
