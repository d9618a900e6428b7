"""Error pages: JSON in the API's envelope under ``/api/``, HTML pages elsewhere.

Both URLconfs (network and structure hosts) point their handlers here. A database that is down
(restart, failover) answers 503 with ``Retry-After`` instead of a 500.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

RETRY_AFTER_SECONDS = 5


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def error_json(status: int, message: str, headers: dict | None = None) -> JsonResponse:
    body = {"detail": message, "errors": [{"field": None, "message": message}]}
    return JsonResponse(body, status=status, headers=headers, json_dumps_params={"ensure_ascii": False})


def database_unavailable(request):
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if is_api(request):
        return error_json(503, _("The service is briefly unavailable; try again in a few seconds."), headers)
    response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def bad_request(request, exception=None):
    if is_api(request):
        return error_json(400, _("The request is malformed."))
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if is_api(request):
        return error_json(403, _("You do not have permission to perform this action."))
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if is_api(request):
        return error_json(404, _("Not found."))
    return defaults.page_not_found(request, exception)


def server_error(request):
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    if is_api(request):
        return error_json(500, _("An unexpected error occurred; the technical team has been told."))
    return defaults.server_error(request)


class DatabaseUnavailableMiddleware:
    """A view's database error gets a 503 even with DEBUG on (handler500 covers the rest, e.g.
    the tenant lookup that runs before any view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            return database_unavailable(request)
        return None


class RequestSizeMiddleware:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE under /api/ gets 413 in the envelope, unread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if is_api(request) and limit is not None and length > limit:
            return error_json(413, _("The request body is too large."))
        return self.get_response(request)
