"""Request facts the security features rely on, read the same way behind any number of proxies."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
    except ValueError as error:
        raise ImproperlyConfigured(f"GIAOBAN_TRUSTED_PROXIES: {error}") from error


def _trusted(address: str | None, networks: tuple[Network, ...]) -> bool:
    if not address or not networks:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, unless that is one of GIAOBAN_TRUSTED_PROXIES (addresses or
    CIDRs); then X-Forwarded-For read from the right, past the trusted proxies, to the first address
    none of them vouches for. Entries further left are the client's own to forge, and a request that
    reaches gunicorn directly is never read from the header at all.

    django-axes locks a username from this address (AXES_CLIENT_IP_CALLABLE).
    """
    remote = request.META.get("REMOTE_ADDR")
    networks = _networks(tuple(settings.GIAOBAN_TRUSTED_PROXIES))
    if not _trusted(remote, networks):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([part for part in forwarded if part]):
        try:
            ipaddress.ip_address(address)
        except ValueError:
            return remote  # garbage appended behind a trusted proxy: do not key a lockout on it
        if not _trusted(address, networks):
            return address
    return remote
