"""The network's figures for any programme, period, structures and kinds of activity."""

from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from figures.compare import figures_change
from figures.compute import DEFINITIONS
from figures.enums import ActivityKind, AgeBand, Gender, SocialStatus, Theme
from figures.periods import CompareMode
from figures.reference import area_rows
from network.charts import activity_by_month_and_structure, bars
from network.figures import network_figures
from network.forms import FiguresFilterForm
from network.views.base import NetworkStaffRequiredMixin, TableExportMixin


class DashboardView(NetworkStaffRequiredMixin, TableExportMixin, TemplateView):
    template_name = "network/dashboard.html"
    export_filename = "chiffres"

    def compute(self):
        if not hasattr(self, "_computed"):
            form = FiguresFilterForm(self.request.GET or None)
            scope = form.scope()
            figures = network_figures(**scope)
            compared_scope = form.comparison_scope()
            previous = network_figures(**compared_scope) if compared_scope else None
            comparison = None
            if previous is not None:
                comparison = self.comparison(figures, previous, compared_scope)
                comparison["label"] = CompareMode(form.cleaned_data["compare"]).label
            self._computed = (form, scope, figures, comparison)
        return self._computed

    def comparison(self, figures, previous, scope) -> dict:
        """The summary's rows side by side with the period compared with: (key, label, value, before, change)."""
        changes = figures_change(figures, previous)
        rows = [
            (key, label, value, before, changes[key])
            for (key, label, value, _d), (_k, _l, before, _d2) in zip(
                self.summary(figures), self.summary(previous), strict=True
            )
        ]
        return {"start": scope["start"], "end": scope["end"], "rows": rows}

    def chart_tables(self, figures) -> dict:
        themes = dict(Theme.choices)
        return {
            "gender": bars((label, figures.gender.get(code, 0)) for code, label in Gender.choices),
            "age_bands": bars((label, figures.age_bands.get(code, 0)) for code, label in reversed(AgeBand.choices)),
            "status": bars((label, figures.status.get(code, 0)) for code, label in SocialStatus.choices),
            "themes": bars((themes.get(code, code), n) for code, n in figures.themes.items()),
            "activities": bars((label, figures.activities.get(code, 0)) for code, label in ActivityKind.choices),
        }

    def summary(self, figures) -> list[tuple]:
        women = figures.women_share
        rate = figures.completion_rate
        return [
            ("structures", _("Structures"), figures.structures, ""),
            ("referents_trained", _("Referents trained"), figures.referents_trained, ""),
            ("sessions", _("Sessions"), figures.sessions, DEFINITIONS["sessions"]),
            ("workshops", _("Thematic workshops"), figures.activities["workshop"], ""),
            ("dropins", _("Individual drop-ins"), figures.activities["dropin"], ""),
            ("courses", _("Courses"), figures.courses["total"], DEFINITIONS["courses"]),
            ("courses_computer", _("Courses on computer"), figures.courses["computer"], ""),
            ("courses_tablet", _("Courses on tablet"), figures.courses["tablet"], ""),
            ("course_sessions", _("Course sessions"), figures.activities["course_session"], ""),
            ("awareness", _("Awareness meetings"), figures.activities["awareness"], ""),
            ("people", _("People accompanied"), figures.people, DEFINITIONS["people"]),
            ("people_in_courses", _("People in courses"), figures.people_in_courses,
             DEFINITIONS["people_in_courses"]),
            ("completion_rate", _("Completion rate"), f"{round(100 * rate)} %" if rate is not None else "–",
             DEFINITIONS["completion_rate"]),
            ("women_share", _("Women"), f"{round(100 * women)} %" if women is not None else "–",
             DEFINITIONS["women_share"]),
            ("mean_age", _("Mean age"), figures.mean_age if figures.mean_age is not None else "–",
             DEFINITIONS["mean_age"]),
            ("mean_age_excluded", _("People left out of the mean age"), figures.mean_age_excluded, ""),
            ("hours", _("Hours delivered"), figures.hours, DEFINITIONS["hours"]),
        ]  # fmt: skip

    def practices(self, figures) -> list[tuple[str, object]]:
        """The other programmes' practices: equipment aid, open-access desk, mentors, awareness meetings."""
        equipment, desk = figures.equipment, figures.desk
        mentors, awareness = figures.mentors, figures.awareness
        share = equipment["completers_equipped_share"]
        return [
            (_("Devices given"), equipment["devices"]),
            (_("Connectivity subsidies"), equipment["subsidies"]),
            (_("Subsidies in total (€)"), equipment["subsidies_amount"]),
            (_("People equipped"), equipment["people_equipped"]),
            (_("Course completers equipped"), f"{round(100 * share)} %" if share is not None else "–"),
            (_("Open-access desk visits"), desk["visits"]),
            (_("Mentors"), mentors["mentors"]),
            (_("People mentored"), mentors["mentees"]),
            (_("Awareness meetings"), awareness["meetings"]),
            (_("People invited to awareness meetings"), awareness["invited"]),
            (_("Attendees of awareness meetings"), awareness["attendees"]),
            (_("Then enrolled in a course"), awareness["followup_course"]),
            (_("Then followed individually"), awareness["followup_individual"]),
        ]

    def assessment_table(self, figures) -> tuple:
        headers = [_("Area"), _("People assessed at entry"), _("Mean entry level"), _("People assessed at exit"),
                   _("Mean exit level"), _("Entry–exit pairs"), _("Progressed")]  # fmt: skip
        rows = (
            (f"{r['code']}. {r['label']}", r["entry_people"], r["entry_mean"], r["exit_people"], r["exit_mean"],
             r["pairs"], r["progressed"])
            for r in area_rows(figures.assessments)
        )  # fmt: skip
        return headers, rows

    def get_tables(self):
        _form, scope, figures, comparison = self.compute()
        charts = self.chart_tables(figures)
        monthly = activity_by_month_and_structure(**scope)

        def pairs(name):
            return ((b["label"], b["value"]) for b in charts[name])

        summary = ([_("Figure"), _("Value")], ((label, value) for _k, label, value, _d in self.summary(figures)))
        if comparison:
            summary = compared_table(comparison)
        return {
            "figures": summary,
            "gender": ([_("Gender"), _("People")], pairs("gender")),
            "age_bands": ([_("Age band"), _("People")], pairs("age_bands")),
            "status": ([_("Status"), _("People")], pairs("status")),
            "themes": ([_("Theme"), _("Activities")], pairs("themes")),
            "activities": ([_("Kind"), _("Activities")], pairs("activities")),
            "practices": ([_("Figure"), _("Value")], self.practices(figures)),
            "assessments": self.assessment_table(figures),
            "monthly": (
                [_("Month"), *[s["name"] for s in monthly["structures"]], _("Total")],
                ((r["month"].strftime("%Y-%m"), *r["counts"], r["total"]) for r in monthly["rows"]),
            ),
        }

    def get_context_data(self, **kwargs):
        form, scope, figures, comparison = self.compute()
        return {
            **super().get_context_data(**kwargs),
            "form": form,
            "scope": scope,
            "figures": figures,
            "comparison": comparison,
            "summary": self.summary(figures),
            "charts": self.chart_tables(figures),
            "monthly": activity_by_month_and_structure(**scope),
            "definitions": DEFINITIONS,
            "practices": self.practices(figures),
            "assessment_rows": area_rows(figures.assessments),
        }


def compared_table(comparison: dict) -> tuple:
    """The export of figures compared: value, value of the period compared with, change, change in percent."""
    period = f"{comparison['start']:%d/%m/%Y} – {comparison['end']:%d/%m/%Y}"
    headers = [
        _("Figure"), _("Value"), _("Period compared with (%(period)s)") % {"period": period},
        _("Change (percentage points for a share)"), _("Change (%)"),
    ]  # fmt: skip
    rows = (
        (label, value, before, change.difference, change.percent)
        for _k, label, value, before, change in comparison["rows"]
    )
    return headers, rows
