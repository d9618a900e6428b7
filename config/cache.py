"""Cache keys: tenant-aware, except the rate-limit counters, which every host and worker share.

A login lockout or an API throttle must count per account and per address across the whole
platform: a failure on one structure's host counts on every other host. Everything else
cached stays behind the schema's prefix, so that a structure never reads another's entry.
"""

from django.db import connection

# allauth's rate limits ("allauth:rl:..."), DRF's throttles ("throttle_...") and our own.
SHARED_PREFIXES = ("allauth:rl:", "throttle_", "ratelimit:")


def make_key(key: str, key_prefix: str, version) -> str:
    if str(key).startswith(SHARED_PREFIXES):
        return f"*:{key_prefix}:{version}:{key}"
    return f"{connection.schema_name}:{key_prefix}:{version}:{key}"


def reverse_key(key: str) -> str:
    return key.split(":", 3)[3]
