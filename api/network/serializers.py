"""Input and output shapes of the network's endpoints: no person accompanied, ever.

Inputs only check types and ranges; the business rules live in ``network.services``.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.common import id_field
from cms.models import KitPage
from figures.enums import RegistrationStatus
from figures.reference import Competence
from network.enums import FunderKind, Indicator, MeetingKind
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
    TrainingRegistration,
    TrainingSession,
)
from tenants.models import Structure


class StructureOutput(serializers.ModelSerializer):
    """What the public directory shows: no member, no person, no figure."""

    url = serializers.CharField(read_only=True)
    # Empty when not given: plain strings, not always valid addresses.
    email = serializers.CharField(read_only=True)
    website = serializers.CharField(read_only=True)

    class Meta:
        model = Structure
        fields = [
            "id", "name", "slug", "kind", "status", "siret", "address", "postcode", "commune", "insee_code",
            "latitude", "longitude", "phone", "email", "website", "opening_hours", "summary", "url", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class KitOutput(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField(source="last_published_at", read_only=True)

    class Meta:
        model = KitPage
        fields = [
            "id", "title", "slug", "summary", "themes", "level", "duration_minutes", "group_size_min",
            "group_size_max", "equipment", "audiences", "licence", "first_published_at", "url",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_url(self, kit) -> str | None:
        return kit.get_url(request=self.context.get("request"))


class MilestoneOutput(serializers.ModelSerializer):
    state = serializers.CharField(source="current_state", read_only=True)

    class Meta:
        model = Milestone
        fields = ["id", "code", "title", "order", "due_date", "completed_on", "state", "updated_at"]
        read_only_fields = fields


class CoachingPlanOutput(serializers.ModelSerializer):
    structure_name = serializers.CharField(source="structure.name", read_only=True)
    milestones = MilestoneOutput(many=True, read_only=True)

    class Meta:
        model = CoachingPlan
        fields = ["id", "structure", "structure_name", "needs", "start", "end", "milestones", "updated_at"]
        read_only_fields = fields


class FunderOutput(serializers.Serializer):
    """A funder's name and share, as before its amounts and kinds (see ``fundings``)."""

    name = serializers.CharField(source="funder")
    share = serializers.FloatField(allow_null=True, required=False)


class FundingOutput(serializers.ModelSerializer):
    class Meta:
        model = Funding
        fields = ["id", "programme", "funder", "kind", "amount", "share", "updated_at"]
        read_only_fields = fields


class ProgrammeOutput(serializers.ModelSerializer):
    funders = FunderOutput(source="fundings", many=True, read_only=True)
    fundings = FundingOutput(many=True, read_only=True)
    plans = CoachingPlanOutput(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id", "name", "territory", "start", "end", "description", "budget", "report_notes", "age_bands",
            "funders", "fundings", "competences", "plans", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class FseRowOutput(serializers.Serializer):
    group = serializers.CharField(help_text=_("participants, employment, age, education, situation or exit."))
    code = serializers.CharField()
    label = serializers.CharField()
    women = serializers.IntegerField()
    men = serializers.IntegerField()
    unknown = serializers.IntegerField(help_text=_("People whose gender is not given."))
    total = serializers.IntegerField()


class FseOutput(serializers.Serializer):
    """A programme's anonymous FSE summary: its participants at entry and its exits, over its period."""

    programme = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    entry = FseRowOutput(many=True)
    exit = FseRowOutput(many=True)


class ProgrammeInput(serializers.Serializer):
    """What a coordinator changes on a programme (``PATCH``: only the fields sent)."""

    name = serializers.CharField(max_length=200)
    territory = serializers.CharField(max_length=200, allow_blank=True)
    start = serializers.DateField()
    end = serializers.DateField()
    description = serializers.CharField(allow_blank=True)
    competences = serializers.ListField(
        child=serializers.ChoiceField(choices=Competence.choices),
        allow_empty=False,
        max_length=len(Competence.values),
        help_text=_('Codes of the Pix / DigComp competences its structures\' assessments score, e.g. ["1.1", "4.1"].'),
    )
    budget = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    report_notes = serializers.CharField(allow_blank=True, max_length=10_000)
    age_bands = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=120),
        allow_empty=True,
        max_length=20,
        help_text=_("Lower bounds of the age bands its funders ask for: [25, 45] gives under 25, 25–44, 45 and over."),
    )


