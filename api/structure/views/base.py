"""The base of the structure's endpoints: the viewset they share, the schema helper, field maps."""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets

from api.common import InputOutputMixin, Pagination
from api.structure.permissions import IsStructureMember

SESSION_FIELD_MAP = {"beneficiaries": "attendees"}
ACTIVITY_FIELD_MAP = {
    "anonymous_gender": "anonymous_breakdown.gender",
    "anonymous_age_band": "anonymous_breakdown.age_band",
    "anonymous_status": "anonymous_breakdown.status",
}


class StructureViewSet(InputOutputMixin, viewsets.GenericViewSet):
    permission_classes = [IsStructureMember]
    pagination_class = Pagination
    lookup_value_regex = "[0-9]+"


def io_schema(input_serializer, output_serializer, **extra):
    return extend_schema(request=input_serializer, responses=output_serializer, **extra)
