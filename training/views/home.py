import dataclasses
from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from figures.compare import compared_rows
from figures.compute import DEFINITIONS, Figures, compute_figures
from figures.enums import ActivityKind, AgeBand, ExitSituation, Gender, ReferralSource, SocialStatus, Theme
from figures.periods import CompareMode, comparison_period
from figures.reference import area_rows
from training import selectors
from training.forms import PeriodForm, today
from training.views.base import MemberMixin, is_manager


def structure_figures(request, *, start=None, end=None, kinds=None) -> "LabelledFigures":
    """The structure's figures, computed by the network's own code so that definitions match."""
    figures = compute_figures(structure_ids=[request.tenant.pk], start=start, end=end, kinds=kinds)
    return with_labels(figures)


def _labelled(counts: dict, choices) -> list[tuple[str, int, int]]:
    """(label, count, percent of the total) in the vocabulary's order."""
    labels = dict(choices.choices)
    total = sum(counts.values()) or 1
    return [(labels.get(code, code), n, round(n * 100 / total)) for code, n in counts.items()]


@dataclass(frozen=True)
class LabelledFigures:
    """``Figures`` with French labels for the templates; every other attribute is the figures' own."""

    figures: Figures
    gender_rows: list
    age_rows: list
    status_rows: list
    theme_rows: list
    month_rows: list
    assessment_rows: list
    referral_rows: list = dataclasses.field(default_factory=list)
    exit_rows: list = dataclasses.field(default_factory=list)

    @property
    def autonomous_pct(self) -> int | None:
        share = (self.figures.journeys or {}).get("autonomous_share")
        return None if share is None else round(share * 100)

    def __getattr__(self, name):
        return getattr(self.figures, name)


def with_labels(figures: Figures) -> LabelledFigures:
    kinds = dict(ActivityKind.choices)
    return LabelledFigures(
        figures=figures,
        gender_rows=_labelled(figures.gender, Gender),
        age_rows=_labelled(figures.age_bands, AgeBand),
        status_rows=_labelled(figures.status, SocialStatus),
        theme_rows=_labelled(figures.themes, Theme),
        assessment_rows=area_rows(figures.assessments),
        referral_rows=[r for r in _labelled(figures.journeys.get("referral_sources", {}), ReferralSource) if r[1]],
        exit_rows=[r for r in _labelled(figures.journeys.get("exit_situations", {}), ExitSituation) if r[1]],
        month_rows=[
            (month, [(kinds.get(k, k), n) for k, n in counts.items()], sum(counts.values()))
            for month, counts in sorted(figures.by_month.items())
        ],
    )


def every_month(rows: list, start, end) -> list:
    """The month rows of the period, the empty months included (as "YYYY-MM", like the figures)."""
    if not start or not end or end < start:
        return rows
    known = {month: (month, kinds, total) for month, kinds, total in rows}
    months, month = [], start.replace(day=1)
    while month <= end and len(months) < 240:
        key = month.strftime("%Y-%m")
        months.append(known.get(key, (key, [], 0)))
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def figure_definitions() -> list:
    texts = DEFINITIONS.values() if isinstance(DEFINITIONS, dict) else DEFINITIONS
    return [split_definition(str(text)) for text in texts]


def split_definition(text: str) -> tuple[str, str]:
    """ "Term: what it means" -> (term, meaning), so that the reader (and a screen reader) gets the term."""
    term, sep, meaning = text.partition(":")
    if not sep:
        return ("", text)
    return (term.strip(), meaning.strip())


class HomeView(MemberMixin, TemplateView):
    """The structure's home: what a referent does most, one tap away."""

    template_name = "training/home.html"

    def get_context_data(self, **kwargs):
        now = today()
        return {
            **super().get_context_data(**kwargs),
            "recent": selectors.activities_for_list()[:8],
            "month_start": now.replace(day=1),
            "figures": structure_figures(self.request, start=now.replace(day=1), end=now),
            "is_manager": is_manager(self.request),
        }


class DashboardView(MemberMixin, TemplateView):
    """The structure's own results for a chosen period, with the network's definitions."""

    template_name = "training/dashboard.html"

    def get_context_data(self, **kwargs):
        form = PeriodForm(self.request.GET or None)
        start, end = PeriodForm.default_period()
        kinds = None
        if form.is_bound and form.is_valid():
            start = form.cleaned_data["start"] or start
            end = form.cleaned_data["end"] or end
            kinds = [form.cleaned_data["kind"]] if form.cleaned_data["kind"] else None
        elif not form.is_bound:
            form = PeriodForm(initial={"start": start, "end": end})
        if form.is_bound and not form.is_valid():
            # A wrong period (e.g. reversed dates) is explained, never replaced by another period's figures.
            return {
                **super().get_context_data(**kwargs),
                "form": form,
                "start": None,
                "end": None,
                "figures": None,
                "definitions": figure_definitions(),
                "unavailable": _("Correct the period above to see the figures."),
            }
        figures = structure_figures(self.request, start=start, end=end, kinds=kinds)
        if figures is not None:
            figures = dataclasses.replace(figures, month_rows=every_month(figures.month_rows, start, end))
        comparison = None
        mode = form.cleaned_data.get("compare") if form.is_bound else None
        if mode and figures is not None:
            comparison = self.comparison(figures, start=start, end=end, kinds=kinds, mode=mode)
        return {
            **super().get_context_data(**kwargs),
            "form": form,
            "start": start,
            "end": end,
            "figures": figures,
            "comparison": comparison,
            "definitions": figure_definitions(),
            "unavailable": _("The figures are not available yet.") if figures is None else "",
            "is_manager": is_manager(self.request),
        }

    def comparison(self, figures, *, start, end, kinds, mode) -> dict:
        """The figures at the top of the page side by side with the period compared with, and the change."""
        first, last = comparison_period(start, end, mode)
        previous = compute_figures(structure_ids=[self.request.tenant.pk], start=first, end=last, kinds=kinds)
        items = [
            ("activities", _("Sessions")), ("workshops", _("Thematic workshops")),
            ("dropins", _("Individual drop-ins")), ("course_sessions", _("Course sessions")),
            ("courses", _("Courses")), ("people", _("People accompanied")),
            ("people_in_courses", _("People in courses")), ("completion_rate", _("Completion rate")),
            ("women_share", _("Women")), ("mean_age", _("Mean age")), ("hours", _("Hours delivered")),
        ]  # fmt: skip
        return {
            "start": first,
            "end": last,
            "label": CompareMode(mode).label,
            "rows": compared_rows(figures.figures, previous, items),
        }
