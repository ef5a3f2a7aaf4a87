"""Where a webhook may point: public addresses only, unless the subscription allows private ones.

A host name is resolved at every send and each address it resolves to is checked; the request
then goes to the checked address itself (Host header and TLS SNI keep the name), so a DNS answer
that changes between the check and the connection (DNS rebinding) cannot reach an internal
service.  URLs shown in logs, metrics, errors and dead letters go through `redact_url`.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeEndpointError(Exception):
    """The webhook host resolves to an address the subscription may not reach: a policy refusal."""


class EndpointUnresolvedError(Exception):
    """The webhook host does not resolve (now): a failed attempt, to be retried."""


def refusal_reason(address: IPAddress) -> str | None:
    """Why `address` is not a public unicast address ('loopback', 'private', ...), or None when it is."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("non-global", not address.is_global),
    )
    for reason, applies in checks:
        if applies:
            return reason
    return None


@dataclass(frozen=True)
class ResolvedEndpoint:
    """A webhook host and the address a request to it must use."""

    host: str
    address: str
    pinned: bool  # True: connect to `address`, keep `host` in the Host header and TLS SNI


async def resolve_endpoint(url: str, allow_private: bool) -> ResolvedEndpoint:
    """Resolve the URL's host and check every address; raise UnsafeEndpointError when one is refused."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if allow_private:
        return ResolvedEndpoint(host=host, address=host, pinned=False)
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        reason = refusal_reason(literal)
        if reason:
            raise UnsafeEndpointError(f"{host} is a {reason} address")
        return ResolvedEndpoint(host=host, address=host, pinned=False)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise EndpointUnresolvedError(f"{host} does not resolve ({error.strerror or error})") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise EndpointUnresolvedError(f"{host} does not resolve")
    for address in addresses:
        reason = refusal_reason(address)
        if reason:
            # One bad answer refuses the host: a resolver may rotate to it on the next lookup.
            raise UnsafeEndpointError(f"{host} resolves to a {reason} address ({address})")
    return ResolvedEndpoint(host=host, address=str(addresses[0]), pinned=True)


def redact_url(url: str) -> str:
    """The URL without credentials, query or fragment, and with all but the first path segment masked.

    Webhook URLs often carry their secret in the path (Slack's /services/T/B/token) or the
    query, so only scheme, host, port and the first path segment are shown.
    """
    parts = urlsplit(url)
    host = parts.hostname or "?"
    if ":" in host:
        host = f"[{host}]"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    segments = [segment for segment in parts.path.split("/") if segment]
    path = "/" + segments[0] if segments else ""
    if len(segments) > 1:
        path += "/***"
    return f"{parts.scheme}://{host}{port}{path}"
