"""Hardened response headers: a strict Content-Security-Policy and the usual companions.

The platform serves no third-party asset, so every fetch is same-origin. Our own pages carry
no inline script; the bars of the charts are inline style attributes (``style-src-attr``).
Wagtail's admin, Django's admin and the API's documentation pages ship inline scripts and
styles of their own: those paths alone get ``'unsafe-inline'``.
"""

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}
LENIENT_PREFIXES = ("/cms-admin/", "/django-admin/", "/api/v1/docs/", "/api/v1/redoc/")
LENIENT = {
    **STRICT,
    "script-src": "'self' 'unsafe-inline'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "worker-src": "'self' blob:",
}


def _header(directives: dict) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())


STRICT_HEADER = _header(STRICT)
LENIENT_HEADER = _header(LENIENT)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = LENIENT_HEADER if request.path.startswith(LENIENT_PREFIXES) else STRICT_HEADER
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
