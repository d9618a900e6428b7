"""Endpoints of the network host. Public reads (directory, kits) are open to anyone;
the network's data go to coordinators, trainings and kits to trainers too.

Figures come from the anonymous facts only, through the dashboards' own function.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api import stats
from api.common import MAX_ID, InputOutputMixin, Pagination, call_service
from api.network import filters, serializers
from api.network.permissions import IsCoordinator, IsCoordinatorOrTrainer
from cms.models import KitPage
from network import services
from network.models import (
    Application,
    Call,
    CoachingMeeting,
    CoachingPlan,
    Funding,
    Milestone,
    Programme,
    RecordedIndicator,
    Target,
    TrainingModule,
    TrainingRegistration,
    TrainingSession,
)
from network.selectors import programme_fse
from tenants.enums import NetworkRole
from tenants.models import Structure, User


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

    @extend_schema(responses=serializers.StructureReferentOutput(many=True), filters=False)
    @action(detail=True, methods=["get"], permission_classes=[IsCoordinatorOrTrainer], pagination_class=None)
    def referents(self, request, pk=None):
        """The structure's active referents (staff), to register them to a training."""
        structure = get_object_or_404(Structure.objects.active(), pk=pk)
        return Response(serializers.StructureReferentOutput(services.structure_referents(structure), many=True).data)


class KitViewSet(NetworkReadViewSet):
    """Published animation kits."""

    permission_classes = [AllowAny]
    serializer_class = serializers.KitOutput
    filterset_class = filters.KitFilter
    ordering_fields = ["title", "first_published_at", "duration_minutes", "id"]
    ordering = ["title", "id"]
    updated_at_field = "last_published_at"

    def get_queryset(self):
        return KitPage.objects.published().specific()


