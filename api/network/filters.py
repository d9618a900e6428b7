import django_filters
from django.utils.translation import gettext_lazy as _

from api.common import MAX_ID
from cms.models import KitPage
from figures.enums import Level, Theme
from network.models import Application, Call, CoachingMeeting, Milestone, Target, TrainingSession
from tenants.models import Structure


class StructureFilter(django_filters.FilterSet):
    class Meta:
        model = Structure
        fields = ["kind", "status", "postcode", "insee_code"]


class KitFilter(django_filters.FilterSet):
    theme = django_filters.ChoiceFilter(choices=Theme.choices, method="with_theme", label=_("Theme"))
    level = django_filters.ChoiceFilter(choices=Level.choices)

    class Meta:
        model = KitPage
        fields: list[str] = []

    def with_theme(self, queryset, name, value):
        return queryset.filter(themes__contains=[value])


class TrainingSessionFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From (inclusive)"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To (inclusive)"))

    class Meta:
        model = TrainingSession
        fields = ["module", "programme", "remote"]


class TargetFilter(django_filters.FilterSet):
    class Meta:
        model = Target
        fields = ["programme", "structure", "indicator"]


class CallFilter(django_filters.FilterSet):
    class Meta:
        model = Call
        fields = ["programme"]


class ApplicationFilter(django_filters.FilterSet):
    programme = django_filters.NumberFilter(
        field_name="call__programme", label=_("Programme"), min_value=1, max_value=MAX_ID
    )

    class Meta:
        model = Application
        fields = ["call", "status", "kind"]


class MilestoneFilter(django_filters.FilterSet):
    programme = django_filters.NumberFilter(
        field_name="plan__programme", label=_("Programme"), min_value=1, max_value=MAX_ID
    )
    structure = django_filters.NumberFilter(
        field_name="plan__structure", label=_("Structure"), min_value=1, max_value=MAX_ID
    )
    done = django_filters.BooleanFilter(field_name="completed_on", lookup_expr="isnull", exclude=True, label=_("Done"))

    class Meta:
        model = Milestone
        fields = ["plan", "code"]


class MeetingFilter(django_filters.FilterSet):
    programme = django_filters.NumberFilter(
        field_name="plan__programme", label=_("Programme"), min_value=1, max_value=MAX_ID
    )
    structure = django_filters.NumberFilter(
        field_name="plan__structure", label=_("Structure"), min_value=1, max_value=MAX_ID
    )
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From (inclusive)"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To (inclusive)"))

    class Meta:
        model = CoachingMeeting
        fields = ["plan", "kind"]
