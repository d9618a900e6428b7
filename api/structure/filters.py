import django_filters
from django.utils.translation import gettext_lazy as _

from api.common import MAX_ID
from figures.enums import Theme
from training.models import Activity, Beneficiary, Referent, SkillAssessment


class ReferentFilter(django_filters.FilterSet):
    class Meta:
        model = Referent
        fields = ["active"]


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Code or initials contain"), max_length=50)

    class Meta:
        model = Beneficiary
        fields = ["gender", "social_status", "birth_year"]

    def search(self, queryset, name, value):
        return queryset.search(value)


class ActivityFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From (inclusive)"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To (inclusive)"))
    theme = django_filters.ChoiceFilter(choices=Theme.choices, method="with_theme", label=_("Theme"))
    referent = django_filters.NumberFilter(
        field_name="referents", label=_("Referent id"), min_value=1, max_value=MAX_ID
    )

    class Meta:
        model = Activity
        fields = ["kind", "course", "place_type"]

    def with_theme(self, queryset, name, value):
        return queryset.filter(themes__contains=[value])


class AssessmentFilter(django_filters.FilterSet):
    class Meta:
        model = SkillAssessment
        fields = ["beneficiary", "course", "moment"]
