"""Output shapes of the network's endpoints: public information and anonymous figures only."""

from rest_framework import serializers

from cms.models import KitPage
from network.models import CoachingPlan, Milestone, Programme, Target, TrainingRegistration, TrainingSession
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
            "latitude", "longitude", "phone", "email", "website", "opening_hours", "summary", "url",
        ]  # fmt: skip
        read_only_fields = fields


class KitOutput(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = KitPage
        fields = [
            "id", "title", "slug", "summary", "themes", "level", "duration_minutes", "group_size_min",
            "group_size_max", "equipment", "audiences", "licence", "first_published_at", "url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_url(self, kit) -> str | None:
        return kit.get_url(request=self.context.get("request"))


class MilestoneOutput(serializers.ModelSerializer):
    state = serializers.CharField(source="current_state", read_only=True)

    class Meta:
        model = Milestone
        fields = ["id", "code", "title", "order", "due_date", "completed_on", "state"]
        read_only_fields = fields


class CoachingPlanOutput(serializers.ModelSerializer):
    structure_name = serializers.CharField(source="structure.name", read_only=True)
    milestones = MilestoneOutput(many=True, read_only=True)

    class Meta:
        model = CoachingPlan
        fields = ["id", "structure", "structure_name", "needs", "start", "end", "milestones"]
        read_only_fields = fields


class FunderOutput(serializers.Serializer):
    name = serializers.CharField()
    share = serializers.FloatField(allow_null=True, required=False)


class ProgrammeOutput(serializers.ModelSerializer):
    funders = FunderOutput(many=True, read_only=True)
    plans = CoachingPlanOutput(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "name", "territory", "start", "end", "description", "funders", "plans"]
        read_only_fields = fields


class TargetOutput(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["id", "programme", "structure", "indicator", "value"]
        read_only_fields = fields


class RegistrationOutput(serializers.ModelSerializer):
    structure_name = serializers.CharField(source="structure.name", read_only=True)

    class Meta:
        model = TrainingRegistration
        fields = ["id", "structure", "structure_name", "referent_id", "referent_name", "status", "updated_at"]
        read_only_fields = fields


class TrainingSessionOutput(serializers.ModelSerializer):
    module_code = serializers.CharField(source="module.code", read_only=True)
    module_title = serializers.CharField(source="module.title", read_only=True)
    registrations = RegistrationOutput(many=True, read_only=True)

    class Meta:
        model = TrainingSession
        fields = [
            "id", "module", "module_code", "module_title", "programme", "date", "remote", "place", "trainer",
            "capacity", "registrations",
        ]  # fmt: skip
        read_only_fields = fields
