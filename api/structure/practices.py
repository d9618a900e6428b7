"""Endpoints for the practices of the other programmes, on a structure's host: equipment
given, open-access desk visits, the workshop calendar with registrations, mentorships."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.common import call_service, id_field, id_list_field
from api.structure.views.base import StructureViewSet
from figures.enums import DeskPurpose, EquipmentKind, Level, SocialStatus, Theme
from training import practices
from training.enums import EquipmentCondition
from training.models import Activity, DeskVisit, EquipmentGift, Mentorship, ScheduledWorkshop, WorkshopRegistration

# Serializers -------------------------------------------------------------------------------


class EquipmentOutput(serializers.ModelSerializer):
    beneficiary_code = serializers.CharField(source="beneficiary.code", read_only=True)
    condition = serializers.ChoiceField(choices=EquipmentCondition.choices, allow_blank=True, read_only=True)

    class Meta:
        model = EquipmentGift
        fields = ["id", "beneficiary", "beneficiary_code", "kind", "condition", "date", "partner", "amount",
                  "duration_months", "requirement", "updated_at"]  # fmt: skip
        read_only_fields = fields


class EquipmentInput(serializers.Serializer):
    beneficiary = id_field(help_text=_("Id of the person in this structure's registry."))
    kind = serializers.ChoiceField(choices=EquipmentKind.choices)
    condition = serializers.ChoiceField(choices=EquipmentCondition.choices, required=False, allow_blank=True)
    date = serializers.DateField()
    partner = serializers.CharField(max_length=150, required=False, allow_blank=True)
    amount = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0, required=False, allow_null=True)
    duration_months = serializers.IntegerField(min_value=1, max_value=120, required=False, allow_null=True)
    requirement = serializers.CharField(max_length=200, required=False, allow_blank=True)


class DeskVisitOutput(serializers.ModelSerializer):
    class Meta:
        model = DeskVisit
        fields = ["id", "date", "purpose", "count", "social_status", "beneficiary", "updated_at"]
        read_only_fields = fields


class DeskVisitInput(serializers.Serializer):
    date = serializers.DateField()
    purpose = serializers.ChoiceField(choices=DeskPurpose.choices)
    count = serializers.IntegerField(min_value=1, max_value=500, default=1)
    social_status = serializers.ChoiceField(choices=SocialStatus.choices, default=SocialStatus.UNKNOWN)
    beneficiary = id_field(required=False, allow_null=True)


class RegistrationOutput(serializers.ModelSerializer):
    class Meta:
        model = WorkshopRegistration
        fields = ["id", "beneficiary", "label", "status", "created_at", "updated_at"]
        read_only_fields = fields


class RegistrationInput(serializers.Serializer):
    beneficiary = id_field(required=False, allow_null=True)
    label = serializers.CharField(max_length=50, required=False, allow_blank=True)
    contact = serializers.CharField(max_length=120, required=False, allow_blank=True)


@extend_schema_field({"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "example": "14:00"})
class HourMinuteField(serializers.TimeField):
    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class WorkshopOutput(serializers.ModelSerializer):
    start_time = HourMinuteField(read_only=True)
    level = serializers.ChoiceField(choices=Level.choices, allow_blank=True, read_only=True)

    class Meta:
        model = ScheduledWorkshop
        fields = ["id", "title", "date", "start_time", "duration_minutes", "place", "themes", "level", "kit_id",
                  "seats", "published", "activity", "updated_at"]  # fmt: skip
        read_only_fields = fields


class WorkshopInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    date = serializers.DateField()
    start_time = serializers.TimeField()
    duration_minutes = serializers.IntegerField(min_value=1, max_value=1440, default=90)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    themes = serializers.ListField(child=serializers.ChoiceField(choices=Theme.choices), required=False, max_length=30)
    level = serializers.ChoiceField(choices=Level.choices, required=False, allow_blank=True)
    kit_id = id_field(required=False, allow_null=True)
    seats = serializers.IntegerField(min_value=1, max_value=500, default=8)
    published = serializers.BooleanField(default=True)


class WorkshopLogInput(serializers.Serializer):
    present = id_list_field(help_text=_("Ids of the registrations present."))
    extra_anonymous = serializers.IntegerField(min_value=0, max_value=Activity.MAX_ANONYMOUS, default=0)


class MentorshipOutput(serializers.ModelSerializer):
    class Meta:
        model = Mentorship
        fields = ["id", "mentor", "mentee", "start_date", "updated_at"]
        read_only_fields = fields


class MentorshipInput(serializers.Serializer):
    mentor = id_field()
    mentee = id_field()
    start_date = serializers.DateField()


# Views ---------------------------------------------------------------------------------------


@extend_schema_view(create=extend_schema(request=EquipmentInput, responses={201: EquipmentOutput}))
class EquipmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin,
    StructureViewSet,
):  # fmt: skip
    """Equipment and connectivity subsidies given to people."""

    queryset = EquipmentGift.objects.select_related("beneficiary")
    input_serializer_class = EquipmentInput
    output_serializer_class = EquipmentOutput
    filterset_fields = ["kind", "date", "beneficiary"]
    ordering_fields = ["date", "id"]
    ordering = ["-date", "-id"]

    def create(self, request, *args, **kwargs):
        gift = call_service(practices.equipment_give, structure=request.tenant, **self.valid_input())
        return self.output(gift, status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        practices.equipment_delete(structure=self.request.tenant, gift=instance)


@extend_schema_view(create=extend_schema(request=DeskVisitInput, responses={201: DeskVisitOutput}))
class DeskVisitViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin,
    StructureViewSet,
):  # fmt: skip
    """Visits to the open-access desk, counted per day and purpose."""

    queryset = DeskVisit.objects.all()
    input_serializer_class = DeskVisitInput
    output_serializer_class = DeskVisitOutput
    filterset_fields = ["purpose", "date", "social_status"]
    ordering_fields = ["date", "id"]
    ordering = ["-date", "-id"]

    def create(self, request, *args, **kwargs):
        visit = call_service(practices.desk_visit_record, structure=request.tenant, **self.valid_input())
        return self.output(visit, status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        practices.desk_visit_delete(structure=self.request.tenant, visit=instance)


@extend_schema_view(
    create=extend_schema(request=WorkshopInput, responses={201: WorkshopOutput}),
    register=extend_schema(request=RegistrationInput, responses={201: RegistrationOutput}),
    registrations=extend_schema(responses=RegistrationOutput(many=True)),
    log=extend_schema(request=WorkshopLogInput, responses={201: None}),
)
class WorkshopViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin,
    StructureViewSet,
):  # fmt: skip
    """The structure's calendar of upcoming workshops, with registrations and a waiting list."""

    queryset = ScheduledWorkshop.objects.all()
    input_serializer_class = WorkshopInput
    output_serializer_class = WorkshopOutput
    filterset_fields = ["date", "published"]
    ordering_fields = ["date", "id"]
    ordering = ["date", "start_time", "id"]

    def create(self, request, *args, **kwargs):
        workshop = call_service(practices.workshop_schedule, structure=request.tenant, **self.valid_input())
        return self.output(workshop, status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        practices.workshop_delete(structure=self.request.tenant, workshop=instance)

    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def registrations(self, request, pk=None):
        workshop = self.get_object()
        return Response(RegistrationOutput(workshop.registrations.all(), many=True).data)

    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        workshop = self.get_object()
        registration = call_service(
            practices.workshop_register, structure=request.tenant, workshop=workshop,
            **self.valid_input(RegistrationInput),
        )  # fmt: skip
        return self.output(registration, status.HTTP_201_CREATED, RegistrationOutput)

    @action(detail=True, methods=["post"])
    def log(self, request, pk=None):
        """The attendance list becomes the activity log; returns the activity's id."""
        workshop = self.get_object()
        data = self.valid_input(WorkshopLogInput)
        activity = call_service(
            practices.workshop_to_activity, structure=request.tenant, user=request.user, workshop=workshop, **data
        )
        return Response({"activity": activity.pk}, status=status.HTTP_201_CREATED)


@extend_schema_view(create=extend_schema(request=MentorshipInput, responses={201: MentorshipOutput}))
class MentorshipViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, StructureViewSet):
    """Former learners mentoring newcomers."""

    queryset = Mentorship.objects.all()
    input_serializer_class = MentorshipInput
    output_serializer_class = MentorshipOutput
    ordering_fields = ["start_date", "id"]
    ordering = ["-start_date", "-id"]

    def create(self, request, *args, **kwargs):
        mentorship = call_service(practices.mentorship_create, structure=request.tenant, **self.valid_input())
        return self.output(mentorship, status.HTTP_201_CREATED)
