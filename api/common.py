"""Pieces shared by the structure and network endpoints."""

import copy
from collections.abc import Callable
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from api import sync

# Wide enough for any real id, narrow enough for PostgreSQL's bigint.
MAX_ID = 2**63 - 1
MAX_COUNT = 100_000


class Pagination(PageNumberPagination):
    """Page numbers (``?page=``), or with ``?cursor=`` (empty to start) an opaque cursor stable under
    inserts, ordered by (``updated_at``, ``id``): see ``api.sync``."""

    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        if self.cursor_query_param in request.query_params and sync.updated_field(view, queryset.model):
            self._cursor = sync.SyncCursorPagination()
            return self._cursor.paginate_queryset(queryset, request, view)
        self._cursor = None
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self._cursor is not None:
            return self._cursor.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_schema_operation_parameters(self, view):
        cursor = {
            "name": self.cursor_query_param,
            "required": False,
            "in": "query",
            "description": _(
                "Page by cursor instead of number: empty for the first page, then follow “next”. "
                "Ordered by (updated_at, id), stable while records are added."
            ),
            "schema": {"type": "string"},
            "example": "",
        }
        return [*super().get_schema_operation_parameters(view), cursor]

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["results"]
        response["properties"]["count"]["description"] = _("Page numbers only (absent with a cursor).")
        return response


class FieldsBuiltOnce:
    """A ``ModelSerializer`` whose fields are built from the model once for its class, then copied for each
    instance: DRF otherwise inspects the model again for every object it shows (half the time of showing
    a logged session). Only for serializers whose fields do not depend on the context."""

    def get_fields(self):
        cls = type(self)
        if "_built_fields" not in cls.__dict__:
            cls._built_fields = super().get_fields()
        return copy.deepcopy(cls._built_fields)


def id_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def id_list_field(**kwargs) -> serializers.ListField:
    return serializers.ListField(child=id_field(), max_length=500, **kwargs)


@contextmanager
def service_errors(field_map: dict[str, str] | None = None):
    """Turn a service's ValidationError into a 400 with the API's field names."""
    try:
        yield
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            mapping = field_map or {}
            detail = {mapping.get(field, field): messages for field, messages in error.message_dict.items()}
            detail = {("non_field_errors" if k == "__all__" else k): v for k, v in detail.items()}
        else:
            detail = {"non_field_errors": error.messages}
        raise serializers.ValidationError(detail) from error


def call_service(service: Callable, /, field_map: dict[str, str] | None = None, **kwargs):
    with service_errors(field_map):
        return service(**kwargs)


class InputOutputMixin:
    """Explicit shapes: ``input_serializer_class`` validates what comes in, ``output_serializer_class`` shows."""

    input_serializer_class = None
    output_serializer_class = None

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update") and self.input_serializer_class:
            return self.input_serializer_class
        return self.output_serializer_class

    def valid_input(self, serializer_class=None, partial=False) -> dict:
        serializer = (serializer_class or self.input_serializer_class)(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def output(self, instance, status_code=status.HTTP_200_OK, serializer_class=None) -> Response:
        return Response((serializer_class or self.output_serializer_class)(instance).data, status=status_code)
