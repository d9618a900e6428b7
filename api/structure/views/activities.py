"""``activities/``: activities and their kits."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_view
from rest_framework import mixins, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api.common import call_service
from api.structure import filters, serializers
from api.structure.permissions import CanChangeActivity, IsStructureMember
from api.structure.views.base import ACTIVITY_FIELD_MAP, StructureViewSet, io_schema
from figures.enums import ActivityKind
from training.models import (
    Activity,
    Participation,
    Referent,
)
from training.services.activities import activity_create, activity_delete, activity_update


@extend_schema_view(
    create=io_schema(serializers.ActivityInput, {201: serializers.ActivityOutput}),
    partial_update=io_schema(serializers.ActivityInput, serializers.ActivityOutput),
)
class ActivityViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    mixins.DestroyModelMixin, StructureViewSet,
):  # fmt: skip
    """Sessions logged: workshops, drop-ins, awareness meetings and (read-only here) course sessions.

    Any member logs a session; it is changed or deleted by its own referents and the managers.
    Course sessions are recorded with their attendance under ``courses/{id}/sessions/``.
    """

    permission_classes = [IsStructureMember, CanChangeActivity]
    queryset = Activity.objects.prefetch_related(
        Prefetch("referents", queryset=Referent.objects.only("pk")),
        Prefetch("participations", queryset=Participation.objects.only("activity_id", "beneficiary_id")),
    )
    input_serializer_class = serializers.ActivityInput
    output_serializer_class = serializers.ActivityOutput
    filterset_class = filters.ActivityFilter
    ordering_fields = ["date", "created_at", "updated_at", "duration_minutes", "id"]
    ordering = ["-date", "-start_time", "-id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def create(self, request, *args, **kwargs):
        data = self.valid_input()
        activity = call_service(
            activity_create, ACTIVITY_FIELD_MAP, structure=request.tenant, user=request.user, **data
        )
        # The service returns the activity with the relations it wrote: shown as is, not read again.
        return self.output(activity, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        activity = self.get_object()
        if activity.kind == ActivityKind.COURSE_SESSION:
            raise ValidationError({"kind": _("Change a course session through its course.")})
        data = self.valid_input(partial=True)
        activity = call_service(
            activity_update,
            ACTIVITY_FIELD_MAP,
            structure=request.tenant,
            user=request.user,
            activity=activity,
            **data,
        )
        return self.output(activity)

    def destroy(self, request, *args, **kwargs):
        activity_delete(structure=request.tenant, user=request.user, activity=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