@extend_schema_view(
    partial_update=extend_schema(request=serializers.ProgrammeInput, responses=serializers.ProgrammeOutput)
)
class ProgrammeViewSet(InputOutputMixin, mixins.UpdateModelMixin, NetworkReadViewSet):
    """Programmes with the coaching plan of each structure and its milestones.

    ``PATCH`` changes a programme, e.g. the competences of the Pix / DigComp reference that its
    structures' assessments score (``competences``), its budget, the notes its funder report shows
    (``report_notes``) or the age bands its funders ask for (``age_bands``). Its funders are under
    ``fundings/``, the indicators it records by hand under ``recorded-indicators/``.
    """

    serializer_class = serializers.ProgrammeOutput
    input_serializer_class = serializers.ProgrammeInput
    output_serializer_class = serializers.ProgrammeOutput
    http_method_names = ["get", "patch", "head", "options"]
    filterset_fields = ["territory"]
    ordering_fields = ["start", "end", "name", "id"]
    ordering = ["-start", "name", "id"]
    queryset = Programme.objects.prefetch_related(
        "fundings",
        Prefetch(
            "plans",
            queryset=CoachingPlan.objects.select_related("structure")
            .order_by("structure__name")
            .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("order", "due_date"))),
        ),
    )

    @extend_schema(responses=serializers.FseOutput, filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def fse(self, request, pk=None):
        """The programme's anonymous FSE summary table (European Social Fund participant indicators): the
        followed people accompanied in its period at entry, and the exits in it, by gender; the same as the
        page `/reseau/programmes/{id}/fse/` and its CSV / XLSX exports."""
        programme = self.get_object()
        table = programme_fse(programme)
        data = {"programme": programme.pk, "start": programme.start, "end": programme.end, **table}
        return Response(serializers.FseOutput(data).data)

    def partial_update(self, request, *args, **kwargs):
        programme = self.get_object()
        data = self.valid_input(partial=True)
        call_service(services.programme_update, programme=programme, **data)
        return self.output(self.get_queryset().get(pk=programme.pk))


def _exists(queryset, pk, field: str, message: str):
    """The object ``pk`` of ``queryset``, or a 400 on ``field``; ``None`` stays ``None``."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: message})
    return found


def _programme(pk, field="programme"):
    return _exists(Programme.objects.all(), pk, field, _("This programme does not exist."))


@extend_schema_view(create=extend_schema(request=serializers.TrainingSessionInput,
                                         responses={201: serializers.TrainingSessionOutput}))  # fmt: skip
class TrainingViewSet(InputOutputMixin, mixins.CreateModelMixin, NetworkReadViewSet):
    """Referent trainings: sessions of the two one-day modules, with who registered and attended.

    Trainers and coordinators create sessions; registrations and attendance are under
    ``trainings/{id}/registrations/``.
    """

    permission_classes = [IsCoordinatorOrTrainer]
    input_serializer_class = serializers.TrainingSessionInput
    output_serializer_class = serializers.TrainingSessionOutput
    filterset_class = filters.TrainingSessionFilter
    ordering_fields = ["date", "id"]
    ordering = ["-date", "id"]
    queryset = TrainingSession.objects.select_related("module").prefetch_related(
        Prefetch("registrations", queryset=TrainingRegistration.objects.select_related("structure"))
    )

    def create(self, request, *args, **kwargs):
        data = self.valid_input()
        data["module"] = _exists(
            TrainingModule.objects.all(), data["module"], "module", _("This training module does not exist.")
        )
        data["programme"] = _programme(data.get("programme"))
        if "trainer" not in data and request.user.network_role == NetworkRole.TRAINER:
            data["trainer"] = request.user.pk
        data["trainer"] = _exists(
            User.objects.filter(network_role__in=[NetworkRole.TRAINER, NetworkRole.COORDINATOR], is_active=True),
            data.get("trainer"),
            "trainer",
            _("Choose one of the network's trainers or coordinators."),
        )
        session = call_service(services.training_session_create, **data)
        return self.output(self.get_queryset().get(pk=session.pk), status.HTTP_201_CREATED)


@extend_schema_view(
    create=extend_schema(request=serializers.RegistrationInput, responses={201: serializers.RegistrationOutput}),
    partial_update=extend_schema(request=serializers.RegistrationStatusInput, responses=serializers.RegistrationOutput),
)
class RegistrationViewSet(
    InputOutputMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    mixins.UpdateModelMixin, viewsets.GenericViewSet,
):  # fmt: skip
    """Referents registered to a training session; beyond its capacity, on the waiting list.

    ``PATCH`` records attendance (``attended``, ``absent``) once the session has taken place,
    or cancels (``cancelled``: the first on the waiting list takes the seat).
    """

    permission_classes = [IsCoordinatorOrTrainer]
    pagination_class = Pagination
    lookup_value_regex = "[0-9]+"
    input_serializer_class = serializers.RegistrationInput
    output_serializer_class = serializers.RegistrationOutput
    filterset_fields = ["status", "structure"]
    ordering_fields = ["updated_at", "referent_name", "id"]
    ordering = ["structure__name", "referent_name", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_session(self) -> TrainingSession:
        if not hasattr(self, "_session"):
            self._session = get_object_or_404(TrainingSession, pk=self.kwargs["training_pk"])
        return self._session

    def get_queryset(self):
        queryset = TrainingRegistration.objects.select_related("structure", "session")
        if getattr(self, "swagger_fake_view", False):
            return queryset.none()
        return queryset.filter(session=self.get_session())

    def get_serializer_class(self):
        if self.action == "partial_update":
            return serializers.RegistrationStatusInput
        return super().get_serializer_class()

    def create(self, request, *args, **kwargs):
        session = self.get_session()
        data = self.valid_input()
        structure = _exists(
            Structure.objects.active(), data["structure"], "structure", _("This structure is not in the network.")
        )
        registration = call_service(
            services.registration_create, session=session, structure=structure, referent_id=data["referent"]
        )
        return self.output(self.get_queryset().get(pk=registration.pk), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        registration = self.get_object()
        data = self.valid_input(serializers.RegistrationStatusInput)
        call_service(services.registration_set_status, registration=registration, status=data["status"])
        return self.output(self.get_queryset().get(pk=registration.pk))


@extend_schema_view(
    create=extend_schema(request=serializers.TargetInput, responses={201: serializers.TargetOutput}),
    partial_update=extend_schema(request=serializers.TargetValueInput, responses=serializers.TargetOutput),
)
class TargetViewSet(
    InputOutputMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin,
    NetworkReadViewSet,
):  # fmt: skip
    """Targets of a programme, per structure or for the whole programme (no structure).

    Creating a target that exists (same programme, structure and indicator) replaces its value.
    """

    input_serializer_class = serializers.TargetInput
    output_serializer_class = serializers.TargetOutput
    filterset_class = filters.TargetFilter
    ordering_fields = ["programme", "structure", "indicator", "id"]
    ordering = ["programme", "indicator", "id"]
    queryset = Target.objects.all()
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        if self.action == "partial_update":
            return serializers.TargetValueInput
        return super().get_serializer_class()

    def create(self, request, *args, **kwargs):
        data = self.valid_input()
        data["programme"] = _programme(data["programme"])
        data["structure"] = _exists(
            Structure.objects.relays(), data.get("structure"), "structure", _("This structure is not in the network.")
        )
        target = call_service(services.target_set, **data)
        return self.output(target, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        target = self.get_object()
        data = self.valid_input(serializers.TargetValueInput)
        target = call_service(
            services.target_set,
            programme=target.programme,
            structure=target.structure,
            indicator=target.indicator,
            value=data["value"],
        )
        return self.output(target)

    def perform_destroy(self, instance):
        services.target_delete(target=instance)


class ProgrammeItemViewSet(
    InputOutputMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin,
    NetworkReadViewSet,
):  # fmt: skip
    """Records of a programme (``programme`` in the body when created), read and written by coordinators."""

    update_input_class = None
    filterset_fields = ["programme"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        if self.action == "partial_update":
            return self.update_input_class
        return super().get_serializer_class()


@extend_schema_view(
    create=extend_schema(request=serializers.FundingInput, responses={201: serializers.FundingOutput}),
    partial_update=extend_schema(request=serializers.FundingUpdateInput, responses=serializers.FundingOutput),
)
class FundingViewSet(ProgrammeItemViewSet):
    """Funders of a programme with their amount and / or share (percent of the budget).

    The shares add up to at most 100 %, the amounts to at most the programme's budget when it is set.
    """

    input_serializer_class = serializers.FundingInput
    update_input_class = serializers.FundingUpdateInput
    output_serializer_class = serializers.FundingOutput
    ordering_fields = ["programme", "funder", "id"]
    ordering = ["programme", "id"]
    queryset = Funding.objects.all()

    def create(self, request, *args, **kwargs):
        data = self.valid_input()
        data["programme"] = _programme(data["programme"])
        return self.output(call_service(services.funding_create, **data), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        funding = self.get_object()
        data = self.valid_input(serializers.FundingUpdateInput, partial=True)
        return self.output(call_service(services.funding_update, funding=funding, **data))

    def perform_destroy(self, instance):
        services.funding_delete(funding=instance)


@extend_schema_view(
    create=extend_schema(
        request=serializers.RecordedIndicatorInput, responses={201: serializers.RecordedIndicatorOutput}
    ),
    partial_update=extend_schema(
        request=serializers.RecordedIndicatorUpdateInput, responses=serializers.RecordedIndicatorOutput
    ),
)
class RecordedIndicatorViewSet(ProgrammeItemViewSet):
    """Indicators a programme records by hand when they come from elsewhere (letters sent by a partner
    service, logins to an external platform), each with its date and its source (required)."""

    input_serializer_class = serializers.RecordedIndicatorInput
    update_input_class = serializers.RecordedIndicatorUpdateInput
    output_serializer_class = serializers.RecordedIndicatorOutput
    filterset_fields = ["programme", "structure"]
    ordering_fields = ["programme", "date", "id"]
    ordering = ["programme", "date", "id"]
    queryset = RecordedIndicator.objects.all()

    def _structure(self, data):
        if "structure" in data:
            data["structure"] = _exists(
                Structure.objects.relays(), data["structure"], "structure", _("This structure is not in the network.")
            )
        return data

    def create(self, request, *args, **kwargs):
        data = self._structure(self.valid_input())
        data["programme"] = _programme(data["programme"])
        return self.output(call_service(services.recorded_indicator_create, **data), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        indicator = self.get_object()
        data = self._structure(self.valid_input(serializers.RecordedIndicatorUpdateInput, partial=True))
        return self.output(call_service(services.recorded_indicator_update, indicator=indicator, **data))

    def perform_destroy(self, instance):
        services.recorded_indicator_delete(indicator=instance)


# Calls, applications and coaching -------------------------------------------------------------


@extend_schema_view(create=extend_schema(request=serializers.CallInput, responses={201: serializers.CallOutput}))
class CallViewSet(InputOutputMixin, mixins.CreateModelMixin, NetworkReadViewSet):
    """Calls for applications of the programmes; their form is public while they are open."""

    input_serializer_class = serializers.CallInput
    output_serializer_class = serializers.CallOutput
    filterset_class = filters.CallFilter
    ordering_fields = ["opens", "closes", "title", "id"]
    ordering = ["-opens", "id"]
    queryset = Call.objects.all()

    def create(self, request, *args, **kwargs):
        data = self.valid_input()
        data["programme"] = _programme(data["programme"])
        return self.output(call_service(services.call_create, **data), status.HTTP_201_CREATED)


@extend_schema_view(
    shortlist=extend_schema(request=None, responses=serializers.ApplicationOutput),
    reject=extend_schema(request=serializers.RejectInput, responses=serializers.ApplicationOutput),
    select=extend_schema(request=serializers.SelectInput, responses=serializers.ApplicationOutput),
)
class ApplicationViewSet(InputOutputMixin, NetworkReadViewSet):
    """Applications received by the calls, and the coordinators' decisions.

    ``select`` provisions the structure (its site and schema), opens its coaching plan in the
    call's programme and invites the application's contact as its manager; ``reject`` e-mails
    the message to the contact. A decided application cannot be decided again.
    """

    output_serializer_class = serializers.ApplicationOutput
    filterset_class = filters.ApplicationFilter
    ordering_fields = ["submitted_at", "structure_name", "status", "id"]
    ordering = ["-submitted_at", "id"]
    queryset = Application.objects.select_related("call")

    def _done(self, application) -> Response:
        return self.output(self.get_queryset().get(pk=application.pk))

    @action(detail=True, methods=["post"], filter_backends=[])
    def shortlist(self, request, pk=None):
        application = self.get_object()
        call_service(services.application_shortlist, application=application, by=request.user)
        return self._done(application)

    @action(detail=True, methods=["post"], filter_backends=[])
    def reject(self, request, pk=None):
        application = self.get_object()
        data = self.valid_input(serializers.RejectInput)
        call_service(services.application_reject, application=application, by=request.user, message=data["message"])
        return self._done(application)

    @action(detail=True, methods=["post"], filter_backends=[])
    def select(self, request, pk=None):
        application = self.get_object()
        data = self.valid_input(serializers.SelectInput)
        call_service(
            services.application_select, application=application, by=request.user, slug=data.get("slug") or None
        )
        return self._done(application)


@extend_schema_view(
    partial_update=extend_schema(request=serializers.MilestoneInput, responses=serializers.MilestoneDetailOutput)
)
class MilestoneViewSet(InputOutputMixin, mixins.UpdateModelMixin, NetworkReadViewSet):
    """Milestones of the coaching plans: set a due date, mark done (``completed_on``)."""

    input_serializer_class = serializers.MilestoneInput
    output_serializer_class = serializers.MilestoneDetailOutput
    filterset_class = filters.MilestoneFilter
    ordering_fields = ["due_date", "order", "completed_on", "id"]
    ordering = ["plan", "order", "due_date", "id"]
    queryset = Milestone.objects.select_related("plan")
    http_method_names = ["get", "patch", "head", "options"]

    def partial_update(self, request, *args, **kwargs):
        milestone = self.get_object()
        data = self.valid_input(partial=True)
        call_service(
            services.milestone_update,
            milestone=milestone,
            due_date=data.get("due_date", milestone.due_date),
            completed_on=data.get("completed_on", milestone.completed_on),
        )
        return self.output(self.get_queryset().get(pk=milestone.pk))


@extend_schema_view(create=extend_schema(request=serializers.MeetingInput, responses={201: serializers.MeetingOutput}))
class MeetingViewSet(InputOutputMixin, mixins.CreateModelMixin, NetworkReadViewSet):
    """Coaching meetings with the structures; their notes are for coordinators only."""

    input_serializer_class = serializers.MeetingInput
    output_serializer_class = serializers.MeetingOutput
    filterset_class = filters.MeetingFilter
    ordering_fields = ["date", "id"]
    ordering = ["-date", "-id"]
    queryset = CoachingMeeting.objects.select_related("plan")

    def create(self, request, *args, **kwargs):
        data = self.valid_input()
        data["plan"] = _exists(
            CoachingPlan.objects.all(), data["plan"], "plan", _("This coaching plan does not exist.")
        )
        meeting = call_service(services.meeting_create, by=request.user, **data)
        return self.output(self.get_queryset().get(pk=meeting.pk), status.HTTP_201_CREATED)


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
        responses=stats.StatsComparedOutput,
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
