"""Structured logs, through `structlog` on top of the standard library's logging.

Every line is one event with fields: JSON (GP_LOG_FORMAT=json, for log shippers) or
`key=value` text (the default, for people). Fields bound with `bind` (the request id,
operation, principal of the request being served) are carried by every line written while
that request runs, uvicorn's and other libraries' lines included, since all of them go through
one formatter.

Writes are logged where they become true: one line per event committed (the event log is
written by every change, in the change's transaction), and a workflow move is one
`workflow.moved` line. A rolled-back transaction logs nothing.
"""

from __future__ import annotations

import logging
import os
import random
import re
from collections.abc import Mapping
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any, cast

import structlog
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session, UOWTransaction

from gp_api.events.models import Event
from gp_api.global_ids import encode

FORMATS = ("text", "json")
REQUEST_ID_HEADER = "x-request-id"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")


def _add_pid(_logger: Any, _method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    event_dict["pid"] = os.getpid()  # which worker of `serve --workers N`
    return event_dict


# The current request's fields (request id, operation, principal): one context variable
# holding one mapping, replaced (never changed in place) by `bind`, so that a copied context
# keeps what was bound when it was copied. (structlog's contextvars keep a variable per field
# and list them by copying the whole context: several times the cost per request.)
_BOUND: ContextVar[Mapping[str, Any]] = ContextVar(
    "gp_api_log_fields", default=MappingProxyType({})
)


def _merge_bound(_logger: Any, _method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """The request's fields on every line logged while it runs (the line's own win)."""
    for key, value in _BOUND.get().items():
        event_dict.setdefault(key, value)
    return event_dict


_SHARED: list[Any] = [
    _merge_bound,
    _add_pid,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]

structlog.configure(
    processors=[
        structlog.stdlib.filter_by_level,
        *_SHARED,
        structlog.processors.StackInfoRenderer(),
        structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    wrapper_class=structlog.stdlib.BoundLogger,
    cache_logger_on_first_use=True,
)

log = structlog.stdlib.get_logger("gp_api.writes")


def render_text(_logger: Any, _method: str, event_dict: dict[str, Any]) -> str:
    """`time [level] event [logger] key=value ...` (keys sorted): the layout of structlog's
    ConsoleRenderer without colours, at a fraction of its cost (its column formatters ran for
    every access line, ~15% of a small request's CPU)."""
    fields = dict(event_dict)
    timestamp = fields.pop("timestamp", None)
    level = fields.pop("level", None)
    event = str(fields.pop("event", ""))
    logger = fields.pop("logger", None) or fields.pop("logger_name", None)
    stack = fields.pop("stack", None)
    exception = fields.pop("exception", None)
    head = [] if timestamp is None else [str(timestamp)]
    if level is not None:
        head.append(f"[{level:<9}]")
    head.append(f"{event:<30}" if fields or logger else event)
    if logger is not None:
        head.append(f"[{logger}]")
    head.extend(f"{k}={v if isinstance(v, str) else repr(v)}" for k, v in sorted(fields.items()))
    line = " ".join(head)
    for tail in (stack, exception):
        if tail:
            line += "\n" + str(tail)
    return line


class _Formatter(structlog.stdlib.ProcessorFormatter):
    """structlog's formatter, which also tells `info` how it renders an event (`renderer`)."""

    def __init__(self, renderer: Any) -> None:
        super().__init__(
            foreign_pre_chain=_SHARED,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
        )
        self.renderer = renderer


def formatter(fmt: str = "text") -> logging.Formatter:
    """The one formatter of every handler (a `logging.config` factory: `"()"`)."""
    return _Formatter(structlog.processors.JSONRenderer() if fmt == "json" else render_text)


def _direct_handlers(logger: logging.Logger) -> list[logging.StreamHandler[Any]] | None:
    """The handlers an INFO line of `logger` reaches, when every one of them is a plain
    StreamHandler with this module's formatter and nothing filters on the way (the server's
    configuration, `config`); else None (another set-up, e.g. pytest's capture)."""
    found: list[logging.StreamHandler[Any]] = []
    current: logging.Logger | None = logger
    while current is not None:
        if current.filters:
            return None
        for handler in current.handlers:
            if handler.level > logging.INFO:
                continue
            if (
                type(handler) is not logging.StreamHandler
                or handler.filters
                or not isinstance(handler.formatter, _Formatter)
            ):
                return None
            found.append(handler)
        if not current.propagate:
            break
        current = current.parent
    return found or None  # none: logging's last resort, whose rules logging knows


def info(
    logger: logging.Logger, slow: Any, event: str, fields: dict[str, Any], bound: Mapping[str, Any]
) -> None:
    """Log `event` with `fields` at INFO: the line `slow.info(event, **fields)` (a structlog
    logger for `logger`) writes, given `bound` (the request's fields, `bound()`), character
    for character. Under the server's logging set-up the line is rendered once and written
    straight to the stream of each handler, skipping logging's records and structlog's
    wrapping, which cost a tiny request about a third of its CPU; otherwise `slow` logs it."""
    if not logger.isEnabledFor(logging.INFO):
        return
    handlers = _direct_handlers(logger)
    if handlers is None:
        slow.info(event, **fields)
        return
    event_dict = {**fields, "event": event}
    for key, value in bound.items():  # as _merge_bound does
        event_dict.setdefault(key, value)
    for processor in _SHARED[1:]:  # _merge_bound: done above
        event_dict = processor(logger, "info", event_dict)
    for handler in handlers:
        line = cast(_Formatter, handler.formatter).renderer(logger, "info", dict(event_dict))
        handler.acquire()
        try:
            handler.stream.write(line + handler.terminator)
            handler.flush()
        except Exception:
            handler.handleError(logging.makeLogRecord({"name": logger.name, "msg": line}))
        finally:
            handler.release()


def config(fmt: str, level: str) -> dict[str, Any]:
    """A `logging.config.dictConfig` for the server: everything, uvicorn's own loggers too,
    to stderr through `formatter(fmt)`. uvicorn applies it in every worker process."""
    level = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"gp": {"()": f"{__name__}.formatter", "fmt": fmt}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "gp",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            **{
                name: {"handlers": [], "propagate": True, "level": level}
                for name in ("uvicorn", "uvicorn.error", "uvicorn.access")
            },
            # Each worker reads the migration head at start: its plugin set-up is no news.
            "alembic": {"level": "WARNING"},
        },
    }


def request_id(incoming: str | None) -> str:
    """The client's X-Request-ID when it is a sane token (so it can be traced across systems),
    else a new one: a header is never copied into logs unchecked."""
    if incoming is not None and _SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return f"{_ids.getrandbits(128):032x}"


# New ids: 128 bits from a generator seeded with 32 random bytes per process (again in a forked
# child, which would otherwise repeat its parent's ids). As unique as uuid4, and they tell
# nothing of the traffic, without a system call per request (reading 16 random bytes was 4%
# of a cached answer's CPU). They are labels for tracing, never secrets.
_ids = random.Random(os.urandom(32))
os.register_at_fork(after_in_child=lambda: _ids.seed(os.urandom(32)))


def bind(**fields: Any) -> None:
    """Add fields to every line logged for the rest of the current request."""
    _BOUND.set({**_BOUND.get(), **fields})


def bound() -> Mapping[str, Any]:
    """The fields bound now (a snapshot: later binds do not change it)."""
    return _BOUND.get()


def restore(before: Mapping[str, Any]) -> None:
    """Drop what was bound since `before` was taken (a request's fields must not outlive it)."""
    _BOUND.set(before)


def principal_fields(principal: Any) -> dict[str, Any]:
    """Who acts, as logged: the principal's id (`token:7`, `anonymous`) and role; never a
    secret."""
    return {"principal": principal.id, "role": principal.role.value if principal.role else None}


# -- one line per committed write ---------------------------------------------------------

_PENDING = "gp_logged_events"


def _collect(session: Session, _flush: UOWTransaction) -> None:
    added = [row for row in session.new if isinstance(row, Event)]
    if added:
        session.info.setdefault(_PENDING, []).extend(added)


def _committed(session: Session) -> None:
    for row in session.info.pop(_PENDING, ()):
        fields: dict[str, Any] = {
            "event_id": row.id,
            "event_type": row.type,
            "subject": encode(row.subject_type, row.subject_id),
            "by": row.principal_id,
        }
        data = row.data if isinstance(row.data, dict) else {}
        if row.type == "workflow.transitioned":
            log.info(
                "workflow.moved",
                workflow=data.get("workflow"),
                from_state=data.get("fromState"),
                to_state=data.get("toState"),
                trigger=data.get("trigger"),
                **fields,
            )
        else:
            log.info("write", **fields)


def _rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)


sa_event.listen(Session, "after_flush", _collect)
sa_event.listen(Session, "after_commit", _committed)
sa_event.listen(Session, "after_rollback", _rolled_back)
