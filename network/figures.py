"""The network's figures, computed from the anonymous facts only (never a name).

The same function serves the structure's dashboard (one structure), the network's
dashboard, the funder report and both ``stats/`` API endpoints, so they always agree.
"""

import datetime
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext_lazy as _

from training.enums import ActivityKind, AgeBand, DeskPurpose, EquipmentKind, Gender, SocialStatus, age_band_for

DEFINITIONS = {
    "people": _(
        "People accompanied: followed people with at least one attendance in the period, plus anonymous "
        "participants not already accompanied; a person is counted once per structure."
    ),
    "people_in_courses": _("People in courses: followed people who attended at least one course session."),
    "sessions": _(
        "Sessions: thematic workshops and individual drop-ins, plus courses; a course (“parcours”) is counted "
        "once, its sessions separately."
    ),
    "courses": _(
        "Courses: counted in a period when one of their sessions takes place in it, or when they start in it."
    ),
    "completion_rate": _(
        "Completion rate: share of the enrolments in these courses completed (at least 80 % of the planned hours)."
    ),
    "mean_age": _(
        "Mean age: from the birth years of followed people, at their first attendance in the period; anonymous "
        "participants, known by age band only, are left out of the mean."
    ),
    "women_share": _("Share of women: among the people whose gender is known."),
    "hours": _("Hours delivered: the total duration of the sessions, not multiplied by the participants."),
}


def _where(prefix: str, structure_ids, start, end, kinds, kind_column="kind") -> tuple[str, list]:
    clauses, params = [], []
    if structure_ids is not None:
        clauses.append(f"{prefix}structure_id = ANY(%s)")
        params.append(list(structure_ids))
    if start:
        clauses.append(f"{prefix}date >= %s")
        params.append(start)
    if end:
        clauses.append(f"{prefix}date <= %s")
        params.append(end)
    if kinds:
        clauses.append(f"{prefix}{kind_column} = ANY(%s)")
        params.append(list(kinds))
    return (" AND ".join(clauses) or "TRUE"), params


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _relay_ids() -> list[int]:
    from tenants.models import Structure

    return list(Structure.objects.relays().values_list("pk", flat=True))


def referents_trained(structure_ids=None) -> dict[int, int]:
    """Referents who attended every required module, per structure."""
    try:
        from network.models import TrainingModule, TrainingRegistration
    except ImportError:
        return {}
    required = set(TrainingModule.objects.filter(required=True).values_list("pk", flat=True))
    if not required:
        return {}
    qs = TrainingRegistration.objects.filter(status="attended", session__module_id__in=required)
    if structure_ids is not None:
        qs = qs.filter(structure_id__in=structure_ids)
    modules_by_referent = defaultdict(set)
    for structure_id, referent_id, module_id in qs.values_list("structure_id", "referent_id", "session__module_id"):
        modules_by_referent[(structure_id, referent_id)].add(module_id)
    counts: Counter = Counter()
    for (structure_id, _referent), modules in modules_by_referent.items():
        if modules >= required:
            counts[structure_id] += 1
    return dict(counts)


