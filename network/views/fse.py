"""A programme's anonymous FSE summary table (European Social Fund participant indicators)."""

from collections import Counter

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from figures.compute import PROFILE_ANSWERS
from figures.enums import Answer, ExitSituation, FseAgeGroup, ReferralSource, fse_age_group_for
from figures.fse import GROUPS, HEADERS
from network.models import Programme
from network.selectors import programme_fse
from network.views.base import CoordinatorRequiredMixin, TableExportMixin


class ProgrammeFseView(CoordinatorRequiredMixin, TableExportMixin, TemplateView):
    """The FSE participants at entry and at exit of a programme's structures over its period, from the
    anonymous facts, with CSV and XLSX exports."""

    template_name = "network/programme_fse.html"
    export_filename = "fse"

    def dispatch(self, request, *args, **kwargs):
        self.programme = get_object_or_404(Programme, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def table(self) -> dict:
        if not hasattr(self, "_table"):
            self._table = programme_fse(self.programme)
        return self._table

    def get_tables(self):
        headers = [_("Moment"), _("Group"), *(HEADERS[c] for c in ("code", "label", "women", "men", "unknown",
                                                                     "total"))]  # fmt: skip
        rows = [
            (moment, GROUPS[r["group"]], r["code"], r["label"], r["women"], r["men"], r["unknown"], r["total"])
            for moment, key in ((_("At entry"), "entry"), (_("At exit"), "exit"))
            for r in self.table()[key]
        ]
        return {"fse": (headers, rows)}

    def get_context_data(self, **kwargs):
        table = self.table()
        sections = []
        for title, key in ((_("At entry"), "entry"), (_("At exit"), "exit")):
            groups = []
            for row in table[key]:
                if not groups or groups[-1]["group"] != row["group"]:
                    groups.append({"group": row["group"], "title": GROUPS[row["group"]], "rows": []})
                groups[-1]["rows"].append(row)
            sections.append({"title": title, "key": key, "groups": groups})
        return {
            **super().get_context_data(**kwargs),
            "programme": self.programme,
            "sections": sections,
            "headers": HEADERS,
        }


def _percent(part, whole) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _rows_of(counts: dict, choices, total=None) -> list[tuple[str, int, float | None]]:
    """(label, count, percent) of the codes counted, in the vocabulary's order, zeros left out."""
    labels = dict(choices.choices)
    total = sum(counts.values()) if total is None else total
    return [(labels.get(code, code), n, _percent(n, total)) for code, n in counts.items() if n]


def age_rows(ages: dict[int, int], followed: int, bounds) -> list[tuple[str, int, float | None]]:
    """Followed people by the funder's age bands (lower bounds, e.g. [25, 45]: under 25, 25–44, 45 and
    over), or by the FSE's age groups without them; the people of unknown age last."""
    bounds = sorted({int(b) for b in bounds or [] if b})
    if not bounds:
        counts = Counter()
        for age, n in ages.items():
            counts[fse_age_group_for(age)] += n
        rows = [(label, counts[code]) for code, label in FseAgeGroup.choices if code != FseAgeGroup.UNKNOWN]
    else:
        edges = [None, *bounds, None]
        rows = []
        for low, high in zip(edges, edges[1:], strict=False):
            n = sum(
                count for age, count in ages.items() if (low is None or age >= low) and (high is None or age < high)
            )
            if low is None:
                label = _("under %(age)s") % {"age": high}
            elif high is None:
                label = _("%(age)s and over") % {"age": low}
            else:
                label = f"{low}–{high - 1}"
            rows.append((label, n))
    unknown = followed - sum(ages.values())
    if unknown > 0:
        rows.append((_("age not given"), unknown))
    return [(label, n, _percent(n, followed)) for label, n in rows]


def journey_report(figures, programme) -> dict:
    """The funder report's journey section (``network/includes/report_journeys.html``): shown only when
    the programme's people have a journey recorded (a referral, an exit or a known profile answer)."""
    journeys, profile = figures.journeys or {}, figures.profile or {}
    known_profile = any(
        profile.get(name, {}).get(code, 0) for name in PROFILE_ANSWERS for code in (Answer.YES, Answer.NO)
    )
    shown = bool(journeys.get("referred") or journeys.get("exits") or known_profile)
    if not shown:
        return {"journey_shown": False}
    followed = figures.people_followed

    def percent(name):
        share = profile.get(f"{name}_share")
        return None if share is None else round(100 * share, 1)

    share = journeys.get("autonomous_share")
    return {
        "journey_shown": True,
        "journeys": journeys,
        "journey_profile": profile,
        "journey_followed": followed,
        "autonomous_percent": None if share is None else round(100 * share, 1),
        "qpv_percent": percent("qpv"),
        "minimum_income_percent": percent("minimum_income"),
        "single_parent_percent": percent("single_parent"),
        "referral_rows": _rows_of(journeys.get("referral_sources", {}), ReferralSource),
        "exit_rows": _rows_of(journeys.get("exit_situations", {}), ExitSituation),
        "journey_age_rows": age_rows(figures.ages or {}, followed, getattr(programme, "age_bands", None)),
        "journey_age_bands": bool(getattr(programme, "age_bands", None)),
    }


def without_journeys(definitions: dict) -> dict:
    """The definitions of a report without a journey section (the pilot's, as published)."""
    return {key: text for key, text in definitions.items() if key not in ("journeys", "profile", "ages")}
