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


# NAT64 prefixes (RFC 6052, RFC 8215): the well-known /96 embeds an IPv4 address in its last 32
# bits; the local-use /48 is translated by a local gateway only, so it is never a public address.
NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")
NAT64_LOCAL_USE = ipaddress.IPv6Network("64:ff9b:1::/48")
# IPv4-compatible addresses (::a.b.c.d, deprecated by RFC 4291); :: and ::1 are checked before.
IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


def embedded_ipv4(address: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    """The IPv4 address an IPv6 address carries, with its form (IPv4-mapped, 6to4, Teredo, NAT64, ...)."""
    if address.ipv4_mapped is not None:
        return "IPv4-mapped", address.ipv4_mapped
    if address.sixtofour is not None:
        return "6to4", address.sixtofour
    if address.teredo is not None:
        return "Teredo", address.teredo[1]  # (server, client): traffic ends at the client
    last_32_bits = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address in NAT64_WELL_KNOWN:
        return "NAT64", last_32_bits
    if address in IPV4_COMPATIBLE:
        return "IPv4-compatible", last_32_bits
    return None


def refusal_reason(address: IPAddress) -> str | None:
    """Why `address` is not a public unicast address ('loopback', 'private', ...), or None when it is.

    An IPv6 address that carries an IPv4 address (IPv4-mapped, 6to4, Teredo, NAT64) is judged
    by the IPv4 address it reaches: `2002:7f00:1::` is loopback.  The local-use NAT64 prefix
    and IPv4-compatible addresses are refused whatever they embed.
    """
    if isinstance(address, ipaddress.IPv6Address):
        if address.is_unspecified:
            return "unspecified"
        if address.is_loopback:
            return "loopback"
        if address in NAT64_LOCAL_USE:
            return "local-use NAT64"
        embedded = embedded_ipv4(address)
        if embedded is not None:
            form, ipv4 = embedded
            reason = _address_reason(ipv4)
            if reason:
                return f"{reason} ({form} of {ipv4})"
            if form == "IPv4-compatible":
                return "deprecated IPv4-compatible"
            return None
    return _address_reason(address)


def _address_reason(address: IPAddress) -> str | None:
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


def normalised_host(host: str) -> str:
    """The host as a resolver sees it: lower case, without the trailing dots of a fully qualified name."""
    return host.lower().rstrip(".")


def host_name_refusal(host: str) -> str | None:
    """Why a host *name* is refused before any lookup: `localhost`, `*.localhost` (RFC 6761) are loopback."""
    name = normalised_host(host)
    if name == "localhost" or name.endswith(".localhost"):
        return "loopback"
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
    name_reason = host_name_refusal(host)
    if name_reason:
        # Refused by name: a resolver may not answer `localhost.` at all, which would look transient.
        raise UnsafeEndpointError(f"{host} is a {name_reason} name")
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
