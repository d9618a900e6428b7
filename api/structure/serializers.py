"""Explicit input and output shapes of the structure's endpoints.

Inputs only check types and ranges; the business rules live in ``training.services``.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.common import MAX_COUNT, FieldsBuiltOnce, id_field, id_list_field
from figures.enums import (
    ActivityKind,
    AgeBand,
    Answer,
    Device,
    EducationLevel,
    EmploymentSituation,
    EnrolmentStatus,
    Equipment,
    ExitSituation,
    Gender,
    Level,
    PlaceType,
    ReferralSource,
    SocialStatus,
    Theme,
)
from figures.reference import scores_by_area
from tenants.models import AuditEvent
from training.enums import AssessmentMoment, Autonomy, Referral, TrainingStatus
from training.models import (
    Activity,
    ActivityChange,
    Beneficiary,
    Course,
    Enrolment,
    Referent,
    ReferentTraining,
    SkillAssessment,
)
from training.services.activities import TOO_MANY_ANONYMOUS

LOGGABLE_KINDS = [(k, label) for k, label in ActivityKind.choices if k != ActivityKind.COURSE_SESSION]


def _choice(choices, **kwargs):
    return serializers.ChoiceField(choices=choices, **kwargs)


# Referents ------------------------------------------------------------------------------


class ReferentOutput(serializers.ModelSerializer):
    user = serializers.IntegerField(source="user_id", allow_null=True, read_only=True)

    class Meta:
        model = Referent
        fields = ["id", "first_name", "last_name", "job_title", "active", "user", "created_at", "updated_at"]
        read_only_fields = fields


class ReferentInput(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    job_title = serializers.CharField(max_length=150, required=False, allow_blank=True)
    active = serializers.BooleanField(required=False)
    user = id_field(required=False, allow_null=True, help_text=_("A user account, member of this structure."))


# People accompanied ---------------------------------------------------------------------


# The journey and the FSE participant data, read and written alike (rules: training.services.people).
JOURNEY_FIELDS = [
    "referral_source", "referral_partner", "referral_date", "evaluation_date", "exit_date", "exit_autonomous",
    "exit_situation", "exit_minimum_income", "employment_situation", "education_level", "minimum_income",
    "single_parent", "qpv", "disability",
]  # fmt: skip


class PersonOutput(serializers.ModelSerializer):
    class Meta:
        model = Beneficiary
        fields = [
            "id",
            "code",
            "label",
            "gender",
            "birth_year",
            "social_status",
            "commune",
            "consent_date",
            *JOURNEY_FIELDS,
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PersonInput(serializers.Serializer):
    label = serializers.CharField(max_length=50, required=False, allow_blank=True)
    gender = _choice(Gender.choices, required=False)
    # The bounds of a birth year are person_rule_errors' (the service's); this only keeps it an int.
    birth_year = serializers.IntegerField(required=False, allow_null=True)
    social_status = _choice(SocialStatus.choices, required=False)
    commune = serializers.CharField(max_length=120, required=False, allow_blank=True)
    consent_date = serializers.DateField(required=False, allow_null=True)
    referral_source = _choice(ReferralSource.choices, required=False)
    referral_partner = serializers.CharField(
        max_length=150, required=False, allow_blank=True, help_text=_("The partner service, never a person's name.")
    )
    referral_date = serializers.DateField(required=False, allow_null=True)
    evaluation_date = serializers.DateField(required=False, allow_null=True)
    exit_date = serializers.DateField(required=False, allow_null=True)
    exit_autonomous = _choice(Answer.choices, required=False)
    exit_situation = _choice(ExitSituation.choices, required=False)
    exit_minimum_income = _choice(Answer.choices, required=False)
    employment_situation = _choice(EmploymentSituation.choices, required=False)
    education_level = _choice(EducationLevel.choices, required=False)
    minimum_income = _choice(Answer.choices, required=False)
    single_parent = _choice(Answer.choices, required=False)
    qpv = _choice(Answer.choices, required=False)
    disability = _choice(Answer.choices, required=False, help_text=_("Only with the person's explicit agreement."))


class PersonMergeInput(serializers.Serializer):
    duplicate = id_field(
        help_text=_("The duplicate record: its attendances, enrolments and assessments move to this one, then it "
                    "disappears.")
    )  # fmt: skip


# Activities -----------------------------------------------------------------------------


def _counts(choices) -> serializers.DictField:
    return serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=MAX_COUNT),
        required=False,
        help_text=_("Counts by code: %(codes)s.") % {"codes": ", ".join(choices.values)},
    )


class BreakdownSerializer(serializers.Serializer):
    """Anonymous participants by gender, age band and status; each breakdown adds up to the total."""

    gender = _counts(Gender)
    age_band = _counts(AgeBand)
    status = _counts(SocialStatus)


class ActivityOutput(FieldsBuiltOnce, serializers.ModelSerializer):
    referents = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    beneficiaries = serializers.SerializerMethodField()
    course = serializers.IntegerField(source="course_id", allow_null=True, read_only=True)
    anonymous_breakdown = BreakdownSerializer(read_only=True)
    # Blank when not given (read-only model fields would otherwise be documented as never blank).
    level = _choice(Level.choices, allow_blank=True, read_only=True)
    autonomy = _choice(Autonomy.choices, allow_blank=True, read_only=True)
    referral = _choice(Referral.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id", "kind", "date", "start_time", "duration_minutes", "place_type", "place_name", "title", "level",
            "themes", "equipment", "kit_id", "course", "autonomy", "referral", "notes", "referents",
            "beneficiaries", "anonymous_total", "anonymous_already_seen", "anonymous_breakdown",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_beneficiaries(self, activity) -> list[int]:
        return sorted(p.beneficiary_id for p in activity.participations.all())


class ActivityInput(serializers.Serializer):
    """A workshop, drop-in or awareness meeting, with followed people and/or anonymous counts."""

    kind = _choice(LOGGABLE_KINDS)
    date = serializers.DateField()
    start_time = serializers.TimeField(required=False, allow_null=True)
    duration_minutes = serializers.IntegerField(min_value=1, max_value=24 * 60)
    place_type = _choice(PlaceType.choices, required=False)
    place_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    level = _choice(Level.choices, required=False, allow_blank=True)
    themes = serializers.ListField(child=_choice(Theme.choices), required=False, max_length=len(Theme.values))
    equipment = serializers.ListField(
        child=_choice(Equipment.choices), required=False, max_length=len(Equipment.values)
    )
    kit_id = id_field(required=False, allow_null=True)
    autonomy = _choice(Autonomy.choices, required=False, allow_blank=True)
    referral = _choice(Referral.choices, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    referents = id_list_field(required=False)
    beneficiaries = id_list_field(required=False, help_text=_("Ids of followed people."))
    anonymous_total = serializers.IntegerField(
        min_value=0, max_value=Activity.MAX_ANONYMOUS, required=False,
        error_messages={"max_value": TOO_MANY_ANONYMOUS},
    )  # fmt: skip
    anonymous_already_seen = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, required=False)
    anonymous_breakdown = BreakdownSerializer(required=False)

    def validate_themes(self, value):
        return list(dict.fromkeys(value))

    def validate_equipment(self, value):
        return list(dict.fromkeys(value))


# Courses --------------------------------------------------------------------------------


class CourseOutput(serializers.ModelSerializer):
    referents = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    enrolled = serializers.IntegerField(read_only=True)
    completed = serializers.IntegerField(read_only=True)
    session_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Course
        fields = [
            "id", "title", "device", "planned_hours", "start_date", "end_date", "capacity", "referents",
            "enrolled", "completed", "session_count", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class CourseInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    device = _choice(Device.choices)
    planned_hours = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=Decimal(999),
        required=False,
        allow_null=True,
    )
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True)
    capacity = serializers.IntegerField(min_value=1, max_value=1000, required=False, allow_null=True)
    referents = id_list_field(required=False)


class EnrolmentOutput(serializers.ModelSerializer):
    course = serializers.IntegerField(source="course_id", read_only=True)
    beneficiary = serializers.IntegerField(source="beneficiary_id", read_only=True)
    code = serializers.CharField(source="beneficiary.code", read_only=True)

    class Meta:
        model = Enrolment
        fields = ["id", "course", "beneficiary", "code", "status", "enrolled_at", "updated_at"]
        read_only_fields = fields


class EnrolmentInput(serializers.Serializer):
    beneficiary = id_field()


class EnrolmentStatusInput(serializers.Serializer):
    status = _choice(EnrolmentStatus.choices)


class SessionOutput(serializers.ModelSerializer):
    course = serializers.IntegerField(source="course_id", read_only=True)
    referents = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    attendees = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id",
            "course",
            "date",
            "start_time",
            "duration_minutes",
            "themes",
            "referents",
            "attendees",
            "updated_at",
        ]
        read_only_fields = fields

    def get_attendees(self, activity) -> list[int]:
        return sorted(p.beneficiary_id for p in activity.participations.all())


class SessionInput(serializers.Serializer):
    """A session of a course and who attended (people enrolled in the course only)."""

    date = serializers.DateField()
    start_time = serializers.TimeField(required=False, allow_null=True)
    duration_minutes = serializers.IntegerField(min_value=1, max_value=24 * 60)
    attendees = id_list_field(required=False)
    referents = id_list_field(required=False)
    themes = serializers.ListField(child=_choice(Theme.choices), required=False, max_length=len(Theme.values))


# Assessments ----------------------------------------------------------------------------


class AssessmentOutput(serializers.ModelSerializer):
    beneficiary = serializers.IntegerField(source="beneficiary_id", read_only=True)
    course = serializers.IntegerField(source="course_id", allow_null=True, read_only=True)
    scores = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text=_('Level (0 to 3) per competence code of the Pix / DigComp reference, e.g. {"1.1": 2}.'),
    )
    areas = serializers.SerializerMethodField(help_text=_("Mean level per area of the competences scored."))
    total = serializers.IntegerField(read_only=True)

    class Meta:
        model = SkillAssessment
        fields = ["id", "beneficiary", "course", "date", "moment", "scores", "areas", "total", "updated_at"]
        read_only_fields = fields

    def get_areas(self, assessment) -> dict[str, float]:
        return scores_by_area(assessment.scores)


class AssessmentInput(serializers.Serializer):
    """Entry or exit levels per competence of the shared reference (Pix / DigComp), from 0 (not acquired) to 3
    (acquired); recording the same moment again replaces it."""

    beneficiary = id_field()
    course = id_field(required=False, allow_null=True)
    moment = _choice(AssessmentMoment.choices)
    date = serializers.DateField()
    scores = serializers.DictField(
        child=serializers.JSONField(),
        allow_empty=False,
        help_text=_('Level (0 to 3) per competence code (1.1 to 5.2), e.g. {"1.1": 2, "4.1": 1}.'),
    )


# Histories and records ------------------------------------------------------------------


class AuditEventOutput(serializers.ModelSerializer):
    """One line of the structure's audit log: who did what to which record (never a person's values)."""

    user = serializers.IntegerField(source="user_id", allow_null=True, read_only=True)
    user_email = serializers.SerializerMethodField()
    details = serializers.DictField(read_only=True)

    class Meta:
        model = AuditEvent
        fields = ["id", "at", "user", "user_email", "action", "target_type", "target_id", "target_code", "details"]
        read_only_fields = fields

    def get_user_email(self, event) -> str:
        return event.user.email if event.user_id and event.user else ""


class ActivityChangeOutput(serializers.ModelSerializer):
    """Who changed a session, when, and what: ``{field: [before, after]}`` (people as ids)."""

    activity = serializers.IntegerField(source="activity_id", read_only=True)
    user = serializers.IntegerField(source="user_id", allow_null=True, read_only=True)
    user_name = serializers.SerializerMethodField()
    action = serializers.ChoiceField(choices=["created", "updated", "deleted"], read_only=True)
    changes = serializers.DictField(child=serializers.ListField(child=serializers.JSONField()), read_only=True)

    class Meta:
        model = ActivityChange
        fields = ["id", "activity", "at", "user", "user_name", "action", "changes"]
        read_only_fields = fields

    def get_user_name(self, change) -> str:
        return self.context.get("user_names", {}).get(change.user_id, "")


class ReferentTrainingOutput(serializers.ModelSerializer):
    """A referent's registration to one of the network's training sessions."""

    referent = serializers.IntegerField(source="referent_id", read_only=True)
    session = serializers.IntegerField(source="session_id", read_only=True)
    module = serializers.IntegerField(source="module_id", read_only=True)
    module_name = serializers.SerializerMethodField()
    status = _choice(TrainingStatus.choices, read_only=True)

    class Meta:
        model = ReferentTraining
        fields = ["id", "referent", "session", "module", "module_name", "status", "updated_at"]
        read_only_fields = fields

    def get_module_name(self, training) -> str:
        return self.context.get("modules", {}).get(training.module_id, "")