class TargetOutput(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["id", "programme", "structure", "indicator", "value", "updated_at"]
        read_only_fields = fields


class RegistrationOutput(serializers.ModelSerializer):
    structure_name = serializers.CharField(source="structure.name", read_only=True)

    class Meta:
        model = TrainingRegistration
        fields = [
            "id", "session", "structure", "structure_name", "referent_id", "referent_name", "status", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class TrainingSessionOutput(serializers.ModelSerializer):
    module_code = serializers.CharField(source="module.code", read_only=True)
    module_title = serializers.CharField(source="module.title", read_only=True)
    registrations = RegistrationOutput(many=True, read_only=True)

    class Meta:
        model = TrainingSession
        fields = [
            "id", "module", "module_code", "module_title", "programme", "date", "remote", "place", "trainer",
            "capacity", "registrations", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


# Writes ---------------------------------------------------------------------------------------


class CallOutput(serializers.ModelSerializer):
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = Call
        fields = ["id", "programme", "title", "description", "opens", "closes", "is_open", "updated_at"]
        read_only_fields = fields

    def get_is_open(self, call) -> bool:
        return call.is_open()


class CallInput(serializers.Serializer):
    programme = id_field()
    title = serializers.CharField(max_length=200)
    opens = serializers.DateField()
    closes = serializers.DateField()
    description = serializers.CharField(max_length=10_000, required=False, allow_blank=True)


class ApplicationOutput(serializers.ModelSerializer):
    """An application as coordinators read it: the applicant structure and its contact (staff)."""

    programme = serializers.IntegerField(source="call.programme_id", read_only=True)
    structure = serializers.IntegerField(source="structure_id", allow_null=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id", "call", "programme", "status", "structure_name", "kind", "siret", "address", "postcode",
            "commune", "contact_first_name", "contact_last_name", "contact_job_title", "contact_email",
            "contact_phone", "motivation", "publics", "submitted_at", "shortlisted_at", "decided_at",
            "decision_message", "structure", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class RejectInput(serializers.Serializer):
    message = serializers.CharField(
        max_length=5000, help_text=_("Sent by e-mail to the applicant's contact."), trim_whitespace=True
    )


class SelectInput(serializers.Serializer):
    slug = serializers.CharField(
        max_length=50,
        required=False,
        allow_blank=True,
        help_text=_("The structure's subdomain; left empty, it is made from its name."),
    )


class MilestoneDetailOutput(MilestoneOutput):
    programme = serializers.IntegerField(source="plan.programme_id", read_only=True)
    structure = serializers.IntegerField(source="plan.structure_id", read_only=True)

    class Meta(MilestoneOutput.Meta):
        fields = ["id", "plan", "programme", "structure", "code", "title", "order", "due_date", "completed_on",
                  "state", "updated_at"]  # fmt: skip
        read_only_fields = fields


class MilestoneInput(serializers.Serializer):
    """Set the due date, or mark the milestone done (``completed_on``; ``null`` to undo)."""

    due_date = serializers.DateField()
    completed_on = serializers.DateField(required=False, allow_null=True)


class MeetingOutput(serializers.ModelSerializer):
    programme = serializers.IntegerField(source="plan.programme_id", read_only=True)
    structure = serializers.IntegerField(source="plan.structure_id", read_only=True)
    created_by = serializers.IntegerField(source="created_by_id", allow_null=True, read_only=True)

    class Meta:
        model = CoachingMeeting
        fields = [
            "id",
            "plan",
            "programme",
            "structure",
            "date",
            "kind",
            "notes",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class MeetingInput(serializers.Serializer):
    plan = id_field(help_text=_("The coaching plan (one structure in one programme)."))
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=MeetingKind.choices, default=MeetingKind.FOLLOW_UP)
    notes = serializers.CharField(max_length=10_000, required=False, allow_blank=True)


class FundingInput(serializers.Serializer):
    """A funder of a programme (``PATCH``: only the fields sent); shares and amounts are checked together."""

    programme = id_field()
    funder = serializers.CharField(max_length=200, allow_blank=True)
    kind = serializers.ChoiceField(choices=FunderKind.choices, default=FunderKind.AUTRE)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True, required=False)
    share = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, required=False, help_text=_("Percent of the budget.")
    )


class FundingUpdateInput(FundingInput):
    programme = None


class RecordedIndicatorOutput(serializers.ModelSerializer):
    class Meta:
        model = RecordedIndicator
        fields = ["id", "programme", "structure", "label", "value", "unit", "date", "source", "target", "updated_at"]
        read_only_fields = fields


class RecordedIndicatorInput(serializers.Serializer):
    """A figure that comes from elsewhere (a partner service, an external platform), with its source."""

    programme = id_field()
    structure = id_field(required=False, allow_null=True, help_text=_("Empty for the whole programme."))
    label = serializers.CharField(max_length=200)
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    unit = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    date = serializers.DateField(help_text=_("The date the figure is as of."))
    # Required, by the service's rule and message (the same on the page).
    source = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text=_("Where the figure comes from.")
    )
    target = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, required=False)


class RecordedIndicatorUpdateInput(RecordedIndicatorInput):
    programme = None


class TargetInput(serializers.Serializer):
    """A target of a programme; one that exists already (same structure and indicator) is replaced."""

    programme = id_field()
    structure = id_field(required=False, allow_null=True, help_text=_("Empty for the whole programme."))
    indicator = serializers.ChoiceField(choices=Indicator.choices)
    value = serializers.IntegerField(min_value=1, max_value=10_000_000)


class TargetValueInput(serializers.Serializer):
    value = serializers.IntegerField(min_value=1, max_value=10_000_000)


class TrainingSessionInput(serializers.Serializer):
    module = id_field()
    date = serializers.DateField()
    remote = serializers.BooleanField(required=False, default=False)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    trainer = id_field(
        required=False, allow_null=True, help_text=_("A trainer or coordinator; by default, the trainer sending it.")
    )
    capacity = serializers.IntegerField(min_value=1, max_value=500, required=False, default=12)
    programme = id_field(required=False, allow_null=True)


class RegistrationInput(serializers.Serializer):
    structure = id_field()
    referent = id_field(help_text=_("The referent's id in their structure (see structures/{id}/referents/)."))


class RegistrationStatusInput(serializers.Serializer):
    """Attendance (attended, absent) once the session has taken place, or a cancellation."""

    status = serializers.ChoiceField(choices=RegistrationStatus.choices)


class StructureReferentOutput(serializers.Serializer):
    """A structure's referent (staff), to register them to a training."""

    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    job_title = serializers.CharField()
