"""Consistent error bodies: ``{"detail": "...", "errors": [{"field": ..., "message": ...}]}``.

Messages follow the request's language (French by default); ``field`` names the input
at fault (dotted for nested inputs, ``null`` when the error is about the whole request).
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, parsers, status
from rest_framework.views import exception_handler as drf_exception_handler


class NotFound(exceptions.NotFound):
    default_detail = gettext_lazy("Not found.")


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request body is too large.")
    default_code = "payload_too_large"


class JSONParser(parsers.JSONParser):
    """JSON nested too deeply for Python's parser is a malformed request, not a crash."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise exceptions.ParseError(_("The JSON sent is nested too deeply.")) from error


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
    elif isinstance(exc, Http404):
        # Django's message names the model ("No Beneficiary matches the given query.").
        exc = NotFound()
    elif isinstance(exc, PermissionDenied):
        # A service's policy refused: keep its message (DRF would replace it by a generic one).
        exc = exceptions.PermissionDenied(*exc.args[:1])
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = list(_flatten(response.data))
        detail = errors[0]["message"] if len(errors) == 1 else _("Some of the data sent are invalid.")
    else:
        detail = str(exc.detail) if isinstance(exc.detail, str) else str(exc)
        errors = [{"field": None, "message": detail}]
    response.data = {"detail": detail, "errors": errors}
    return response
