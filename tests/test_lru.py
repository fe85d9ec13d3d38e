"""gp_api.fastpath.LRU, the one bounded cache class."""

from __future__ import annotations

import pytest

from gp_api.fastpath import LRU


def test_keeps_the_most_recently_used_entries() -> None:
    cache: LRU[str, int] = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recently used
    cache.put("c", 3)  # forgets "b"

    assert "b" not in cache
    assert cache.get("b") is None
    assert cache.get("a") == 1
    assert cache.get("c") == 3
    assert len(cache) == 2
    assert list(cache) == ["a", "c"]


def test_storing_again_replaces_and_refreshes() -> None:
    cache: LRU[str, int] = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("a", 10)
    cache.put("c", 3)  # "b" was the least recently used

    assert list(cache) == ["a", "c"]
    assert cache.get("a") == 10


def test_get_with_a_default_tells_a_stored_none_from_a_miss() -> None:
    cache: LRU[str, int | None] = LRU(3)
    cache.put("none", None)
    missing = object()

    assert cache.get("none", missing) is None
    assert cache.get("other", missing) is missing


def test_pop_and_clear_forget() -> None:
    cache: LRU[str, int] = LRU(3)
    cache.put("a", 1)
    cache.put("b", 2)

    assert cache.pop("a") == 1
    assert cache.pop("a") is None
    assert list(cache) == ["b"]
    cache.clear()
    assert len(cache) == 0


def test_size_zero_holds_nothing_and_a_negative_size_is_refused() -> None:
    cache: LRU[str, int] = LRU(0)
    cache.put("a", 1)
    assert cache.get("a") is None
    assert len(cache) == 0
    with pytest.raises(ValueError, match="cannot hold"):
        LRU(-1)
