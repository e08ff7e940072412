"""Request facts the security features rely on, read the same way behind any number of proxies."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: behind GIAOBAN_PROXY_COUNT trusted proxies, the entry they appended to
    X-Forwarded-For (the ones left of it are the client's to forge); else REMOTE_ADDR.

    django-axes locks a username from this address (AXES_CLIENT_IP_CALLABLE).
    """
    count = settings.GIAOBAN_PROXY_COUNT
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
