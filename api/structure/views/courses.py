"""``courses/``, their enrolments and sessions; ``assessments/``."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_view
from rest_framework import mixins, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api.common import call_service
from api.structure import filters, serializers
from api.structure.permissions import CanChangeActivity, IsStructureMember
from api.structure.views.base import SESSION_FIELD_MAP, StructureViewSet, io_schema
from figures.enums import ActivityKind, EnrolmentStatus
from training.models import (
    Activity,
    Beneficiary,
    Course,
    Enrolment,
    Participation,
    Referent,
    SkillAssessment,
)
from training.services.activities import activity_delete
from training.services.courses import assessment_record, course_create, course_session_record, course_update
from training.services.enrolments import enrolment_create, enrolment_set_status


def courses_with_counts():
    return Course.objects.annotate(
        enrolled=Count("enrolments", distinct=True),
        completed=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.COMPLETED), distinct=True),
        session_count=Count("sessions", distinct=True),
    ).prefetch_related(Prefetch("referents", queryset=Referent.objects.only("pk")))


@extend_schema_view(
    create=io_schema(serializers.CourseInput, {201: serializers.CourseOutput}),
    partial_update=io_schema(serializers.CourseInput, serializers.CourseOutput),
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
    create=io_schema(serializers.EnrolmentInput, {201: serializers.EnrolmentOutput}),
    partial_update=io_schema(serializers.EnrolmentStatusInput, serializers.EnrolmentOutput),
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
            user=request.user,
        )
        return self.output(self.get_queryset().get(pk=enrolment.pk), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        enrolment = self.get_object()
        data = self.valid_input(serializers.EnrolmentStatusInput)
        call_service(enrolment_set_status, structure=request.tenant, enrolment=enrolment, user=request.user, **data)
        return self.output(self.get_queryset().get(pk=enrolment.pk))


@extend_schema_view(
    create=io_schema(serializers.SessionInput, {201: serializers.SessionOutput}),
    partial_update=io_schema(serializers.SessionInput, serializers.SessionOutput),
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
        # The service returns the session with the attendance it wrote: shown as is, not read again.
        return self.output(session, status.HTTP_201_CREATED)

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
        session = call_service(
            course_session_record,
            SESSION_FIELD_MAP,
            structure=request.tenant,
            user=request.user,
            course=course,
            activity=session,
            themes=data.get("themes"),
            **fields,
        )
        return self.output(session)

    def destroy(self, request, *args, **kwargs):
        activity_delete(structure=request.tenant, user=request.user, activity=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# Assessments ----------------------------------------------------------------------------


@extend_schema_view(create=io_schema(serializers.AssessmentInput, {201: serializers.AssessmentOutput}))
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
        data.pop("course", None)
        assessment = call_service(
            assessment_record,
            structure=request.tenant,
            beneficiary=person,
            course=course,
            user=request.user,
            **data,
        )
        return self.output(assessment, status.HTTP_201_CREATED)
