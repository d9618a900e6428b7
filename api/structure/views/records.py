"""Read-only records: an activity's history, a referent's network trainings, the audit log."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from rest_framework import mixins

from api.structure import serializers
from api.structure.permissions import IsStructureManager, IsStructureMember
from api.structure.views.base import StructureViewSet
from network.models import TrainingModule
from tenants.audit import audit_events
from tenants.models import AuditEvent, User
from training.models import (
    Activity,
    ActivityChange,
    Referent,
    ReferentTraining,
)


class ActivityHistoryViewSet(mixins.ListModelMixin, StructureViewSet):
    """Who changed a session, when, and what; kept after the session is deleted."""

    output_serializer_class = serializers.ActivityChangeOutput
    ordering_fields = ["at", "id"]
    ordering = ["-at", "-id"]
    updated_at_field = "at"  # changes are never edited

    def get_queryset(self):
        changes = ActivityChange.objects.all()
        if getattr(self, "swagger_fake_view", False):
            return changes.none()
        return changes.filter(activity_id=int(self.kwargs["activity_pk"]))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "user_names": getattr(self, "_user_names", {})}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if not page and not Activity.objects.filter(pk=self.kwargs["activity_pk"]).exists():
            raise Http404
        users = User.objects.filter(pk__in={c.user_id for c in page or () if c.user_id})
        self._user_names = {u.pk: u.get_full_name() or u.email for u in users}
        return page


class ReferentTrainingViewSet(mixins.ListModelMixin, StructureViewSet):
    """A referent's network trainings: registered, attended or absent, module by module."""

    output_serializer_class = serializers.ReferentTrainingOutput
    filterset_fields = ["status"]
    ordering_fields = ["updated_at", "id"]
    ordering = ["updated_at", "id"]

    def get_queryset(self):
        trainings = ReferentTraining.objects.all()
        if getattr(self, "swagger_fake_view", False):
            return trainings.none()
        referent = get_object_or_404(Referent, pk=self.kwargs["referent_pk"])
        return trainings.filter(referent=referent)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "modules": getattr(self, "_modules", {})}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        modules = TrainingModule.objects.filter(pk__in={t.module_id for t in page or ()})
        self._modules = {m.pk: m.title for m in modules}
        return page


class AuditEventViewSet(mixins.ListModelMixin, StructureViewSet):
    """The structure's audit log (managers): changes to people, enrolments, assessments, the team and
    roles, and every export and import; newest first, filter with ``?action=``."""

    output_serializer_class = serializers.AuditEventOutput
    permission_classes = [IsStructureMember, IsStructureManager]
    filterset_fields = ["action"]
    ordering_fields = ["at", "id"]
    ordering = ["-at", "-id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditEvent.objects.none()
        return audit_events(self.request.tenant)
