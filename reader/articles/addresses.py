"""Only public internet addresses are fetched unless the user allows private ones.

A feed entry, a redirect or a DNS name can point at ``127.0.0.1``, a router on
``192.168.x``, a cloud metadata service on ``169.254.169.254`` or a service on
``[::1]``: fetching those on a feed's say-so would let anyone who writes a
feed read (and store, and show) what only this machine can reach. So every
connection is checked where it is made, after name resolution: the name is
resolved once, every address it resolves to must be public, and the
connection goes to that checked address (so a second, different DNS answer --
"DNS rebinding" -- cannot slip in between the check and the connection). Each
redirect hop opens its own checked connection. ``--allow-private`` (``reader
add``, ``reader feed add``) turns the check off for what the user names.

Written here because neither httpx nor the standard library offers the check:
:class:`PublicOnlyBackend` is an httpcore network backend (the layer that
opens sockets), :func:`public_only_transport` puts it under an httpx client.
With a proxy configured in the environment the proxy resolves names itself;
then only addresses written as IP literals can be checked
(:func:`refuse_literal_private_host`, run on every request and redirect).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from reader.articles.errors import ImportRejected

if TYPE_CHECKING:
    import httpcore
    import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
ALLOW_HINT = "`reader add --allow-private` (or `reader feed add --allow-private`) fetches it anyway"
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


class PrivateAddressRefused(ImportRejected):
    """A connection to a non-public address was refused."""


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address leads to (mapped, 6to4, Teredo client, NAT64,
    deprecated IPv4-compatible)."""
    found: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    if ip in _NAT64 or (ip in _IPV4_COMPATIBLE and int(ip) > 1):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def why_not_public(address: str | IPAddress) -> str | None:
    """What kind of non-public address ``address`` is ("a loopback address", …), or
    None when it is a public unicast address (and so is any IPv4 address inside it)."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return "a link-local address"
        for inner in _embedded_ipv4(ip):
            reason = why_not_public(inner)
            if reason is not None:
                return f"{reason} (inside the IPv6 address)"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "not a public address"
    return None


def _refused(host: str, address: str, reason: str) -> PrivateAddressRefused:
    where = address if host.strip("[]") == address else f"{host} ({address})"
    return PrivateAddressRefused(f"refused: {where} is {reason}, not on the public internet; {ALLOW_HINT}")


def check_addresses(host: str, addresses: Iterable[str]) -> None:
    """Raise :class:`PrivateAddressRefused` if any of ``addresses`` (what ``host``
    resolved to) is not public: a name that also points inward is not trusted."""
    for address in addresses:
        reason = why_not_public(address.split("%", 1)[0])
        if reason is not None:
            raise _refused(host, address, reason)


def refuse_literal_private_host(request: httpx.Request) -> None:
    """httpx request hook (runs for every request and every redirect): an IP literal in
    the URL is checked before anything else, also when a proxy makes the connection."""
    host = request.url.host
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return  # a name: checked where the connection is made
    reason = why_not_public(ip)
    if reason is not None:
        raise _refused(host, str(ip), reason)


def _public_backend_class() -> type:
    import httpcore

    class PublicOnlyBackend(httpcore.NetworkBackend):
        """Resolves, checks every address, then connects to a checked address only."""

        def __init__(self, inner: httpcore.NetworkBackend | None = None) -> None:
            self._inner = inner or httpcore.SyncBackend()

        def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                        local_address: str | None = None,
                        socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
            try:
                infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (socket.gaierror, UnicodeError) as error:
                raise httpcore.ConnectError(f"cannot resolve {host}: {error}") from None
            addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
            check_addresses(host, addresses)
            last: Exception | None = None
            for address in addresses:  # every one checked above; connecting by address: no second lookup
                try:
                    return self._inner.connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                                   socket_options=socket_options)
                except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                    last = error
            if last is not None:
                raise last
            raise httpcore.ConnectError(f"{host} has no address")

        def connect_unix_socket(self, path: str, timeout: float | None = None,
                                socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
            raise httpcore.ConnectError("unix sockets are not fetched")

        def sleep(self, seconds: float) -> None:
            self._inner.sleep(seconds)

    return PublicOnlyBackend


def public_only_transport() -> httpx.HTTPTransport:
    """An httpx transport whose every connection goes to a checked public address.

    httpx builds its httpcore connection pool without a way to pass a network
    backend, so the pool is rebuilt here with httpx's defaults plus the backend
    (``HTTPTransport`` sends every request through ``_pool``)."""
    import httpcore
    import httpx

    ssl_context = httpx.create_ssl_context()
    transport = httpx.HTTPTransport(verify=ssl_context)
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)
    transport._pool = httpcore.ConnectionPool(  # noqa: SLF001 - see the docstring
        ssl_context=ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=_public_backend_class()(),
    )
    return transport
