from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from tenants.client import client_ip


class _SettingsRateThrottle(SimpleRateThrottle):
    """Reads its rate from the current settings (DRF binds them once, at import).

    Counters live in the shared cache under ``throttle_...`` keys, which no schema prefixes
    (config/cache.py): a client's budget is the same on every host and every worker.
    """

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_ip(request)


class TokenRateThrottle(_SettingsRateThrottle):
    """Per personal token; the response carries Retry-After when exceeded."""

    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is None or not hasattr(request.auth, "pk"):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class IPRateThrottle(_SettingsRateThrottle):
    """Per client address, whatever the authentication."""

    scope = "ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
