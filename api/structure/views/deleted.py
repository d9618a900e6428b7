"""``deleted/``: the records deleted (or erased) in the structure, for a mirror to drop them."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.exceptions import APIException

from api.structure.views.base import StructureViewSet
from api.sync import parse_instant
from training.models import Tombstone
from training.tombstones import RESOURCES


class TombstoneOutput(serializers.ModelSerializer):
    resource = serializers.ChoiceField(
        source="model",
        choices=sorted(RESOURCES.values()),
        help_text="The endpoint's name, e.g. activity for activities/.",
    )
    id = serializers.IntegerField(source="object_id", help_text="The id the record had.")

    class Meta:
        model = Tombstone
        fields = ["resource", "id", "deleted_at"]
        read_only_fields = fields


class TooOld(APIException):
    status_code = 410
    default_code = "gone"


@extend_schema(
    parameters=[
        OpenApiParameter(
            "since",
            datetime.datetime,
            description="Deleted at or after this instant (ISO 8601). Tombstones are kept 90 days: "
            "an older value answers 410, and the mirror must be rebuilt.",
            examples=[OpenApiExample("Since a run", value="2024-03-14T09:30:00Z")],
        ),
        OpenApiParameter("resource", str, enum=sorted(RESOURCES.values()), description="Only this kind of record."),
    ],
    examples=[
        OpenApiExample(
            "An activity deleted",
            value={
                "next": None,
                "previous": None,
                "results": [{"resource": "activity", "id": 42, "deleted_at": "2024-03-15T10:02:11Z"}],
            },  # fmt: skip
            response_only=True,
        )
    ],
)
class DeletedViewSet(mixins.ListModelMixin, StructureViewSet):
    """What was deleted, or erased, since an instant: drop these records from a mirror."""

    output_serializer_class = TombstoneOutput
    queryset = Tombstone.objects.all()
    updated_at_field = "deleted_at"
    ordering_fields = ["deleted_at", "id"]
    ordering = ["deleted_at", "id"]
    filter_backends = []

    def get_queryset(self):
        kept_since = timezone.now() - datetime.timedelta(days=Tombstone.KEEP_DAYS)
        queryset = Tombstone.objects.filter(deleted_at__gte=kept_since)
        if raw := self.request.query_params.get("since"):
            since = parse_instant(raw, "since")
            if since < kept_since:
                raise TooOld(
                    _("Deletions are kept %(days)s days: mirror the whole structure again.")
                    % {"days": Tombstone.KEEP_DAYS}
                )
            queryset = queryset.filter(deleted_at__gte=since)
        if resource := self.request.query_params.get("resource"):
            queryset = queryset.filter(model=resource)
        return queryset.order_by("deleted_at", "id")
