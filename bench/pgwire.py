"""Counts the statements a server sends to PostgreSQL, at the wire.

A TCP proxy between a server under test and PostgreSQL reads the client's side of the
protocol and counts its messages: every simple Query ('Q': BEGIN, COMMIT, ROLLBACK as asyncpg
sends them, or any SQL text) and every extended-protocol Execute ('E'), plus Parse ('P', a
statement prepared) and Sync ('S', the end of a round trip). Nothing in the server is changed,
so what is counted is what reached PostgreSQL, from GP API (SQLAlchemy's connections and any
asyncpg connection of its own) and from PostGraphile alike.

Used only in the counting pass, never while timing: the proxy runs in the benchmark's process.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
import threading
from dataclasses import dataclass, field

# Untyped messages that may come before the startup message; after SSLRequest or GSSENCRequest
# the client sends another untyped message (or TLS, which the bench database never negotiates:
# the proxy refuses encryption itself, see _client_to_server).
SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104


@dataclass
class WireState:
    """Where one client connection's byte stream is: the protocol has an untyped startup
    phase (length, then payload), then typed messages (type byte, length, payload)."""

    startup: bool = True
    buffer: bytearray = field(default_factory=bytearray)
    counts: dict[str, int] = field(default_factory=dict)


def feed(state: WireState, data: bytes) -> list[int]:
    """Account for `data` sent by the client; returns the request codes of untyped startup
    messages seen (SSLRequest and the like) so the caller can answer them."""
    state.buffer += data
    codes: list[int] = []
    while True:
        buf = state.buffer
        if state.startup:
            if len(buf) < 8:
                return codes
            length, code = struct.unpack("!ii", buf[:8])
            if len(buf) < length:
                return codes
            del buf[:length]
            codes.append(code)
            if code not in (SSL_REQUEST, GSSENC_REQUEST):
                state.startup = False
            continue
        if len(buf) < 5:
            return codes
        kind = chr(buf[0])
        (length,) = struct.unpack("!i", buf[1:5])
        if len(buf) < 1 + length:
            return codes
        del buf[: 1 + length]
        state.counts[kind] = state.counts.get(kind, 0) + 1


class WireCounter:
    """A counting proxy on 127.0.0.1:<port> in front of upstream PostgreSQL."""

    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.counts: dict[str, int] = {}
        self.connections = 0
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.AbstractServer | None = None
        self.port = 0

    def start(self) -> int:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._serve(), self._loop)
        self.port = future.result(10)
        return self.port

    async def _serve(self) -> int:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return {**self.counts, "connections": self.connections}

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with self._lock:
            self.connections += 1
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            writer.close()
            return
        state = WireState()

        async def client_to_server() -> None:
            while data := await reader.read(65536):
                before = dict(state.counts)
                codes = feed(state, data)
                with self._lock:
                    for kind, n in state.counts.items():
                        self.counts[kind] = self.counts.get(kind, 0) + n - before.get(kind, 0)
                if codes and codes[-1] in (SSL_REQUEST, GSSENC_REQUEST):
                    # Refuse encryption here, so the rest of the stream stays readable.
                    writer.write(b"N")
                    await writer.drain()
                    continue
                up_writer.write(data)
                await up_writer.drain()
            up_writer.close()

        async def server_to_client() -> None:
            while data := await up_reader.read(65536):
                writer.write(data)
                await writer.drain()
            writer.close()

        with contextlib.suppress(ConnectionError, OSError):
            await asyncio.gather(client_to_server(), server_to_client())
        for w in (writer, up_writer):
            with contextlib.suppress(Exception):
                w.close()


def statements(counts: dict[str, int]) -> int:
    """Statements executed: simple queries plus extended-protocol executes."""
    return counts.get("Q", 0) + counts.get("E", 0)


def difference(after: dict[str, int], before: dict[str, int]) -> dict[str, int]:
    return {k: after.get(k, 0) - before.get(k, 0) for k in set(after) | set(before)}
