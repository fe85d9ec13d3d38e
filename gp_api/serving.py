"""How uvicorn speaks HTTP for GP API: its httptools protocol, with the writes of one turn of
the event loop gathered into one.

uvicorn writes a response's status line and headers when the application sends
`http.response.start`, and the body when it sends `http.response.body`: two `send` system
calls and two TCP segments for every answer, where a small answer (`{ __typename }`, a cached
read) needs one. `CorkedTransport` holds what is written during one turn of the loop and hands
it to the socket at the end of that turn, as one write: the same bytes, in the same order, at
most one loop turn later. A large write (a big answer's body) is not copied to be joined: what
is held goes first, then it, unchanged.

Used by `gp-api serve` and by the test suite's servers (tests/ws_client.py), so the protocol
the tests exercise is the one that serves. WebSocket connections upgraded from it keep the
corked transport: the frames sent to one subscriber in one turn also leave in one write.
"""

from __future__ import annotations

import asyncio
from typing import Any, cast

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

# A write at least this long is written as it is (after what is held), not joined.
JOIN_LIMIT = 16 * 1024


class CorkedTransport:
    """An asyncio transport whose writes within one loop turn leave as one write. Everything
    but `write` (and the calls that must see held bytes first) goes to the real transport."""

    __slots__ = ("_held", "_loop", "_transport")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._held: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if len(data) >= JOIN_LIMIT:
            self.flush()
            self._transport.write(data)
            return
        if not self._held:
            self._loop.call_soon(self.flush)
        self._held.append(bytes(data))

    def writelines(self, chunks: Any) -> None:
        for chunk in chunks:
            self.write(chunk)

    def flush(self) -> None:
        """Hand what is held to the socket now (one write)."""
        held = self._held
        if not held:
            return
        self._held = []
        if self._transport.is_closing():
            return  # closed under us (aborted, or the peer went away): as the transport would
        self._transport.write(held[0] if len(held) == 1 else b"".join(held))

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def abort(self) -> None:
        self._held = []
        self._transport.abort()

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + sum(map(len, self._held))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class CorkedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol on a `CorkedTransport`."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports (uvicorn's loop when installed) are not asyncio.Transport
        # subclasses, but have its methods.
        corked = CorkedTransport(cast(asyncio.Transport, transport), self.loop)
        super().connection_made(cast(asyncio.Transport, corked))


# For uvicorn's `http` setting (an import string: worker processes import it themselves).
HTTP_PROTOCOL = f"{__name__}:{CorkedHttpTools.__name__}"
