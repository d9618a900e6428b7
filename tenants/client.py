"""The client's address, read the same way by allauth's rate limits, DRF's throttles and our forms.

``X-Forwarded-For`` is trusted only behind ``TRUSTED_PROXY_COUNT`` proxies that we run: the
address is the one the outermost trusted proxy saw, so a value the client made up is ignored.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    address = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            address = hops[-count]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "unknown"
