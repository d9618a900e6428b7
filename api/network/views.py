"""Endpoints of the network host. Public reads (directory, kits) are open to anyone;
the network's data go to coordinators, trainings and kits to trainers too.

Figures come from the anonymous facts only, through the dashboards' own function.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework import viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api import stats
from api.common import MAX_ID, Pagination
from api.network import filters, serializers
from api.network.permissions import IsCoordinator, IsCoordinatorOrTrainer
from cms.models import KitPage
from network.models import CoachingPlan, Milestone, Programme, Target, TrainingRegistration, TrainingSession
from tenants.models import Structure


class NetworkReadViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsCoordinator]
    pagination_class = Pagination
    lookup_value_regex = "[0-9]+"


class StructureViewSet(NetworkReadViewSet):
    """The directory of relay structures: public information only (no member, no person)."""

    permission_classes = [AllowAny]
    serializer_class = serializers.StructureOutput
    filterset_class = filters.StructureFilter
    ordering_fields = ["name", "commune", "postcode", "id"]
    ordering = ["name", "id"]

    def get_queryset(self):
        user = self.request.user
        if user.is_authenticated and user.is_coordinator:
            return Structure.objects.relays()
        return Structure.objects.active()


class KitViewSet(NetworkReadViewSet):
    """Published animation kits."""

    permission_classes = [AllowAny]
    serializer_class = serializers.KitOutput
    filterset_class = filters.KitFilter
    ordering_fields = ["title", "first_published_at", "duration_minutes", "id"]
    ordering = ["title", "id"]

    def get_queryset(self):
        return KitPage.objects.live().public().specific()


class ProgrammeViewSet(NetworkReadViewSet):
    """Programmes with the coaching plan of each structure and its milestones."""

    serializer_class = serializers.ProgrammeOutput
    filterset_fields = ["territory"]
    ordering_fields = ["start", "end", "name", "id"]
    ordering = ["-start", "name", "id"]
    queryset = Programme.objects.prefetch_related(
        Prefetch(
            "plans",
            queryset=CoachingPlan.objects.select_related("structure")
            .order_by("structure__name")
            .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("order", "due_date"))),
        )
    )


class TrainingViewSet(NetworkReadViewSet):
    """Referent trainings: sessions of the two one-day modules, with who registered and attended."""

    permission_classes = [IsCoordinatorOrTrainer]
    serializer_class = serializers.TrainingSessionOutput
    filterset_class = filters.TrainingSessionFilter
    ordering_fields = ["date", "id"]
    ordering = ["-date", "id"]
    queryset = TrainingSession.objects.select_related("module").prefetch_related(
        Prefetch("registrations", queryset=TrainingRegistration.objects.select_related("structure"))
    )


class TargetViewSet(NetworkReadViewSet):
    """Targets of a programme, per structure or for the whole programme (no structure)."""

    serializer_class = serializers.TargetOutput
    filterset_class = filters.TargetFilter
    ordering_fields = ["programme", "structure", "indicator", "id"]
    ordering = ["programme", "indicator", "id"]
    queryset = Target.objects.all()


class NetworkPeriodQuery(stats.PeriodQuery):
    def get_fields(self):
        return {
            **super().get_fields(),
            "programme": drf_serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False),
            "structure": drf_serializers.ListField(
                child=drf_serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, max_length=1000
            ),
        }


def _scope(period: dict) -> list[int] | None:
    """Structures counted: those asked for, within the programme's if one is asked for; else every relay."""
    ids = None
    if period.get("programme"):
        programme = Programme.objects.filter(pk=period["programme"]).first()
        if programme is None:
            raise drf_serializers.ValidationError({"programme": _("This programme does not exist.")})
        ids = set(CoachingPlan.objects.filter(programme=programme).values_list("structure_id", flat=True))
    if period.get("structure"):
        asked = set(Structure.objects.relays().filter(pk__in=period["structure"]).values_list("pk", flat=True))
        if len(asked) != len(set(period["structure"])):
            raise drf_serializers.ValidationError({"structure": _("This structure is not in the network.")})
        ids = asked if ids is None else ids & asked
    return sorted(ids) if ids is not None else None


class StatsView(APIView):
    """The network's figures (the same as its dashboard and the funder report), anonymous."""

    permission_classes = [IsCoordinator]

    @extend_schema(
        parameters=[
            *stats.PERIOD_PARAMETERS,
            OpenApiParameter("programme", OpenApiTypes.INT, description=_("Structures of this programme only.")),
            OpenApiParameter(
                "structure", OpenApiTypes.INT, many=True, explode=True, description=_("These structures only.")
            ),
        ],
        responses=stats.StatsOutput,
    )
    def get(self, request):
        data = {key: request.query_params.get(key) for key in request.query_params if key not in ("kind", "structure")}
        for key in ("kind", "structure"):
            if key in request.query_params:
                data[key] = request.query_params.getlist(key)
        query = NetworkPeriodQuery(data=data)
        query.is_valid(raise_exception=True)
        period = query.validated_data
        return Response(stats.figures(structure_ids=_scope(period), period=period))
