"""How uvicorn speaks HTTP for GP API: its httptools protocol, with the writes of one turn of
the event loop gathered into one.

uvicorn writes a response's status line and headers when the application sends
`http.response.start`, and the body when it sends `http.response.body`: two `send` system
calls and two TCP segments for every answer, where a small answer (`{ __typename }`, a cached
read) needs one. `CorkedTransport` holds what is written during one turn of the loop and hands
it to the socket at the end of that turn, as one write: the same bytes, in the same order, at
most one loop turn later. The pieces are handed over together (`writelines`: on uvloop, the
loop uvicorn uses when it is installed, one `writev` of them all, no copy; on asyncio's own
loop, joined first).

Used by `gp-api serve` and by the test suite's servers (tests/ws_client.py), so the protocol
the tests exercise is the one that serves. A connection upgraded to WebSocket goes on with the
real transport: a milestone wakes 1,000 subscribers in one turn, and a frame held to the end
of that turn waited for all of them (the fan-out's median latency doubled).
"""

from __future__ import annotations

import asyncio
from typing import Any, cast

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class CorkedTransport:
    """An asyncio transport whose writes within one loop turn leave as one write. Everything
    but `write` (and the calls that must see held bytes first) goes to the real transport."""

    __slots__ = ("_held", "_loop", "_transport")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._held: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not self._held:
            self._loop.call_soon(self.flush)
        # Bytes are kept as they are; a mutable buffer is copied (its owner may reuse it).
        self._held.append(data if type(data) is bytes else bytes(data))

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
        if len(held) == 1:
            self._transport.write(held[0])
        else:
            self._transport.writelines(held)

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

    @property
    def transport(self) -> asyncio.Transport:
        """The real transport."""
        return self._transport

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class CorkedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol on a `CorkedTransport`."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports (uvicorn's loop when installed) are not asyncio.Transport
        # subclasses, but have its methods.
        corked = CorkedTransport(cast(asyncio.Transport, transport), self.loop)
        super().connection_made(cast(asyncio.Transport, corked))

    def handle_websocket_upgrade(self) -> None:
        corked = self.transport
        if isinstance(corked, CorkedTransport):
            corked.flush()  # nothing is held at an upgrade; should anything be, it goes first
            self.transport = corked.transport
        super().handle_websocket_upgrade()


# For uvicorn's `http` setting (an import string: worker processes import it themselves).
HTTP_PROTOCOL = f"{__name__}:{CorkedHttpTools.__name__}"
