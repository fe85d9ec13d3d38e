"""Event data in the convention of the catalog, and as each reader may see it.

Rows written before the convention hold snake_case keys and raw database ids. The audit
chain's hashes cover the stored data, so those rows are never rewritten: readers pass every
row through `shaped`, which brings old data to the convention and leaves new data as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from gp_api.events.catalog import CATALOG, Key, camel, visible
from gp_api.global_ids import encode
from gp_api.principal import Role, at_least

# A declared key tuple's keys by name, all of them or those a role sees (None: the role sees
# every key and none has keys of its own: the data passes as it is). Read for every key of every
# event a reader pages through, so made once per tuple (the catalog's tuples live as long as the
# process; an entry is used only for the very tuple it was made from).
_BY_NAME: dict[tuple[int, object], tuple[tuple[Key, ...], dict[str, Key] | None]] = {}
_ALL = object()  # the role of the map of every key


def _keys_by_name(
    keys: tuple[Key, ...], role: Role | object | None = _ALL
) -> dict[str, Key] | None:
    entry = _BY_NAME.get((id(keys), role))
    if entry is None or entry[0] is not keys:
        if role is _ALL:
            found: dict[str, Key] | None = {k.name: k for k in keys}
        else:
            seen = [k for k in keys if at_least(role, k.audience)]  # type: ignore[arg-type]
            whole = len(seen) == len(keys) and not any(k.fields for k in keys)
            found = None if whole else {k.name: k for k in seen}
        entry = (keys, found)
        _BY_NAME[(id(keys), role)] = entry
    return entry[1]


def _by_name(keys: tuple[Key, ...]) -> dict[str, Key]:
    found = _keys_by_name(keys)
    assert found is not None
    return found


class UndeclaredData(ValueError):
    """An event type or data key missing from the catalog (a programming error)."""


def url_without_secrets(value: str) -> str:
    parts = urlsplit(value)
    host = parts.hostname or ""
    if ":" in host:  # IPv6
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:  # not a number: left out with the rest that is not scheme/host/path
        port = None
    if port is not None:
        host = f"{host}:{port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def shaped(
    event_type: str,
    subject_type: str,
    subject_id: int,
    data: Mapping[str, Any],
    *,
    strict: bool = False,
) -> dict[str, Any]:
    """`data` in the convention: camelCase keys, global IDs, URLs without secrets.

    Idempotent, so stored rows of any age can go through it. `strict` (when writing) raises
    UndeclaredData for a type or key the catalog does not declare; otherwise (when reading)
    undeclared keys are dropped and data of an undeclared type is passed on unchanged."""
    declared = CATALOG.get(event_type)
    if declared is None:
        if strict:
            raise UndeclaredData(f"event type {event_type!r} is not in the catalog")
        return dict(data)
    return _shape(declared.keys, data, encode(subject_type, subject_id), strict, event_type)


def _shape(
    keys: tuple[Key, ...], data: Mapping[str, Any], subject: str, strict: bool, where: str
) -> dict[str, Any]:
    by_name = _by_name(keys)
    out: dict[str, Any] = {}
    for raw_name, value in data.items():
        key = by_name.get(camel(raw_name))
        if key is None:
            if strict:
                raise UndeclaredData(f"{where}: key {raw_name!r} is not in the catalog")
            continue
        out[key.name] = _value(key, value, data, subject, strict, where)
    for key in keys:  # the subject's ID, also where an old row stored null
        if key.subject:
            out[key.name] = subject
    return out


def _value(
    key: Key, value: Any, data: Mapping[str, Any], subject: str, strict: bool, where: str
) -> Any:
    if value is None:
        return None
    if key.fields and isinstance(value, Mapping):
        return _shape(key.fields, value, subject, strict, f"{where}.{key.name}")
    if key.url and isinstance(value, str):
        return url_without_secrets(value)
    if key.field_names and isinstance(value, list):
        return [camel(v) if isinstance(v, str) else v for v in value]
    type_name = key.id_of
    if key.id_type_in is not None:
        named = data.get(key.id_type_in, data.get(_snake(key.id_type_in)))
        type_name = named if isinstance(named, str) else None
    if type_name is None:
        return value
    if isinstance(value, list):
        return [_global(type_name, v) for v in value]
    return _global(type_name, value)


def _snake(name: str) -> str:
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def _global(type_name: str, value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return encode(type_name, value)
    return value  # already a global ID


def for_role(role: Role | None, event_type: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Shaped data without the keys `role` may not see (nothing of a type it may not see)."""
    if not visible(role, event_type):
        return {}
    declared = CATALOG.get(event_type)
    if declared is None:
        return dict(data)  # ADMIN only, as it is
    return _redact(role, declared.keys, data)


def _redact(role: Role | None, keys: tuple[Key, ...], data: Mapping[str, Any]) -> dict[str, Any]:
    visible = _keys_by_name(keys, role)
    if visible is None:
        return dict(data)
    out: dict[str, Any] = {}
    for name, value in data.items():
        key = visible.get(name)
        if key is None:
            continue
        if key.fields and isinstance(value, Mapping):
            value = _redact(role, key.fields, value)
        out[name] = value
    return out
