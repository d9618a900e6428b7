"""Reads that span models: the coaching board, trained referents, targets' progress."""

import datetime
from collections import Counter
from datetime import timedelta
from decimal import Decimal

from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from figures.compute import PROFILE_ANSWERS
from figures.enums import Answer, ExitSituation, FseAgeGroup, ReferralSource, fse_age_group_for
from figures.fse import fse_table
from figures.models import ActivityFact
from network.enums import SHARE_INDICATORS, FunderKind, Indicator, MilestoneState
from network.figures import network_figures, referents_trained
from network.models import (
    CoachingPlan,
    Milestone,
    MilestoneTemplate,
    Programme,
    Target,
    TrainingModule,
    TrainingSession,
)

INACTIVITY_DAYS = 30


def last_activity_by_structure(structure_ids) -> dict[int, datetime.date]:
    return dict(
        ActivityFact.objects.filter(structure_id__in=list(structure_ids))
        .values("structure_id")
        .annotate(last=Max("date"))
        .values_list("structure_id", "last")
    )


def is_inactive(last: datetime.date | None, today: datetime.date | None = None) -> bool:
    """No activity logged in the last 30 days (or none at all)."""
    today = today or timezone.localdate()
    return last is None or last < today - timedelta(days=INACTIVITY_DAYS)


def coaching_board(programme: Programme, today: datetime.date | None = None) -> dict:
    """Structures × milestone steps: each cell done / due / overdue; each structure's progress and activity."""
    today = today or timezone.localdate()
    steps = list(MilestoneTemplate.objects.filter(active=True))
    plans = list(
        CoachingPlan.objects.filter(programme=programme)
        .select_related("structure")
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("order")))
    )
    last = last_activity_by_structure(p.structure_id for p in plans)
    codes = [s.code for s in steps]
    extra_codes = sorted({m.code for p in plans for m in p.milestones.all()} - set(codes))
    columns = [(s.code, s.title) for s in steps]
    titles = {m.code: m.title for p in plans for m in p.milestones.all()}
    columns += [(code, titles[code]) for code in extra_codes]
    rows = []
    for plan in plans:
        by_code = {m.code: m for m in plan.milestones.all()}
        cells = []
        for code, _title in columns:
            milestone = by_code.get(code)
            cells.append({"milestone": milestone, "state": milestone.state(today) if milestone else None})
        total = len(by_code)
        done = sum(1 for m in by_code.values() if m.completed_on)
        rows.append(
            {
                "plan": plan,
                "structure": plan.structure,
                "cells": cells,
                "done": done,
                "total": total,
                "progress": round(100 * done / total) if total else 0,
                "overdue": sum(1 for m in by_code.values() if m.state(today) == MilestoneState.OVERDUE),
                "last_activity": last.get(plan.structure_id),
                "inactive": is_inactive(last.get(plan.structure_id), today),
            }
        )
    return {"columns": columns, "rows": rows}


def trained_by_structure(structure_ids) -> dict[int, int]:
    """Referents who attended every required module, per structure (see ``network.figures.referents_trained``)."""
    return referents_trained(list(structure_ids))


FIGURE_OF_INDICATOR = {
    Indicator.PEOPLE: lambda f: f.people,
    Indicator.PEOPLE_IN_COURSES: lambda f: f.people_in_courses,
    Indicator.SESSIONS: lambda f: f.sessions,
    Indicator.WORKSHOPS: lambda f: f.activities["workshop"] + f.activities["dropin"],
    Indicator.COURSES: lambda f: f.courses["total"],
    Indicator.REFERENTS_TRAINED: lambda f: f.referents_trained,
    Indicator.HOURS: lambda f: f.hours,
    # Shares (0–1, None when nothing is known): their targets are percents.
    Indicator.AUTONOMOUS_SHARE: lambda f: f.journeys["autonomous_share"],
    Indicator.QPV_SHARE: lambda f: f.profile["qpv_share"],
    Indicator.WOMEN_SHARE: lambda f: f.women_share,
    Indicator.COMPLETION_RATE: lambda f: f.completion_rate,
    Indicator.REFERRED: lambda f: f.journeys["referred"],
    Indicator.EXITS: lambda f: f.journeys["exits"],
    Indicator.PEOPLE_FOLLOWED: lambda f: f.people_followed,
    Indicator.PEOPLE_EQUIPPED: lambda f: f.equipment["people_equipped"],
    Indicator.DEVICES: lambda f: f.equipment["devices"],
    Indicator.SUBSIDIES: lambda f: f.equipment["subsidies"],
    Indicator.AWARENESS_ATTENDEES: lambda f: f.awareness["attendees"],
    Indicator.AWARENESS_INVITED: lambda f: f.awareness["invited"],
}


def indicator_value(figures, indicator: str):
    return FIGURE_OF_INDICATOR[indicator](figures)


