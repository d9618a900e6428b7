"""What an integrator needs to keep another system in step: ``updated_since`` on every list,
a cursor beside page numbers, stable under inserts.

Mirroring a list: ``GET …/?cursor=&updated_since=<last run's highest updated_at>`` then follow
``next`` until it is ``null``; store the highest ``updated_at`` seen for the next run, and read
``deleted/?since=`` for what was deleted meanwhile. The cursor orders by (``updated_at``,
``id``): a row created or changed during the walk lands after the rows already read, so
nothing is skipped and nothing is read twice.
"""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import CursorPagination

UPDATED_SINCE = "updated_since"


def parse_instant(raw: str, name: str) -> datetime.datetime:
    """An ISO 8601 date-time (a date means its midnight); naive ones are in the platform's time zone."""
    text = (raw or "").strip().replace(" ", "+")  # an unescaped "+" of the offset arrives as a space
    try:
        value = parse_datetime(text)
        if value is None and (day := parse_date(text)) is not None:
            value = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        value = None
    if value is None:
        raise ValidationError({name: [_("Give an ISO 8601 date-time, for example 2024-03-14T09:30:00+01:00.")]})
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def updated_field(view, model) -> str | None:
    """The view's "last changed" field, ``updated_at`` or the one it names in ``updated_at_field``, if
    the model has it."""
    name = getattr(view, "updated_at_field", "updated_at")
    return name if name in {f.name for f in model._meta.get_fields()} else None


class UpdatedSinceFilter(BaseFilterBackend):
    """``?updated_since=``: the records created or changed at or after that instant."""

    description = gettext_lazy(
        "Only the records created or changed at or after this instant (ISO 8601, e.g. 2024-03-14T09:30:00Z). "
        "Deleted records are listed by deleted/?since=."
    )

    def filter_queryset(self, request, queryset, view):
        raw = request.query_params.get(UPDATED_SINCE)
        if raw is None or getattr(view, "action", "list") != "list":
            return queryset
        name = updated_field(view, queryset.model)
        if name is None:
            return queryset
        return queryset.filter(**{f"{name}__gte": parse_instant(raw, UPDATED_SINCE)})

    def get_schema_operation_parameters(self, view):
        if getattr(view, "action", "list") != "list":
            return []
        return [
            {
                "name": UPDATED_SINCE,
                "required": False,
                "in": "query",
                "description": str(self.description),
                "schema": {"type": "string", "format": "date-time"},
                "example": "2024-03-14T09:30:00Z",
            }
        ]


class SyncCursorPagination(CursorPagination):
    """Pages by an opaque cursor over (``updated_at``, ``id``), whatever ``ordering`` says."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("updated_at", "id")

    def get_ordering(self, request, queryset, view):
        return (getattr(view, "updated_at_field", "updated_at"), "id")
