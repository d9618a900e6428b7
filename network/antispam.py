"""Spam and flood protection of the public forms, without any third-party service.

Three locks: a honeypot field that people never see, a minimum time between showing the
form and sending it (signed, so it cannot be forged), and a per-address rate limit kept in
the cache.
"""

import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from tenants.client import client_ip

SALT = "network.application-form"


def min_fill_seconds() -> int:
    return getattr(settings, "NETWORK_FORM_MIN_SECONDS", 5)


def rate_limit() -> tuple[int, int]:
    """(attempts, seconds) allowed per IP address."""
    return getattr(settings, "NETWORK_FORM_RATE_LIMIT", (5, 3600))


def form_token(now: float | None = None) -> str:
    return signing.dumps({"t": now if now is not None else time.time()}, salt=SALT)


def filled_too_fast(token: str) -> bool:
    """True when the token is missing, forged, older than a day, or younger than the minimum."""
    try:
        started = float(signing.loads(token or "", salt=SALT, max_age=86400)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return True
    return time.time() - started < min_fill_seconds()


def rate_limited(request, scope: str) -> bool:
    """Count this attempt; True once the address has used up its attempts for the window."""
    attempts, window = rate_limit()
    key = f"ratelimit:network:{scope}:{client_ip(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window)
        count = 1
    return count > attempts
