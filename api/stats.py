"""The ``stats/`` payload, shared by the structure's and the network's endpoints.

Both call ``network.figures.network_figures`` (``figures.compute.compute_figures``), the function
behind the dashboards and the funder report, so the API and the pages always agree.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from figures.compare import figures_change
from figures.compute import DEFINITIONS
from figures.enums import (
    ActivityKind,
    AgeBand,
    Answer,
    EducationLevel,
    EmploymentSituation,
    ExitSituation,
    Gender,
    ReferralSource,
    SocialStatus,
)
from figures.periods import CompareMode, comparison_period, period_check
from network.figures import network_figures


def _by_code(choices=None, **kwargs) -> serializers.DictField:
    text = _("By code: %(codes)s.") % {"codes": ", ".join(choices.values)} if choices else _("By code.")
    return serializers.DictField(child=serializers.IntegerField(), help_text=text, **kwargs)


class ActivityCounts(serializers.Serializer):
    workshop = serializers.IntegerField()
    dropin = serializers.IntegerField()
    course_session = serializers.IntegerField()
    awareness = serializers.IntegerField()
    total = serializers.IntegerField()


class CourseCounts(serializers.Serializer):
    computer = serializers.IntegerField()
    tablet = serializers.IntegerField()
    total = serializers.IntegerField()


class AreaProgress(serializers.Serializer):
    entry_people = serializers.IntegerField(help_text=_("People assessed at entry in the period."))
    exit_people = serializers.IntegerField(help_text=_("People assessed at exit in the period."))
    entry_mean = serializers.FloatField(allow_null=True, help_text=_("Mean entry level, 0 to 3."))
    exit_mean = serializers.FloatField(allow_null=True, help_text=_("Mean exit level, 0 to 3."))
    pairs = serializers.IntegerField(help_text=_("Entry–exit pairs (same person and course, exit in the period)."))
    progressed = serializers.IntegerField(help_text=_("Pairs whose level in the area rose."))
    progressed_share = serializers.FloatField(allow_null=True)


class JourneyFigures(serializers.Serializer):
    referred = serializers.IntegerField(help_text=_("People whose referral date is in the period."))
    referral_sources = _by_code(ReferralSource)
    evaluated = serializers.IntegerField(help_text=_("People whose evaluation date is in the period."))
    exits = serializers.IntegerField(help_text=_("People whose exit date is in the period."))
    exit_situations = _by_code(ExitSituation)
    autonomous_at_exit = serializers.IntegerField()
    autonomous_share = serializers.FloatField(allow_null=True, help_text=_("Among the exits whose answer is known."))
    left_minimum_income = serializers.IntegerField(
        help_text=_("Exits of people receiving a minimum income at entry and no longer at exit.")
    )


class ProfileFigures(serializers.Serializer):
    """The followed people accompanied in the period, by their answers at entry."""

    qpv = _by_code(Answer)
    qpv_share = serializers.FloatField(allow_null=True)
    minimum_income = _by_code(Answer)
    minimum_income_share = serializers.FloatField(allow_null=True)
    single_parent = _by_code(Answer)
    single_parent_share = serializers.FloatField(allow_null=True)
    disability = _by_code(Answer)
    disability_share = serializers.FloatField(allow_null=True)
    employment = _by_code(EmploymentSituation)
    education = _by_code(EducationLevel)


class StatsOutput(serializers.Serializer):
    structures = serializers.IntegerField()
    referents_trained = serializers.IntegerField()
    activities = ActivityCounts()
    courses = CourseCounts()
    sessions = serializers.IntegerField(help_text=_("Workshops and drop-ins, plus courses counted once."))
    people = serializers.IntegerField()
    people_followed = serializers.IntegerField()
    people_anonymous = serializers.IntegerField()
    people_in_courses = serializers.IntegerField()
    completion_rate = serializers.FloatField(allow_null=True)
    gender = _by_code(Gender)
    women_share = serializers.FloatField(allow_null=True)
    mean_age = serializers.FloatField(allow_null=True)
    mean_age_excluded = serializers.IntegerField(help_text=_("People left out of the mean age (age unknown)."))
    age_bands = _by_code(AgeBand)
    status = _by_code(SocialStatus)
    hours = serializers.FloatField()
    themes = _by_code()
    kits = serializers.DictField(child=serializers.IntegerField(), help_text=_("Sessions by kit id."))
    by_month = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()),
        help_text=_("Sessions by month (YYYY-MM), then by kind."),
    )
    assessments = serializers.DictField(
        child=AreaProgress(), help_text=_("Skills progress by area of the Pix / DigComp reference (1 to 5).")
    )
    journeys = JourneyFigures()
    profile = ProfileFigures()
    ages = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("Followed people by age at their first attendance in the period.")
    )
    definitions = serializers.DictField(child=serializers.CharField())


class ComparedFigures(StatsOutput):
    """The figures of the period compared with: the same shape, without the definitions."""

    definitions = None


class FigureChange(serializers.Serializer):
    difference = serializers.FloatField(
        allow_null=True,
        help_text=_("Value minus the value compared with; for a share (0–1), the difference in percentage points."),
    )
    percent = serializers.FloatField(
        allow_null=True,
        help_text=_("Change in percent of the value compared with; null for a share, or when that value is 0 or null."),
    )


class Comparison(serializers.Serializer):
    start = serializers.DateField(help_text=_("First day of the period compared with."))
    end = serializers.DateField(help_text=_("Last day of the period compared with."))
    figures = ComparedFigures()
    change = serializers.DictField(child=FigureChange(), help_text=_("The change of each scalar figure."))


class StatsComparedOutput(StatsOutput):
    comparison = Comparison(
        required=False, help_text=_("With ``compare`` only: the figures of the period compared with, and the change.")
    )


class PeriodQuery(serializers.Serializer):
    """``from``, ``to`` (inclusive dates), ``kind`` (repeatable) and ``compare``."""

    def get_fields(self):
        return {
            "from": serializers.DateField(required=False),
            "to": serializers.DateField(required=False),
            "kind": serializers.MultipleChoiceField(choices=ActivityKind.choices, required=False),
            "compare": serializers.ChoiceField(choices=CompareMode.choices, required=False),
        }

    def validate(self, attrs):
        try:
            period_check(attrs.get("from"), attrs.get("to"))
        except DjangoValidationError as error:
            names = {"start": "from", "end": "to"}
            raise serializers.ValidationError({names[k]: v for k, v in error.message_dict.items()}) from error
        if attrs.get("from") and attrs.get("to") and attrs["to"] < attrs["from"]:
            raise serializers.ValidationError({"to": _("The end of the period must be on or after its start.")})
        if attrs.get("compare"):
            try:
                attrs["comparison"] = comparison_period(attrs.get("from"), attrs.get("to"), attrs["compare"])
            except DjangoValidationError as error:
                raise serializers.ValidationError({"compare": error.messages}) from error
        return attrs


def parse_period(request, serializer_class=PeriodQuery) -> dict:
    data = {key: request.query_params.get(key) for key in request.query_params if key != "kind"}
    if "kind" in request.query_params:
        data["kind"] = request.query_params.getlist("kind")
    query = serializer_class(data=data)
    query.is_valid(raise_exception=True)
    return query.validated_data


PERIOD_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description=_("First day of the period (inclusive).")),
    OpenApiParameter("to", OpenApiTypes.DATE, description=_("Last day of the period (inclusive).")),
    OpenApiParameter(
        "kind",
        str,
        enum=ActivityKind.values,
        many=True,
        explode=True,
        description=_("Kinds of session to count (repeat the parameter for several)."),
    ),
    OpenApiParameter(
        "compare",
        str,
        enum=CompareMode.values,
        description=_(
            "Also give the figures of the period compared with, and the change: ``previous`` (the period of the "
            "same length just before; whole months give the same number of whole months) or ``year`` (the same "
            "dates a year earlier). Needs ``from`` and ``to``."
        ),
    ),
]


def figures(*, structure_ids, period: dict) -> dict:
    kinds = sorted(period.get("kind") or []) or None
    data = network_figures(structure_ids=structure_ids, start=period.get("from"), end=period.get("to"), kinds=kinds)
    output = StatsOutput({**data.as_dict(), "definitions": {key: str(text) for key, text in DEFINITIONS.items()}}).data
    if period.get("comparison"):
        # The same scope, the period compared with (``figures.periods.comparison_period``).
        start, end = period["comparison"]
        previous = network_figures(structure_ids=structure_ids, start=start, end=end, kinds=kinds)
        output["comparison"] = Comparison(
            {
                "start": start,
                "end": end,
                "figures": previous.as_dict(),
                "change": {key: c.as_dict() for key, c in figures_change(data, previous).items()},
            }
        ).data
    return output
