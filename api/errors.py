"""Consistent error bodies: ``{"detail": "...", "errors": [{"field": ..., "message": ...}]}``.

Messages follow the request's language (French by default); ``field`` names the input
at fault (dotted for nested inputs, ``null`` when the error is about the whole request).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD_KEYS = {"non_field_errors", "__all__"}


def _flatten(detail, field=None):
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = None if key in NON_FIELD_KEYS else str(key)
            yield from _flatten(value, f"{field}.{name}" if field and name else (name or field))
    elif isinstance(detail, list):
        for item in detail:
            yield from _flatten(item, field)
    else:
        yield {"field": field, "message": str(detail)}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, DjangoPermissionDenied) and exc.args:
        # A service's policy refused: keep its message (DRF would replace it by a generic one).
        exc = exceptions.PermissionDenied(exc.args[0])
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    errors = list(_flatten(response.data))
    if isinstance(exc, exceptions.ValidationError):
        detail = errors[0]["message"] if len(errors) == 1 else _("Some of the data sent are invalid.")
    else:
        detail = errors[0]["message"] if errors else str(exc)
    response.data = {"detail": detail, "errors": errors}
    return response
