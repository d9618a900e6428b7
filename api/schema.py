"""OpenAPI schema hooks."""


def only_api_endpoints(endpoints, **kwargs):
    """Keep this API's endpoints: the network URLconf also holds Wagtail's internal admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


from django.utils.translation import gettext_lazy as _  # noqa: E402
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema  # noqa: E402
from drf_spectacular.utils import OpenApiResponse  # noqa: E402
from rest_framework import serializers  # noqa: E402


class ErrorItem(serializers.Serializer):
    field = serializers.CharField(allow_null=True, help_text=_("The input at fault (dotted if nested), or null."))
    message = serializers.CharField()


class Error(serializers.Serializer):
    """Every error of the API: ``{"detail": "...", "errors": [{"field": ..., "message": ...}]}``."""

    detail = serializers.CharField()
    errors = ErrorItem(many=True)


ERROR_RESPONSES = {
    "400": _("Invalid input or malformed request."),
    "401": _("Missing or invalid token."),
    "403": _("Not allowed (role, structure, second factor)."),
    "404": _("Not found."),
    "405": _("Method not allowed."),
    "406": _("Not acceptable."),
    "413": _("Request body too large."),
    "415": _("Unsupported media type."),
    "429": _("Too many requests (see Retry-After)."),
    "503": _("Service briefly unavailable (see Retry-After)."),
}


class AutoSchema(BaseAutoSchema):
    """Every operation documents the error envelope for the errors any request may get."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, description in ERROR_RESPONSES.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(response=Error, description=description), code
                )
        return responses


from drf_spectacular.extensions import OpenApiSerializerFieldExtension  # noqa: E402

# What the API sends and accepts for a time of day: "14:30" or "14:30:00" (no time zone), which
# OpenAPI's "format: time" (RFC 3339 full-time, with an offset) does not describe.
TIME_OF_DAY = {
    "type": "string",
    "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
    "example": "14:30",
}


class TimeOfDayField(OpenApiSerializerFieldExtension):
    target_class = "rest_framework.fields.TimeField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        return dict(TIME_OF_DAY)
