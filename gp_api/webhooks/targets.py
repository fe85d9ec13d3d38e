"""Where webhooks may go: public addresses only, unless the operator allows private ones.

An ADMIN chooses the URL, but the worker makes the request from inside the network: an
endpoint at 127.0.0.1:5432 or 169.254.169.254 would turn the worker into a probe of the
internal network. So a URL is checked when it is registered (a literal address, `localhost`,
a name that resolves only to such addresses) and again at every connection, on the very
address connected to (`PinnedTransport`): a name re-pointed after registration (DNS
rebinding) gains nothing. With GP_WEBHOOK_ALLOW_PRIVATE=true (local development, tests) every
address is allowed.
"""

from __future__ import annotations

import asyncio
import socket
from ipaddress import IPv4Address, IPv6Address, IPv6Network, ip_address

import httpx

from gp_api.errors import DomainError, ErrorCode

IPAddress = IPv4Address | IPv6Address
REFUSED = "refused: target address is not public"
RESOLVE_TIMEOUT = 3.0
# NAT64 (RFC 6052) carries an IPv4 address in its last 32 bits; the gateway connects to it.
NAT64 = IPv6Network("64:ff9b::/96")
DEFAULT_PORTS = {"http": 80, "https": 443}


class TargetRefused(httpx.TransportError):
    """The target's addresses are not public, and private ones are not allowed."""


def is_public(address: IPAddress) -> bool:
    """Globally reachable unicast: not loopback, private, link-local (cloud metadata),
    shared, multicast, unspecified or reserved, including when wrapped in IPv6."""
    if isinstance(address, IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in NAT64:
            embedded = IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public(embedded)
    # ipaddress calls some reserved IPv6 ranges global: ::/8 (the deprecated IPv4-compatible
    # ::127.0.0.1, which some stacks still route) and others outside 2000::/3.
    return address.is_global and not address.is_multicast and not address.is_reserved


def _literal(host: str) -> IPAddress | None:
    try:
        return ip_address(host.removesuffix("."))  # "127.0.0.1." is 127.0.0.1 to some resolvers
    except ValueError:
        return None


def _is_localhost(host: str) -> bool:
    name = host.rstrip(".").lower()
    return name == "localhost" or name.endswith(".localhost")  # RFC 6761


async def resolve(host: str, port: int) -> list[IPAddress]:
    """The host's addresses, in the resolver's order (OSError or TimeoutError if none)."""
    literal = _literal(host)
    if literal is not None:
        return [literal]
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(
            loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), RESOLVE_TIMEOUT
        )
    except UnicodeError as error:  # a name IDNA cannot encode (a stored URL older than the check)
        raise OSError(f"{host} is not a host name") from error
    found: list[IPAddress] = []
    for *_, sockaddr in infos:
        address = ip_address(str(sockaddr[0]))
        if address not in found:
            found.append(address)
    if not found:
        raise OSError(f"{host} has no address")
    return found


async def check_url(url: str, field: str) -> None:
    """Raise DomainError (naming `field`) when the URL's host is, or resolves only to,
    addresses that are not public. A name that does not resolve now passes: the worker
    checks again before every connection."""
    try:  # parsed as the worker will parse it, so both look at the same host
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        raise DomainError(ErrorCode.INVALID, f"{field} must be an http(s) URL", [field]) from None
    host = parsed.host
    port = parsed.port or DEFAULT_PORTS.get(parsed.scheme, 80)
    refused = DomainError(
        ErrorCode.INVALID,
        f"{field} must point to a public address: loopback, private, link-local, multicast "
        "and reserved addresses are refused (GP_WEBHOOK_ALLOW_PRIVATE allows them)",
        [field],
    )
    if _is_localhost(host):
        raise refused
    try:
        addresses = await resolve(host, port)
    except (OSError, TimeoutError):
        return
    if not any(is_public(a) for a in addresses):
        raise refused


class PinnedTransport(httpx.AsyncBaseTransport):
    """Resolves the host itself, keeps only the addresses allowed, and connects to one of
    those (the Host header and TLS still name the host): nothing else is ever dialled.
    Raises TargetRefused when no address is allowed.

    Connections are pooled per host name: pooled by address alone, a TLS connection verified
    for one host could carry another host's requests."""

    def __init__(self, *, allow_private: bool) -> None:
        self.allow_private = allow_private
        self.pools: dict[str, httpx.AsyncHTTPTransport] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        port = request.url.port or DEFAULT_PORTS.get(request.url.scheme, 80)
        try:
            addresses = await resolve(host, port)
        except (OSError, TimeoutError) as failure:
            raise httpx.ConnectError(f"cannot resolve {host}", request=request) from failure
        if not self.allow_private:
            addresses = [] if _is_localhost(host) else [a for a in addresses if is_public(a)]
            if not addresses:
                raise TargetRefused(REFUSED, request=request)
        extensions = dict(request.extensions)
        if request.url.scheme == "https" and _literal(host) is None:
            extensions["sni_hostname"] = host
        for address in addresses[:-1]:
            try:
                return await self._send(request, address, extensions)
            except httpx.ConnectError:
                continue
        return await self._send(request, addresses[-1], extensions)

    async def _send(
        self, request: httpx.Request, address: IPAddress, extensions: dict[str, object]
    ) -> httpx.Response:
        pinned = httpx.Request(
            request.method,
            request.url.copy_with(host=str(address)),
            headers=request.headers,
            stream=request.stream,
            extensions=extensions,
        )
        pool = self.pools.get(request.url.host)
        if pool is None:
            pool = self.pools[request.url.host] = httpx.AsyncHTTPTransport(trust_env=False)
        return await pool.handle_async_request(pinned)

    async def aclose(self) -> None:
        for pool in self.pools.values():
            await pool.aclose()
        self.pools.clear()
