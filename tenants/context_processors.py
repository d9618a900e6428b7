from django.conf import settings

from tenants.access import is_network_host


def platform(request):
    network_host = is_network_host(request)
    port = request.get_port()
    suffix = f":{port}" if port not in ("80", "443") else ""
    return {
        "is_network_host": network_host,
        "structure": None if network_host else request.tenant,
        "membership": getattr(request, "membership", None),
        "network_url": f"{request.scheme}://{settings.BASE_DOMAIN}{suffix}/",
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
