"""OpenAPI schema hooks."""


def only_api_endpoints(endpoints, **kwargs):
    """Keep this API's endpoints: the network URLconf also holds Wagtail's internal admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
