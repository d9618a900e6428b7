"""Reads that span models: the coaching board, trained referents, targets' progress."""

import datetime
from datetime import timedelta

from django.db.models import Max, Prefetch
from django.utils import timezone

from figures.models import ActivityFact
from network.enums import Indicator, MilestoneState
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
}


def indicator_value(figures, indicator: str):
    return FIGURE_OF_INDICATOR[indicator](figures)


def target_progress(programme: Programme, today: datetime.date | None = None) -> list[dict]:
    """Each target with what is reached, its share, and whether it is on track for the time elapsed.

    On track: the share reached is at least the share of the programme's duration elapsed.
    """
    targets = list(Target.objects.filter(programme=programme).select_related("structure"))
    structure_ids = list(programme.plans.values_list("structure_id", flat=True))
    elapsed = programme.elapsed_share(today)
    figures_cache: dict = {}

    def figures_for(structure_id):
        if structure_id not in figures_cache:
            ids = [structure_id] if structure_id else structure_ids
            figures_cache[structure_id] = network_figures(structure_ids=ids, start=programme.start, end=programme.end)
        return figures_cache[structure_id]

    rows = []
    for target in targets:
        reached = indicator_value(figures_for(target.structure_id), target.indicator)
        share = reached / target.value if target.value else 0
        rows.append(
            {
                "target": target,
                "reached": reached,
                "share": share,
                "percent": round(100 * share),
                "bar": min(round(100 * share), 100),
                "expected": round(target.value * elapsed),
                "on_track": share >= elapsed - 1e-9,
            }
        )
    rows.sort(
        key=lambda r: (
            r["target"].structure is not None,
            r["target"].structure.name if r["target"].structure else "",
            r["target"].indicator,
        )
    )
    return rows


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
