from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    """Per personal token; the response carries Retry-After when exceeded."""

    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is None or not hasattr(request.auth, "pk"):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class IPRateThrottle(SimpleRateThrottle):
    scope = "ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