def compute_figures(
    *,
    structure_ids: Iterable[int] | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    kinds: Iterable[str] | None = None,
    by_structure: bool = False,
) -> dict:
    """All the network's figures for a scope: structures, period and kinds of activity."""
    structure_ids = list(structure_ids) if structure_ids is not None else None
    kinds = [k for k in (kinds or []) if k in ActivityKind.values] or None
    where, params = _where("a.", structure_ids, start, end, kinds)

    activities = dict.fromkeys(ActivityKind.values, 0)
    minutes = 0
    for kind, count, total_minutes in _rows(
        f"SELECT a.kind, count(*), coalesce(sum(a.duration_minutes), 0) FROM network_activityfact a "
        f"WHERE {where} GROUP BY a.kind",
        params,
    ):
        activities[kind] = count
        minutes += total_minutes
    activities["total"] = sum(activities.values())

    themes = Counter(
        dict(
            _rows(
                f"SELECT t, count(*) FROM network_activityfact a, unnest(a.themes) t WHERE {where} GROUP BY t", params
            )
        )
    )
    kits = dict(
        _rows(
            f"SELECT a.kit_id, count(*) FROM network_activityfact a WHERE {where} AND a.kit_id IS NOT NULL "
            f"GROUP BY a.kit_id",
            params,
        )
    )
    by_month: dict[str, dict[str, int]] = defaultdict(dict)
    for month, kind, count in _rows(
        f"SELECT to_char(a.date, 'YYYY-MM'), a.kind, count(*) FROM network_activityfact a WHERE {where} "
        f"GROUP BY 1, 2 ORDER BY 1",
        params,
    ):
        by_month[month][kind] = count

    # Anonymous participants: those not already accompanied, with their breakdowns.
    anonymous = 0
    gender: Counter = Counter()
    age_bands: Counter = Counter()
    status: Counter = Counter()
    for total, seen, breakdown in _rows(
        f"SELECT a.anonymous_total, a.anonymous_already_seen, a.anonymous_breakdown FROM network_activityfact a "
        f"WHERE {where} AND a.anonymous_total > 0",
        params,
    ):
        new = total - seen
        anonymous += new
        if not new:
            continue
        share = new / total
        if isinstance(breakdown, str):  # Django leaves JSON undecoded in raw queries.
            breakdown = json.loads(breakdown)
        for dimension, counter in (("gender", gender), ("age_band", age_bands), ("status", status)):
            for code, n in (breakdown or {}).get(dimension, {}).items():
                counter[code] += n * share

    # Followed people: once per structure, with their age at their first attendance in the period.
    att_where, att_params = _where("f.", structure_ids, start, end, kinds)
    followed = 0
    in_courses = 0
    ages: list[int] = []
    for g, s, age, in_course, count in _rows(
        f"""
        WITH people AS (
            SELECT f.structure_id, f.beneficiary_id, min(f.date) AS first_date,
                   bool_or(f.kind = 'course_session') AS in_course
            FROM network_attendancefact f WHERE {att_where} GROUP BY 1, 2
        )
        SELECT coalesce(b.gender, 'non_communique'), coalesce(b.social_status, 'non_communique'),
               extract(year FROM p.first_date)::int - b.birth_year, p.in_course, count(*)
        FROM people p LEFT JOIN network_beneficiaryfact b
          ON b.structure_id = p.structure_id AND b.beneficiary_id = p.beneficiary_id
        GROUP BY 1, 2, 3, 4
        """,
        att_params,
    ):
        followed += count
        in_courses += count if in_course else 0
        gender[g] += count
        status[s] += count
        age_bands[age_band_for(age)] += count
        if age is not None:
            ages.extend([age] * count)

    # Courses: with a session in the period, or starting in it.
    course_where, course_params = _where("c.", structure_ids, None, None, None)
    session_where, session_params = _where("a.", structure_ids, start, end, None)
    start_clause = ""
    start_params: list = []
    if start:
        start_clause += " AND c.start_date >= %s"
        start_params.append(start)
    if end:
        start_clause += " AND c.start_date <= %s"
        start_params.append(end)
    course_rows = (
        _rows(
            f"""
            SELECT c.structure_id, c.course_id, c.device FROM network_coursefact c
            WHERE {course_where} AND (
                EXISTS (SELECT 1 FROM network_activityfact a WHERE a.structure_id = c.structure_id
                        AND a.course_id = c.course_id AND a.kind = 'course_session' AND {session_where})
                OR (TRUE {start_clause}))
            """,
            course_params + session_params + start_params,
        )
        if not kinds or ActivityKind.COURSE_SESSION in kinds
        else []
    )
    courses = {"computer": 0, "tablet": 0}
    for _structure, _course, device in course_rows:
        courses[device] = courses.get(device, 0) + 1
    courses["total"] = len(course_rows)
    completion_rate = None
    if course_rows:
        pairs = [f"({int(s)}, {int(c)})" for s, c, _d in course_rows]
        enrolled, completed = _rows(
            "SELECT count(*), count(*) FILTER (WHERE status = 'completed') FROM network_enrolmentfact "
            f"WHERE (structure_id, course_id) IN ({', '.join(pairs)})",
            [],
        )[0]
        completion_rate = round(completed / enrolled, 3) if enrolled else None

    known_gender = gender[Gender.MALE] + gender[Gender.FEMALE]
    scope = structure_ids if structure_ids is not None else _relay_ids()
    trained = referents_trained(scope)
    figures = {
        "structures": len(scope),
        "referents_trained": sum(trained.values()),
        "activities": activities,
        "courses": courses,
        "sessions": activities[ActivityKind.WORKSHOP] + activities[ActivityKind.DROPIN] + courses["total"],
        "people": followed + anonymous,
        "people_followed": followed,
        "people_anonymous": anonymous,
        "people_in_courses": in_courses,
        "completion_rate": completion_rate,
        "gender": {code: round(gender[code]) for code in Gender.values},
        "women_share": round(gender[Gender.FEMALE] / known_gender, 3) if known_gender else None,
        "mean_age": round(sum(ages) / len(ages), 1) if ages else None,
        "mean_age_excluded": followed + anonymous - len(ages),
        "age_bands": {code: round(age_bands[code]) for code in AgeBand.values},
        "status": {code: round(status[code]) for code in SocialStatus.values},
        "hours": float((Decimal(minutes) / 60).quantize(Decimal("0.1"))),
        "themes": dict(themes.most_common()),
        "kits": kits,
        "by_month": dict(by_month),
    }
    figures.update(practice_figures(structure_ids=structure_ids, start=start, end=end))
    if by_structure:
        figures["by_structure"] = {
            structure_id: compute_figures(structure_ids=[structure_id], start=start, end=end, kinds=kinds)
            for structure_id in scope
        }
    return figures


