"""OpenAPI schema hooks."""


def only_api_endpoints(endpoints, **kwargs):
    """Keep this API's endpoints: the network URLconf also holds Wagtail's internal admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "Any unique string (a UUID): sending the same POST again with the same key creates nothing more and "
        "answers the first response again, with the header Idempotent-Replayed: true. Kept 24 hours; the same "
        "key for another request answers 422, while the first one still runs 409."
    ),
    "schema": {"type": "string", "maxLength": 255},
    "example": "6f1c1a52-3c55-4a7e-9d1f-2b0f7d1b9c11",
}


def sync_headers(result, generator, request, public):
    """Every POST documents the Idempotency-Key header."""
    for operations in result.get("paths", {}).values():
        post = operations.get("post")
        if post is not None and not any(p.get("name") == "Idempotency-Key" for p in post.get("parameters", [])):
            post.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
    return result