def target_row(target: Target, figures, elapsed: float) -> dict:
    """A target with what is reached and whether it is on track.

    A count is on track when the share reached is at least the share of the programme's duration elapsed;
    a share (``SHARE_INDICATORS``, target in percent) when its percent reached is at least the target, whatever
    the time elapsed.
    """
    value = indicator_value(figures, target.indicator)
    if target.indicator in SHARE_INDICATORS:
        # No answer known yet (e.g. no exit with a known autonomy): no result, neither reached nor behind.
        reached = None if value is None else round(100 * value)
        share = None if reached is None else reached / target.value
        expected, on_track = target.value, reached is not None and reached >= target.value
    else:
        reached = value
        share = reached / target.value if target.value else 0
        expected, on_track = round(target.value * elapsed), share >= elapsed - 1e-9
    return {
        "target": target,
        "reached": reached,
        "share": share,
        "percent": None if share is None else round(100 * share),
        "bar": 0 if share is None else min(round(100 * share), 100),
        "expected": expected,
        "on_track": on_track,
        "is_share": target.indicator in SHARE_INDICATORS,
        "unit": "%" if target.indicator in SHARE_INDICATORS else "",
    }


def target_progress(
    programme: Programme, today: datetime.date | None = None, figures=None, whole_programme: bool = False
) -> list[dict]:
    """Each target with what is reached, its share, and whether it is on track (see ``target_row``).

    ``figures``: the programme's figures when the caller has them (``by_structure`` ones are used for the
    structures' targets); ``whole_programme``: the targets without structure only.
    """
    targets = Target.objects.filter(programme=programme).select_related("structure")
    if whole_programme:
        targets = targets.filter(structure__isnull=True)
    targets = list(targets)
    elapsed = programme.elapsed_share(today)
    figures_cache: dict = {}
    if figures is not None:
        figures_cache = {None: figures, **figures.by_structure}

    def figures_for(structure_id):
        if structure_id not in figures_cache:
            if structure_id:
                ids = [structure_id]
            else:
                ids = list(programme.plans.values_list("structure_id", flat=True))
            figures_cache[structure_id] = network_figures(structure_ids=ids, start=programme.start, end=programme.end)
        return figures_cache[structure_id]

    rows = [target_row(target, figures_for(target.structure_id), elapsed) for target in targets]
    rows.sort(
        key=lambda r: (
            r["target"].structure is not None,
            r["target"].structure.name if r["target"].structure else "",
            r["target"].indicator,
        )
    )
    return rows


def programme_funding(programme: Programme, people: int | None = None) -> dict:
    """A programme's budget and funders: each share as given, or computed from its amount (of the budget, else
    of the amounts given); the structure's own funds; what the funders listed leave uncovered; the cost per
    person accompanied (budget ÷ ``people``)."""
    fundings = list(programme.fundings.all())
    budget = programme.budget
    amounts = sum((f.amount for f in fundings if f.amount is not None), Decimal(0))
    base = budget or amounts or None
    rows = []
    for funding in fundings:
        computed = None
        if funding.share is None and funding.amount is not None and base:
            computed = (100 * funding.amount / base).quantize(Decimal("0.1"))
        rows.append({"funding": funding, "share": funding.share, "computed_share": computed})
    own = [r for r in rows if r["funding"].kind == FunderKind.FONDS_PROPRES]
    own_amount = sum((r["funding"].amount for r in own if r["funding"].amount is not None), Decimal(0))
    uncovered = budget - amounts if budget is not None and amounts < budget else None
    cost = (budget / people).quantize(Decimal("0.01")) if budget is not None and people else None
    return {
        "budget": budget,
        "rows": rows,
        "amounts": amounts,
        "own_funds": own_amount if own and any(r["funding"].amount is not None for r in own) else None,
        "own_share": sum((r["share"] or r["computed_share"] or 0 for r in own), Decimal(0)) if own else None,
        "uncovered": uncovered,
        "cost_per_person": cost,
        "people": people,
        # More than the funders' names (which the report's heading gives): a budget, an amount or a share.
        "detailed": budget is not None or any(f.amount is not None or f.share is not None for f in fundings),
    }


def recorded_indicators(programme: Programme):
    return programme.recorded_indicators.select_related("structure").order_by("date", "label", "id")


def training_modules_catalogue() -> dict[int, tuple[str, bool]]:
    """The referent-training modules by id: (title, required)."""
    return {m.pk: (str(m), m.required) for m in TrainingModule.objects.all()}


def training_session_labels(session_ids) -> dict[int, str]:
    return {s.pk: str(s) for s in TrainingSession.objects.filter(pk__in=list(session_ids))}


def assessed_competences(structure_id: int) -> list[str]:
    """The competences the structure's programmes assess: those of its current programmes, else of its latest
    one; empty when it takes part in none (the workspace then uses the reference's beginner set)."""
    programmes = Programme.objects.filter(plans__structure_id=structure_id).distinct()
    current = list(programmes.current().values_list("competences", flat=True))
    chosen = current or list(programmes.order_by("-start").values_list("competences", flat=True)[:1])
    return sorted({code for codes in chosen for code in codes})


def programme_fse(programme: Programme) -> dict:
    """The anonymous FSE summary of a programme: its structures' participants over its period, at entry and
    at exit (``figures.fse.fse_table``); the page, its exports and the API read it here."""
    ids = list(programme.plans.values_list("structure_id", flat=True))
    return fse_table(structure_ids=ids, start=programme.start, end=programme.end)


# The funder report's journey section, shaped from the programme's figures -------------------------


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
        "journey_age_rows": age_rows(figures.ages or {}, followed, programme.age_bands),
        "journey_age_bands": bool(programme.age_bands),
    }


def without_journeys(definitions: dict) -> dict:
    """The definitions of a report without a journey section (the pilot's, as published)."""
    return {key: text for key, text in definitions.items() if key not in ("journeys", "profile", "ages")}
