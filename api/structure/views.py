"""Endpoints of a structure's host: they act on the host's structure (its schema) only.

Thin viewsets: explicit input and output serializers, every write through
``training.services``, the same permission rules as the structure's pages.
"""

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from api import stats
from api.common import InputOutputMixin, Pagination, call_service
from api.structure import filters, serializers
from api.structure.permissions import CanChangeActivity, IsStructureManager, IsStructureMember, ManagerWrites
from cms.models import KitPage
from figures.enums import ActivityKind, EnrolmentStatus
from network.models import TrainingModule
from tenants.models import Membership, User
from training import exports
from training.models import (
    Activity,
    ActivityChange,
    Beneficiary,
    Course,
    Enrolment,
    Participation,
    Referent,
    ReferentTraining,
    SkillAssessment,
)
from training.services.activities import activity_create, activity_delete, activity_update
from training.services.courses import assessment_record, course_create, course_session_record, course_update
from training.services.enrolments import enrolment_create, enrolment_set_status
from training.services.people import beneficiary_create, beneficiary_erase, beneficiary_merge, beneficiary_update
from training.services.referents import referent_create, referent_update

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


def _io_schema(input_serializer, output_serializer, **extra):
    return extend_schema(request=input_serializer, responses=output_serializer, **extra)


# Referents ------------------------------------------------------------------------------