def practice_figures(*, structure_ids=None, start=None, end=None) -> dict:
    """Equipment aid, open-access desk, mentors and awareness meetings (the other programmes' practices)."""
    scope = {"structure_ids": structure_ids, "start": start, "end": end}
    return {
        "equipment": equipment_figures(**scope),
        "desk": desk_figures(**scope),
        "mentors": mentor_figures(**scope),
        "awareness": awareness_figures(**scope),
    }


def equipment_figures(*, structure_ids=None, start=None, end=None) -> dict:
    where, params = _where("e.", structure_ids, start, end, None)
    by_kind = dict.fromkeys(EquipmentKind.values, 0)
    subsidies_amount = Decimal(0)
    for kind, count, amount in _rows(
        f"SELECT e.kind, count(*), coalesce(sum(e.amount), 0) FROM network_equipmentfact e WHERE {where} "
        "GROUP BY e.kind",
        params,
    ):
        by_kind[kind] = count
        if kind == EquipmentKind.CONNECTIVITY:
            subsidies_amount += amount
    scope_where, scope_params = _where("e.", structure_ids, None, None, None)
    equipped, completers, completers_equipped = _rows(
        f"""
        WITH equipped AS (SELECT DISTINCT e.structure_id, e.beneficiary_id FROM network_equipmentfact e
                          WHERE {where}),
             completers AS (SELECT DISTINCT structure_id, beneficiary_id FROM network_enrolmentfact e
                            WHERE status = 'completed' AND {scope_where})
        SELECT (SELECT count(*) FROM equipped), (SELECT count(*) FROM completers),
               (SELECT count(*) FROM completers c JOIN equipped q USING (structure_id, beneficiary_id))
        """,
        params + scope_params,
    )[0]
    return {
        "by_kind": by_kind,
        "devices": sum(n for kind, n in by_kind.items() if kind != EquipmentKind.CONNECTIVITY),
        "subsidies": by_kind[EquipmentKind.CONNECTIVITY],
        "subsidies_amount": float(subsidies_amount),
        "people_equipped": equipped,
        "completers": completers,
        "completers_equipped_share": round(completers_equipped / completers, 3) if completers else None,
    }


def desk_figures(*, structure_ids=None, start=None, end=None) -> dict:
    desk_where, desk_params = _where("d.", structure_ids, start, end, None)
    purposes = dict.fromkeys(DeskPurpose.values, 0)
    desk_status = dict.fromkeys(SocialStatus.values, 0)
    desk_months: dict[str, int] = {}
    for purpose, status, month, count in _rows(
        f"SELECT d.purpose, d.social_status, to_char(d.date, 'YYYY-MM'), sum(d.count) FROM network_deskvisitfact d "
        f"WHERE {desk_where} GROUP BY 1, 2, 3 ORDER BY 3",
        desk_params,
    ):
        purposes[purpose] += count
        desk_status[status] += count
        desk_months[month] = desk_months.get(month, 0) + count
    known = sum(n for code, n in desk_status.items() if code != SocialStatus.UNKNOWN)
    return {
        "visits": sum(purposes.values()),
        "by_purpose": purposes,
        "by_month": desk_months,
        "status": desk_status,
        "status_shares": {
            code: round(n / known, 3) for code, n in desk_status.items() if code != SocialStatus.UNKNOWN and known
        },
    }


def mentor_figures(*, structure_ids=None, start=None, end=None) -> dict:
    """Mentorships started by the end of the period."""
    clauses, params = [], []
    if structure_ids is not None:
        clauses.append("m.structure_id = ANY(%s)")
        params.append(list(structure_ids))
    if end:
        clauses.append("m.start_date <= %s")
        params.append(end)
    mentors, mentees = _rows(
        "SELECT count(DISTINCT (m.structure_id, m.mentor_id)), count(DISTINCT (m.structure_id, m.mentee_id)) "
        f"FROM network_mentorshipfact m WHERE {' AND '.join(clauses) or 'TRUE'}",
        params,
    )[0]
    return {"mentors": mentors, "mentees": mentees}


def awareness_figures(*, structure_ids=None, start=None, end=None) -> dict:
    """The funnel of awareness meetings: invited, attendees, then follow-ups."""
    where, params = _where("a.", structure_ids, start, end, [ActivityKind.AWARENESS])
    meetings, invited, attendees, followup_course, followup_individual = _rows(
        "SELECT count(*), coalesce(sum(a.invited_count), 0), coalesce(sum(a.anonymous_total), 0), "
        "coalesce(sum(a.followup_course_count), 0), coalesce(sum(a.followup_individual_count), 0) "
        f"FROM network_activityfact a WHERE {where}",
        params,
    )[0]
    return {
        "meetings": meetings,
        "invited": invited,
        "attendees": attendees,
        "followup_course": followup_course,
        "followup_individual": followup_individual,
    }