@extend_schema_view(
    create=_io_schema(serializers.ReferentInput, {201: serializers.ReferentOutput}),
    partial_update=_io_schema(serializers.ReferentInput, serializers.ReferentOutput),
)
class ReferentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    StructureViewSet,
):  # fmt: skip
    """The structure's referents. Members read; managers add and change them."""

    permission_classes = [IsStructureMember, ManagerWrites]
    queryset = Referent.objects.all()
    input_serializer_class = serializers.ReferentInput
    output_serializer_class = serializers.ReferentOutput
    filterset_class = filters.ReferentFilter
    ordering_fields = ["last_name", "first_name", "created_at", "id"]
    ordering = ["last_name", "first_name", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _user(self, data: dict):
        if "user" not in data or data["user"] is None:
            return data.pop("user", None)
        membership = (
            Membership.objects.filter(user_id=data.pop("user"), structure=self.request.tenant)
            .select_related("user")
            .first()
        )
        if membership is None:
            raise ValidationError({"user": _("This account is not a member of this structure.")})
        return membership.user

    def create(self, request, *args, **kwargs):
        data = self.valid_input()
        data["user"] = self._user(data)
        return self.output(call_service(referent_create, **data), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        referent = self.get_object()
        data = self.valid_input(partial=True)
        if "user" in data:
            data["user"] = self._user(data)
        return self.output(call_service(referent_update, referent=referent, **data))


# People accompanied ---------------------------------------------------------------------


@extend_schema_view(
    create=_io_schema(serializers.PersonInput, {201: serializers.PersonOutput}),
    partial_update=_io_schema(serializers.PersonInput, serializers.PersonOutput),
    destroy=extend_schema(
        description=_("Erase what identifies the person (managers); their attendances stay, anonymous.")
    ),
    merge=_io_schema(
        serializers.PersonMergeInput,
        serializers.PersonOutput,
        description=_("Merge a duplicate record into this one (managers)."),
    ),
)
class PersonViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    mixins.DestroyModelMixin, StructureViewSet,
):  # fmt: skip
    """People accompanied, pseudonymous: a code, optional initials, gender, birth year, status."""

    queryset = Beneficiary.objects.current()
    input_serializer_class = serializers.PersonInput
    output_serializer_class = serializers.PersonOutput
    filterset_class = filters.PersonFilter
    ordering_fields = ["code", "created_at", "birth_year", "id"]
    ordering = ["code"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_permissions(self):
        if self.action in ("destroy", "merge"):
            return [IsStructureMember(), IsStructureManager()]
        return super().get_permissions()

    def create(self, request, *args, **kwargs):
        data = self.valid_input()
        person = call_service(beneficiary_create, structure=request.tenant, **data)
        return self.output(person, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        person = self.get_object()
        data = self.valid_input(partial=True)
        return self.output(call_service(beneficiary_update, structure=request.tenant, beneficiary=person, **data))

    def destroy(self, request, *args, **kwargs):
        beneficiary_erase(structure=request.tenant, beneficiary=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"], filter_backends=[])
    def merge(self, request, pk=None):
        keep = self.get_object()
        data = self.valid_input(serializers.PersonMergeInput)
        duplicate = Beneficiary.objects.current().filter(pk=data["duplicate"]).first()
        if duplicate is None:
            raise ValidationError({"duplicate": _("A person selected is not in this structure's registry.")})
        if duplicate.pk == keep.pk:
            raise ValidationError({"duplicate": _("Choose two different records to merge.")})
        keep = call_service(
            beneficiary_merge, {"__all__": "duplicate"}, structure=request.tenant, keep=keep,
            duplicate=duplicate,
        )  # fmt: skip
        return self.output(keep)


# Activities -----------------------------------------------------------------------------


def _check_kit(kit_id) -> None:
    if not kit_id:
        return
    if not KitPage.objects.published().filter(pk=kit_id).exists():
        raise ValidationError({"kit_id": _("This kit is not published.")})


@extend_schema_view(
    create=_io_schema(serializers.ActivityInput, {201: serializers.ActivityOutput}),
    partial_update=_io_schema(serializers.ActivityInput, serializers.ActivityOutput),
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
        _check_kit(data.get("kit_id"))
        activity = call_service(
            activity_create, ACTIVITY_FIELD_MAP, structure=request.tenant, user=request.user, **data
        )
        return self.output(self.get_queryset().get(pk=activity.pk), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        activity = self.get_object()
        if activity.kind == ActivityKind.COURSE_SESSION:
            raise ValidationError({"kind": _("Change a course session through its course.")})
        data = self.valid_input(partial=True)
        _check_kit(data.get("kit_id"))
        call_service(
            activity_update,
            ACTIVITY_FIELD_MAP,
            structure=request.tenant,
            user=request.user,
            activity=activity,
            **data,
        )
        return self.output(self.get_queryset().get(pk=activity.pk))

    def destroy(self, request, *args, **kwargs):
        activity_delete(structure=request.tenant, user=request.user, activity=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# Courses, their enrolments and sessions -------------------------------------------------


def courses_with_counts():
    return Course.objects.annotate(
        enrolled=Count("enrolments", distinct=True),
        completed=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.COMPLETED), distinct=True),
        session_count=Count("sessions", distinct=True),
    ).prefetch_related(Prefetch("referents", queryset=Referent.objects.only("pk")))


@extend_schema_view(
    create=_io_schema(serializers.CourseInput, {201: serializers.CourseOutput}),
    partial_update=_io_schema(serializers.CourseInput, serializers.CourseOutput),
)
class CourseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    StructureViewSet,
):  # fmt: skip
    """Multi-session beginner courses ("parcours") on a computer (~12 h) or a tablet (~14 h)."""

    queryset = courses_with_counts()
    input_serializer_class = serializers.CourseInput
    output_serializer_class = serializers.CourseOutput
    filterset_fields = ["device"]
    ordering_fields = ["start_date", "title", "created_at", "id"]
    ordering = ["-start_date", "title", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request, *args, **kwargs):
        data = self.valid_input()
        course = call_service(course_create, structure=request.tenant, **data)
        return self.output(self.get_queryset().get(pk=course.pk), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        course = self.get_object()
        data = self.valid_input(partial=True)
        if "planned_hours" in data and data["planned_hours"] is None:
            data.pop("planned_hours")
        call_service(course_update, structure=request.tenant, course=course, **data)
        return self.output(self.get_queryset().get(pk=course.pk))


class CourseChildViewSet(StructureViewSet):
    """Base of the endpoints nested under one course."""

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset_for(None)
        return self.queryset_for(self.get_course())

    def queryset_for(self, course):
        raise NotImplementedError

    def get_course(self) -> Course:
        if not hasattr(self, "_course"):
            self._course = get_object_or_404(Course, pk=self.kwargs["course_pk"])
        return self._course


@extend_schema_view(
    create=_io_schema(serializers.EnrolmentInput, {201: serializers.EnrolmentOutput}),
    partial_update=_io_schema(serializers.EnrolmentStatusInput, serializers.EnrolmentOutput),
)
class EnrolmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    CourseChildViewSet,
):  # fmt: skip
    """People enrolled in a course; completed is set from attendance (80 % of the planned hours)."""

    input_serializer_class = serializers.EnrolmentInput
    output_serializer_class = serializers.EnrolmentOutput
    filterset_fields = ["status"]
    ordering_fields = ["enrolled_at", "id"]
    ordering = ["beneficiary__code"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def queryset_for(self, course):
        return Enrolment.objects.filter(course=course).select_related("beneficiary")

    def get_serializer_class(self):
        if self.action == "partial_update":
            return serializers.EnrolmentStatusInput
        return super().get_serializer_class()

    def create(self, request, *args, **kwargs):
        course = self.get_course()
        data = self.valid_input()
        person = Beneficiary.objects.current().filter(pk=data["beneficiary"]).first()
        if person is None:
            raise ValidationError({"beneficiary": _("A person selected is not in this structure's registry.")})
        enrolment = call_service(
            enrolment_create,
            {"beneficiaries": "beneficiary"},
            structure=request.tenant,
            course=course,
            beneficiary=person,
        )
        return self.output(self.get_queryset().get(pk=enrolment.pk), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        enrolment = self.get_object()
        data = self.valid_input(serializers.EnrolmentStatusInput)
        call_service(enrolment_set_status, structure=request.tenant, enrolment=enrolment, **data)
        return self.output(self.get_queryset().get(pk=enrolment.pk))


@extend_schema_view(
    create=_io_schema(serializers.SessionInput, {201: serializers.SessionOutput}),
    partial_update=_io_schema(serializers.SessionInput, serializers.SessionOutput),
)
class SessionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    mixins.DestroyModelMixin, CourseChildViewSet,
):  # fmt: skip
    """A course's sessions with their attendance. Changed or deleted by their referents and the managers."""

    permission_classes = [IsStructureMember, CanChangeActivity]
    input_serializer_class = serializers.SessionInput
    output_serializer_class = serializers.SessionOutput
    filterset_class = None
    ordering_fields = ["date", "id"]
    ordering = ["date", "start_time", "id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def queryset_for(self, course):
        return Activity.objects.filter(course=course, kind=ActivityKind.COURSE_SESSION).prefetch_related(
            Prefetch("referents", queryset=Referent.objects.only("pk")),
            Prefetch("participations", queryset=Participation.objects.only("activity_id", "beneficiary_id")),
        )

    def create(self, request, *args, **kwargs):
        course = self.get_course()
        data = self.valid_input()
        session = call_service(
            course_session_record,
            SESSION_FIELD_MAP,
            structure=request.tenant,
            user=request.user,
            course=course,
            **data,
        )
        return self.output(self.get_queryset().get(pk=session.pk), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        course = self.get_course()
        session = self.get_object()
        data = self.valid_input(partial=True)
        fields = {
            "date": data.get("date", session.date),
            "duration_minutes": data.get("duration_minutes", session.duration_minutes),
            "start_time": data.get("start_time", session.start_time),
            "attendees": data.get("attendees", [p.beneficiary_id for p in session.participations.all()]),
            "referents": data.get("referents", ()),
        }
        call_service(
            course_session_record,
            SESSION_FIELD_MAP,
            structure=request.tenant,
            user=request.user,
            course=course,
            activity=session,
            **fields,
        )
        if "themes" in data:
            call_service(
                activity_update,
                structure=request.tenant,
                user=request.user,
                activity=Activity.objects.get(pk=session.pk),
                themes=data["themes"],
            )
        return self.output(self.get_queryset().get(pk=session.pk))

    def destroy(self, request, *args, **kwargs):
        activity_delete(structure=request.tenant, user=request.user, activity=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# Assessments ----------------------------------------------------------------------------


@extend_schema_view(create=_io_schema(serializers.AssessmentInput, {201: serializers.AssessmentOutput}))
class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, StructureViewSet):
    """Skills assessments at the entry and exit of a course (or outside one)."""

    queryset = SkillAssessment.objects.all()
    input_serializer_class = serializers.AssessmentInput
    output_serializer_class = serializers.AssessmentOutput
    filterset_class = filters.AssessmentFilter
    ordering_fields = ["date", "id"]
    ordering = ["date", "id"]

    def create(self, request, *args, **kwargs):
        data = self.valid_input()
        person = Beneficiary.objects.current().filter(pk=data.pop("beneficiary")).first()
        if person is None:
            raise ValidationError({"beneficiary": _("A person selected is not in this structure's registry.")})
        course = None
        if data.get("course"):
            course = Course.objects.filter(pk=data["course"]).first()
            if course is None:
                raise ValidationError({"course": _("This course does not exist in this structure.")})
            if not course.enrolments.filter(beneficiary=person).exists():
                raise ValidationError({"beneficiary": _("This person is not enrolled in this course.")})
        data.pop("course", None)
        levels = {area: data.pop(area) for area in SkillAssessment.AREAS}
        assessment = call_service(
            assessment_record,
            structure=request.tenant,
            beneficiary=person,
            course=course,
            levels=levels,
            **data,
        )
        return self.output(assessment, status.HTTP_201_CREATED)


# Histories and training records ---------------------------------------------------------


class ActivityHistoryViewSet(mixins.ListModelMixin, StructureViewSet):
    """Who changed a session, when, and what; kept after the session is deleted."""

    output_serializer_class = serializers.ActivityChangeOutput
    ordering_fields = ["at", "id"]
    ordering = ["-at", "-id"]

    def get_queryset(self):
        changes = ActivityChange.objects.all()
        if getattr(self, "swagger_fake_view", False):
            return changes.none()
        return changes.filter(activity_id=int(self.kwargs["activity_pk"]))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "user_names": getattr(self, "_user_names", {})}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if (
            not self.paginator.page.paginator.count
            and not Activity.objects.filter(pk=self.kwargs["activity_pk"]).exists()
        ):
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


class PassthroughCSVRenderer(renderers.BaseRenderer):
    """Lets a client ask for ``text/csv``; the CSV itself is written by ``training.exports``."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return renderers.JSONRenderer().render(data) if not isinstance(data, (str, bytes)) else data


class ExportView(APIView):
    """The structure's tables as CSV (";"-separated, UTF-8), as on the exports page (managers).

    People are exported pseudonymously: codes, never initials.
    """

    permission_classes = [IsStructureMember, IsStructureManager]
    renderer_classes = [renderers.JSONRenderer, PassthroughCSVRenderer]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "table", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(exports.TABLES), description=_("Table.")
            )
        ],
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description=_("The table as CSV."))},
    )
    def get(self, request, table):
        if table not in exports.TABLES:
            raise Http404
        return exports.export_response(table=table, file_format="csv", slug=request.tenant.slug)


# Figures --------------------------------------------------------------------------------


class StatsView(APIView):
    """The structure's figures, with the network's definitions (the same as its dashboard)."""

    permission_classes = [IsStructureMember]

    @extend_schema(parameters=stats.PERIOD_PARAMETERS, responses=stats.StatsOutput)
    def get(self, request):
        period = stats.parse_period(request)
        return Response(stats.figures(structure_ids=[request.tenant.pk], period=period))
