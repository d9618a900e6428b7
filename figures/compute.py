"""The network's figures, computed from the anonymous facts only (never a name).

The same function serves the structure's dashboard (one structure), the network's
dashboard, the funder report and both ``stats/`` API endpoints, so they always agree. It reads
the ``figures`` tables only; the network adds the one figure that is not a fact (referents
trained, ``network.figures``).
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext_lazy as _

from figures.enums import (
    ActivityKind,
    AgeBand,
    Answer,
    DeskPurpose,
    EducationLevel,
    EmploymentSituation,
    EquipmentKind,
    ExitSituation,
    Gender,
    ReferralSource,
    SocialStatus,
    age_band_for,
)
from figures.periods import period_check
from figures.reference import SkillArea
from figures.rollups import ACTIVITY_BREAKDOWNS_SQL, ACTIVITY_MONTHS_SQL, BREAKDOWN_DIMENSIONS, TOTALS

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
    "journeys": _(
        "Journeys: the people whose referral, evaluation or exit date is in the period (each person once per "
        "structure), the referral sources of those referred, the situations at exit of those who left; the share "
        "autonomous at exit is among the exits whose answer is known; “left the minimum income”: exits of people "
        "who received a minimum income at entry and no longer at exit."
    ),
    "profile": _(
        "Profile: among the followed people accompanied in the period (once per structure), their answers at entry "
        "(priority neighbourhood, minimum income, single parent, disability, employment situation, education level); "
        "each share is among the known answers."
    ),
    "ages": _("Ages: followed people by their age at their first attendance in the period, from their birth year."),
    "assessments": _(
        "Skills progress: per area of the Pix / DigComp reference, the people assessed at entry and at exit in the "
        "period, the mean level (0 to 3) of the area's competences assessed, and the share of the people assessed "
        "at both moments (exit in the period, same course) whose level in the area rose."
    ),
}


def _where(prefix: str, structure_ids, start, end, kinds, kind_column="kind") -> tuple[str, list]:
    clauses, params = [], []
    if structure_ids is not None:
        clauses.append(f"{prefix}structure_id = ANY(%s::bigint[])")
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


@dataclass(frozen=True)
class Period:
    """A period (open at either end when None) split into whole months, read from the rollups, and the
    days before and after them, read from the facts with the rollups' own definitions.

    ``first_month`` and ``last_month`` are the first days of the first and last whole months (None: open,
    or no whole month when ``whole_months`` is false); ``days`` lists the (first, last) days around them.
    """

    whole_months: bool
    first_month: datetime.date | None
    last_month: datetime.date | None
    days: tuple[tuple[datetime.date | None, datetime.date | None], ...]

    @classmethod
    def split(cls, start: datetime.date | None, end: datetime.date | None) -> "Period":
        first = last = None
        if start is not None:
            first = start if start.day == 1 else _next_month(start)
        if end is not None:
            last = end.replace(day=1) if end + ONE_DAY == _next_month(end) else _previous_month(end)
        if first and last and first > last:
            return cls(False, None, None, ((start, end),))
        days = []
        if start is not None and start != first:
            days.append((start, first - ONE_DAY))
        if end is not None and end.replace(day=1) != last:
            days.append((end.replace(day=1), end))
        return cls(True, first, last, tuple(days))

    def months_where(self, prefix: str) -> str:
        """The rollup rows of the whole months (parameters from ``params``)."""
        clauses = [f"{prefix}month >= %(first_month)s"] if self.first_month else []
        clauses += [f"{prefix}month <= %(last_month)s"] if self.last_month else []
        return " AND ".join(clauses) or "TRUE"

    def days_where(self, prefix: str) -> str:
        """The facts of the days around the whole months (parameters from ``params``)."""
        clauses = [f"{prefix}date BETWEEN %(days_{i}_first)s AND %(days_{i}_last)s" for i in range(len(self.days))]
        return "(" + " OR ".join(clauses) + ")"

    def params(self) -> dict:
        params = {"first_month": self.first_month, "last_month": self.last_month}
        for i, (first, last) in enumerate(self.days):
            params |= {f"days_{i}_first": first, f"days_{i}_last": last}
        return params


ONE_DAY = datetime.timedelta(days=1)


def _next_month(date: datetime.date) -> datetime.date:
    return (date.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _previous_month(date: datetime.date) -> datetime.date:
    return (date.replace(day=1) - ONE_DAY).replace(day=1)


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass(frozen=True)
class Figures:
    """The network's figures for one scope (structures, period, kinds); see ``DEFINITIONS``.

    Counts by code (``gender``, ``themes``...) are dicts keyed by the national vocabularies' codes.
    """

    structures: int
    referents_trained: int
    activities: dict[str, int]  # by kind, and "total"
    courses: dict[str, int]  # by device, and "total"
    sessions: int
    people: int
    people_followed: int
    people_anonymous: int
    people_in_courses: int
    completion_rate: float | None
    gender: dict[str, int]
    women_share: float | None
    mean_age: float | None
    mean_age_excluded: int
    age_bands: dict[str, int]
    status: dict[str, int]
    hours: float
    themes: dict[str, int]
    kits: dict[int, int]
    by_month: dict[str, dict[str, int]]
    equipment: dict
    desk: dict
    mentors: dict
    awareness: dict
    assessments: dict  # by skill area: entry and exit levels, progress (figures.reference)
    journeys: dict = field(default_factory=dict)  # referral to exit (``journey_figures``)
    profile: dict = field(default_factory=dict)  # answers at entry of the followed people (``_profile``)
    ages: dict[int, int] = field(default_factory=dict)  # followed people by age at first attendance
    by_structure: dict[int, "Figures"] = field(default_factory=dict)  # with ``by_structure=True`` only

    def as_dict(self) -> dict:
        """The figures as the API shows them (``by_structure`` left out)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "by_structure"}

    @property
    def workshops_and_dropins(self) -> int:
        return self.activities[ActivityKind.WORKSHOP] + self.activities[ActivityKind.DROPIN]

    @property
    def completion_pct(self) -> int | None:
        return None if self.completion_rate is None else round(self.completion_rate * 100)

    @property
    def women_pct(self) -> int | None:
        return None if self.women_share is None else round(self.women_share * 100)


def compute_figures(
    *,
    structure_ids: Iterable[int] | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    kinds: Iterable[str] | None = None,
    by_structure: bool = False,
    scope: Iterable[int] | None = None,
    referents_trained: dict[int, int] | None = None,
) -> Figures:
    """All the network's figures for a scope: structures, period and kinds of activity.

    Whole months are read from the monthly and yearly rollups of the facts, the days around them from the
    facts themselves (``Period``); every sum is computed by PostgreSQL. ``structure_ids`` None reads every
    structure's facts; ``scope`` then lists the structures counted (and detailed ``by_structure``).
    ``referents_trained`` (per structure id) comes from the network's trainings, which are not facts
    (``network.figures.network_figures`` passes them).
    """
    period_check(start, end)
    structure_ids = list(structure_ids) if structure_ids is not None else None
    kinds = [k for k in (kinds or []) if k in ActivityKind.values] or None
    period = Period.split(start, end)
    months = _activity_months(structure_ids, period)
    selected = [row for row in months if kinds is None or row["kind"] in kinds]

    activities = dict.fromkeys(ActivityKind.values, 0)
    by_month: dict[str, dict[str, int]] = defaultdict(dict)
    for row in selected:
        activities[row["kind"]] += row["activities"]
        by_month[row["month"].strftime("%Y-%m")][row["kind"]] = row["activities"]
    activities["total"] = sum(activities.values())
    minutes = sum(row["minutes"] for row in selected)
    # Anonymous participants: those not already accompanied, with their breakdowns.
    anonymous = sum(row["anonymous_new"] for row in selected)
    breakdowns = _breakdowns(structure_ids, period, kinds)
    themes = breakdowns["theme"]
    kits = {int(code): int(n) for code, n in breakdowns["kit"].items()}
    gender, age_bands, status = breakdowns["gender"], breakdowns["age_band"], breakdowns["status"]

    # Followed people: once per structure, with their age at their first attendance in the period.
    followed = in_courses = ages_count = ages_sum = 0
    ages: Counter = Counter()
    for g, s, age, count, in_course in _followed_people(structure_ids, period, kinds):
        followed += count
        in_courses += in_course
        gender[g] += count
        status[s] += count
        age_bands[age_band_for(age)] += count
        if age is not None:
            ages_count += count
            ages_sum += age * count
            ages[age] += count

    courses, completion_rate = (
        _courses(structure_ids, start, end) if not kinds or ActivityKind.COURSE_SESSION in kinds else ({}, None)
    )
    courses = {"computer": 0, "tablet": 0, **courses}
    courses["total"] = sum(courses.values())

    known_gender = gender[Gender.MALE] + gender[Gender.FEMALE]
    scope = structure_ids if structure_ids is not None else list(scope or [])
    in_scope = set(scope)
    trained = {structure_id: n for structure_id, n in (referents_trained or {}).items() if structure_id in in_scope}
    values = {
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
        "gender": {code: _whole(gender[code]) for code in Gender.values},
        "women_share": round(float(gender[Gender.FEMALE]) / float(known_gender), 3) if known_gender else None,
        "mean_age": round(ages_sum / ages_count, 1) if ages_count else None,
        "mean_age_excluded": followed + anonymous - ages_count,
        "age_bands": {code: _whole(age_bands[code]) for code in AgeBand.values},
        "status": {code: _whole(status[code]) for code in SocialStatus.values},
        "hours": float((Decimal(minutes) / 60).quantize(Decimal("0.1"))),
        "themes": {code: int(n) for code, n in sorted(themes.items(), key=lambda item: (-item[1], item[0]))},
        "kits": kits,
        "by_month": dict(by_month),
    }
    values["ages"] = {int(age): int(n) for age, n in sorted(ages.items()) if n}
    values |= journey_figures(
        structure_ids=structure_ids, period=period, kinds=kinds, start=start, end=end, followed=followed
    )
    values["assessments"] = assessment_figures(structure_ids=structure_ids, start=start, end=end)
    values.update(practice_figures(structure_ids=structure_ids, start=start, end=end, activity_months=months))
    if by_structure:
        values["by_structure"] = {
            structure_id: compute_figures(
                structure_ids=[structure_id],
                start=start,
                end=end,
                kinds=kinds,
                referents_trained={structure_id: trained.get(structure_id, 0)},
            )
            for structure_id in scope
        }
    return Figures(**values)


def _whole(value) -> int:
    """A number of people, to the nearest whole (halves to even), after dropping the residue of the
    15-decimal shares of anonymous participants."""
    return round(Decimal(value).quantize(Decimal("0.000001")))


def _rollup(table: str, structure_ids) -> str:
    """The rollup to read: for every structure (``structure_ids`` None), the network's total of it, a few
    rows a month instead of one a structure (``figures.rollups.TOTALS``)."""
    return TOTALS[table][0] if structure_ids is None else table


def _structures(prefix: str, structure_ids) -> str:
    """The rows of the structures in scope (parameter ``structures``), or all."""
    return "TRUE" if structure_ids is None else f"{prefix}structure_id = ANY(%(structures)s::bigint[])"


def _activity_months(structure_ids, period: Period) -> list[dict]:
    """Per month and kind, every kind: activities, minutes, anonymous participants (all, and those not
    already accompanied), people invited and follow-ups."""
    columns = "activities, minutes, anonymous_total, anonymous_new, invited, followup_course, followup_individual"
    parts = []
    if period.whole_months:
        parts.append(
            f"SELECT month, kind, {columns} FROM {_rollup('network_activitymonthfact', structure_ids)} "
            f"WHERE {_structures('', structure_ids)} AND {period.months_where('')}"
        )
    if period.days:
        where = f"{_structures('a.', structure_ids)} AND {period.days_where('a.')}"
        parts.append(f"SELECT month, kind, {columns} FROM ({ACTIVITY_MONTHS_SQL.format(where=where)}) days")
    names = columns.split(", ")
    sums = ", ".join(f"sum({name})::bigint" for name in names)
    rows = _rows(
        # HAVING: the network's totals may hold changes that cancel out (a month whose activities all moved).
        f"SELECT month, kind, {sums} FROM ({' UNION ALL '.join(parts)}) x GROUP BY 1, 2 HAVING sum(activities) <> 0 "
        "ORDER BY 1, 2",
        period.params() | {"structures": structure_ids},
    )
    return [{"month": month, "kind": kind, **dict(zip(names, values, strict=True))} for month, kind, *values in rows]


def _breakdowns(structure_ids, period: Period, kinds) -> dict[str, Counter]:
    """Activities per theme and kit, anonymous participants not already accompanied per gender, age band
    and status (each activity's breakdown weighted by its share of new participants)."""
    kinds_where = "{p}kind = ANY(%(kinds)s)" if kinds else "TRUE"
    parts = []
    if period.whole_months:
        parts.append(
            f"SELECT dimension, code, value FROM {_rollup('network_activitymonthbreakdownfact', structure_ids)} "
            f"WHERE {_structures('', structure_ids)} AND {period.months_where('')} AND {kinds_where.format(p='')}"
        )
    if period.days:
        where = f"{_structures('a.', structure_ids)} AND {period.days_where('a.')} AND {kinds_where.format(p='a.')}"
        parts.append(f"SELECT dimension, code, value FROM ({ACTIVITY_BREAKDOWNS_SQL.format(where=where)}) days")
    result = {dimension: Counter() for dimension in ("theme", "kit", *BREAKDOWN_DIMENSIONS)}
    for dimension, code, value in _rows(
        f"SELECT dimension, code, sum(value) FROM ({' UNION ALL '.join(parts)}) x GROUP BY 1, 2 HAVING sum(value) <> 0",
        period.params() | {"structures": structure_ids, "kinds": kinds},
    ):
        result[dimension][code] += value
    return result


def _followed_people(structure_ids, period: Period, kinds) -> list[tuple]:
    """Followed people counted once per structure, by gender, status and age at their first attendance in
    the period: rows of (gender, status, age, people, of whom in courses)."""
    if kinds and set(kinds) == set(ActivityKind.values):
        kinds = None
    if kinds is None or len(kinds) == 1:
        kind = kinds[0] if kinds else ""
        if not period.days:
            return _followed_people_in_months(structure_ids, period, kind)
        if period.whole_months:
            return _followed_people_in_months(structure_ids, period, kind) + _followed_people_of_days(
                structure_ids, period, kind
            )
    return _followed_people_grouped(structure_ids, period, kinds)


def _year_months(period: Period, prefix: str) -> str:
    """The yearly rollup rows of people with an attendance in the whole months (see ``PersonYearFact``):
    their months, masked by those of the period in their year."""
    clauses, low, high = [], "1", "12"
    if period.first_month:
        clauses.append(f"{prefix}year >= %(first_year)s")
        low = f"CASE WHEN {prefix}year = %(first_year)s THEN %(first_month_number)s ELSE 1 END"
    if period.last_month:
        clauses.append(f"{prefix}year <= %(last_year)s")
        high = f"CASE WHEN {prefix}year = %(last_year)s THEN %(last_month_number)s ELSE 12 END"
    clauses.append(f"{prefix}months & ((1 << ({high})) - (1 << ({low} - 1))) <> 0")
    return " AND ".join(clauses)


def _people_params(structure_ids, period: Period, kinds) -> dict:
    first, last = period.first_month, period.last_month
    return period.params() | {
        "structures": structure_ids,
        "kinds": kinds,
        "first_year": first and first.year,
        "first_month_number": first and first.month,
        "start_index": first and first.year * 12 + first.month - 1,
        "last_year": last and last.year,
        "last_month_number": last and last.month,
    }


def _followed_people_in_months(structure_ids, period: Period, kind: str) -> list[tuple]:
    """A period of whole months and all kinds ('') or one: each person from the one yearly row where they
    attended in the period and not earlier in it (their previous month is before its start)."""
    earlier = "p.previous_month IS NULL"
    if period.first_month:
        earlier = "(p.previous_month IS NULL OR p.previous_month < %(start_index)s)"
    row_kinds = [kind, ActivityKind.COURSE_SESSION] if kind in ("", ActivityKind.COURSE_SESSION) else [kind]
    # Every structure: the network's total counts the rollup's rows of each value.
    people = "p.people" if structure_ids is None else "1"
    return _rows(
        f"""
        SELECT coalesce(p.gender, 'non_communique'), coalesce(p.social_status, 'non_communique'),
               p.year - p.birth_year, coalesce(sum({people}) FILTER (WHERE p.kind = %(kind)s), 0),
               coalesce(sum({people}) FILTER (WHERE p.kind = 'course_session'), 0)
        FROM {_rollup("network_personyearfact", structure_ids)} p
        WHERE p.kind = ANY(%(kinds)s) AND {_structures("p.", structure_ids)} AND {_year_months(period, "p.")}
          AND {earlier}
        GROUP BY 1, 2, 3
        """,
        _people_params(structure_ids, period, row_kinds) | {"kind": kind},
    )


def _followed_people_of_days(structure_ids, period: Period, kind: str) -> list[tuple]:
    """What the days around the whole months change to the people counted in the whole months
    (``_followed_people_in_months``), read per person for the people of those days only: each one counted
    at their first attendance in the period (+1), minus the row the months counted for them if any (−1);
    and those in courses in the days but not in the months. Rows as ``_followed_people``'s, to be added."""
    row_kinds = [kind, ActivityKind.COURSE_SESSION] if kind in ("", ActivityKind.COURSE_SESSION) else [kind]
    kind_where = "f.kind = %(kind)s" if kind else "TRUE"
    return _rows(
        f"""
        WITH d AS (
            SELECT f.structure_id, f.beneficiary_id, min(f.date) AS first_date,
                   bool_or(f.kind = 'course_session') AS course
            FROM network_attendancefact f
            WHERE {kind_where} AND {_structures("f.", structure_ids)} AND {period.days_where("f.")}
            GROUP BY 1, 2
        ), m AS (
            SELECT p.structure_id, p.beneficiary_id, min(p.year) FILTER (WHERE p.kind = %(kind)s) AS first_year,
                   bool_or(p.kind = 'course_session') AS course
            FROM d JOIN network_personyearfact p USING (structure_id, beneficiary_id)
            WHERE p.kind = ANY(%(kinds)s) AND {_year_months(period, "p.")}
            GROUP BY 1, 2
        ), x AS (
            SELECT d.structure_id, d.beneficiary_id, m.first_year, d.course AND NOT coalesce(m.course, false) AS course,
                   CASE WHEN m.first_year IS NULL OR d.first_date < %(first_month)s
                        THEN date_part('year', d.first_date)::int ELSE m.first_year END AS year
            FROM d LEFT JOIN m USING (structure_id, beneficiary_id)
        ), changes AS (
            SELECT structure_id, beneficiary_id, year, 1 AS people, course::int AS in_course FROM x
            UNION ALL
            SELECT structure_id, beneficiary_id, first_year, -1, 0 FROM x WHERE first_year IS NOT NULL
        )
        SELECT coalesce(b.gender, 'non_communique'), coalesce(b.social_status, 'non_communique'),
               c.year - b.birth_year, sum(c.people), sum(c.in_course)
        FROM changes c LEFT JOIN network_beneficiaryfact b
          ON b.structure_id = c.structure_id AND b.beneficiary_id = c.beneficiary_id
        GROUP BY 1, 2, 3
        """,
        _people_params(structure_ids, period, row_kinds) | {"kind": kind},
    )


def _followed_people_grouped(structure_ids, period: Period, kinds) -> list[tuple]:
    """Any period and kinds: the years of attendance in the whole months (rollups) and of the days around
    them (facts), grouped per person."""
    kinds_where = "{p}kind = ANY(%(kinds)s)" if kinds else "TRUE"
    parts = []
    if period.whole_months:
        parts.append(
            "SELECT p.structure_id, p.beneficiary_id, p.year, p.kind FROM network_personyearfact p "
            f"WHERE p.kind <> '' AND {kinds_where.format(p='p.')} AND {_structures('p.', structure_ids)} "
            f"AND {_year_months(period, 'p.')}"
        )
    if period.days:
        parts.append(
            "SELECT f.structure_id, f.beneficiary_id, extract(year FROM f.date)::int, f.kind "
            f"FROM network_attendancefact f WHERE {kinds_where.format(p='f.')} AND {_structures('f.', structure_ids)} "
            f"AND {period.days_where('f.')}"
        )
    return _rows(
        f"""
        WITH attended (structure_id, beneficiary_id, year, kind) AS ({" UNION ALL ".join(parts)}),
        people AS (
            SELECT structure_id, beneficiary_id, min(year) AS first_year,
                   bool_or(kind = 'course_session') AS in_course
            FROM attended GROUP BY 1, 2
        )
        SELECT coalesce(b.gender, 'non_communique'), coalesce(b.social_status, 'non_communique'),
               p.first_year - b.birth_year, count(*), count(*) FILTER (WHERE p.in_course)
        FROM people p LEFT JOIN network_beneficiaryfact b
          ON b.structure_id = p.structure_id AND b.beneficiary_id = p.beneficiary_id
        GROUP BY 1, 2, 3
        """,
        _people_params(structure_ids, period, kinds),
    )


def _courses(structure_ids, start, end) -> tuple[dict[str, int], float | None]:
    """Courses per device, counted when one of their sessions is in the period or they start in it, and
    the completion rate of their enrolments."""
    course_where, course_params = _where("c.", structure_ids, None, None, None)
    session_where, session_params = _where("a.", None, start, end, None)
    bounds = (("c.start_date >= %s", start), ("c.start_date <= %s", end))
    start_where = " AND ".join(clause for clause, value in bounds if value) or "TRUE"
    start_params = [value for _clause, value in bounds if value]
    rows = _rows(
        f"""
        WITH courses AS (
            SELECT c.structure_id, c.course_id, c.device FROM network_coursefact c
            WHERE {course_where} AND (
                EXISTS (SELECT 1 FROM network_activityfact a WHERE a.structure_id = c.structure_id
                        AND a.course_id = c.course_id AND a.kind = 'course_session' AND {session_where})
                OR ({start_where}))
        ), enrolments AS (
            SELECT count(*) AS enrolled, count(*) FILTER (WHERE e.status = 'completed') AS completed
            FROM network_enrolmentfact e JOIN courses c USING (structure_id, course_id)
        )
        SELECT c.device, count(*), e.enrolled, e.completed FROM courses c, enrolments e
        GROUP BY c.device, e.enrolled, e.completed
        """,
        course_params + session_params + start_params,
    )
    enrolled = rows[0][2] if rows else 0
    completed = rows[0][3] if rows else 0
    return {device: count for device, count, _e, _c in rows}, (round(completed / enrolled, 3) if enrolled else None)


def assessment_figures(*, structure_ids=None, start=None, end=None) -> dict[str, dict]:
    """Per area of the reference: people assessed at entry and exit (once per structure), their mean levels,
    and, among the entry–exit pairs (same person and course, exit in the period), how many progressed."""
    where = _structures("f.", structure_ids)
    period = (
        " AND ".join(
            clause for clause, value in (("{p}date >= %(start)s", start), ("{p}date <= %(end)s", end)) if value
        )
        or "TRUE"
    )
    levels = f"""
        WITH a AS (
            SELECT f.structure_id, f.beneficiary_id, coalesce(f.course_id, 0) AS course, f.moment, f.date,
                   e.key AS area, e.value::numeric AS level
            FROM figures_assessmentfact f CROSS JOIN LATERAL jsonb_each_text(f.areas) e WHERE {where}
        )
    """
    params = {"structures": structure_ids, "start": start, "end": end}
    result = {
        area: {"entry_people": 0, "exit_people": 0, "entry_mean": None, "exit_mean": None, "pairs": 0,
               "progressed": 0, "progressed_share": None}
        for area in SkillArea.values
    }  # fmt: skip
    for area, moment, people, mean in _rows(
        f"{levels} SELECT area, moment, count(DISTINCT (structure_id, beneficiary_id)), avg(level) FROM a "
        f"WHERE {period.format(p='')} GROUP BY 1, 2",
        params,
    ):
        if area in result and moment in ("entry", "exit"):
            result[area][f"{moment}_people"] = people
            result[area][f"{moment}_mean"] = round(float(mean), 2)
    for area, pairs, progressed in _rows(
        f"{levels} SELECT x.area, count(*), count(*) FILTER (WHERE y.level > x.level) "
        "FROM a x JOIN a y USING (structure_id, beneficiary_id, course, area) "
        f"WHERE x.moment = 'entry' AND y.moment = 'exit' AND {period.format(p='y.')} GROUP BY 1",
        params,
    ):
        if area in result:
            result[area] |= {"pairs": pairs, "progressed": progressed, "progressed_share": round(progressed / pairs, 3)}
    return result


def practice_figures(*, structure_ids=None, start=None, end=None, activity_months=None) -> dict:
    """Equipment aid, open-access desk, mentors and awareness meetings (the other programmes' practices).

    ``activity_months``: the rows of ``_activity_months`` for this scope, when the caller has them."""
    scope = {"structure_ids": structure_ids, "start": start, "end": end}
    return {
        "equipment": equipment_figures(**scope),
        "desk": desk_figures(**scope),
        "mentors": mentor_figures(**scope),
        "awareness": awareness_figures(**scope, activity_months=activity_months),
    }


def equipment_figures(*, structure_ids=None, start=None, end=None) -> dict:
    """Devices and connectivity subsidies given, in all and per month (a handover ceremony shows as its
    month), the refurbished devices, the people equipped."""
    where, params = _where("e.", structure_ids, start, end, None)
    by_kind = dict.fromkeys(EquipmentKind.values, 0)
    subsidies_amount = Decimal(0)
    refurbished = 0
    by_month: dict[str, dict[str, int]] = {}
    # One statement: per month, kind and condition the gifts; per month (kind null) the people equipped.
    for month, kind, condition, count, amount, people in _rows(
        "SELECT to_char(e.date, 'YYYY-MM'), e.kind, e.condition, count(*), coalesce(sum(e.amount), 0), "
        f"count(DISTINCT (e.structure_id, e.beneficiary_id)) FROM network_equipmentfact e WHERE {where} "
        "GROUP BY GROUPING SETS ((to_char(e.date, 'YYYY-MM'), e.kind, e.condition), (to_char(e.date, 'YYYY-MM'))) "
        "ORDER BY 1",
        params,
    ):
        row = by_month.setdefault(month, {"people": 0, "devices": 0, "subsidies": 0})
        if kind is None:
            row["people"] = people
            continue
        by_kind[kind] += count
        if kind == EquipmentKind.CONNECTIVITY:
            subsidies_amount += amount
            row["subsidies"] += count
        else:
            row["devices"] += count
            refurbished += count if condition == "refurbished" else 0
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
        "refurbished": refurbished,
        "by_month": by_month,
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


def awareness_figures(*, structure_ids=None, start=None, end=None, activity_months=None) -> dict:
    """The funnel of awareness meetings: invited, attendees, then follow-ups."""
    if activity_months is None:
        activity_months = _activity_months(structure_ids, Period.split(start, end))
    meetings = [row for row in activity_months if row["kind"] == ActivityKind.AWARENESS]
    return {
        "meetings": sum(row["activities"] for row in meetings),
        "invited": sum(row["invited"] for row in meetings),
        "attendees": sum(row["anonymous_total"] for row in meetings),
        "followup_course": sum(row["followup_course"] for row in meetings),
        "followup_individual": sum(row["followup_individual"] for row in meetings),
    }


# --- journeys and profile ------------------------------------------------------------------------------

PROFILE_ANSWERS = ("qpv", "minimum_income", "single_parent", "disability")
PROFILE_CODES = {"employment": ("employment_situation", EmploymentSituation), "education": ("education_level",
                 EducationLevel)}  # fmt: skip


def followed_people_sql(structure_ids, period: "Period", kinds) -> tuple[str, dict]:
    """The followed people with an attendance in the period, once per structure, with the year of their
    first attendance in it: a query of (structure_id, beneficiary_id, first_year) and its parameters, read
    like ``_followed_people`` (the yearly rollups for whole months, the facts for the days around them)."""
    if kinds and set(kinds) == set(ActivityKind.values):
        kinds = None
    if not period.days and (kinds is None or len(kinds) == 1):
        earlier = "p.previous_month IS NULL"
        if period.first_month:
            earlier = "(p.previous_month IS NULL OR p.previous_month < %(start_index)s)"
        sql = (
            "SELECT p.structure_id, p.beneficiary_id, p.year AS first_year FROM network_personyearfact p "
            f"WHERE p.kind = %(person_kind)s AND {_structures('p.', structure_ids)} "
            f"AND {_year_months(period, 'p.')} AND {earlier}"
        )
        return sql, _people_params(structure_ids, period, kinds) | {"person_kind": kinds[0] if kinds else ""}
    kinds_where = "{p}kind = ANY(%(kinds)s)" if kinds else "TRUE"
    parts = []
    if period.whole_months:
        parts.append(
            "SELECT p.structure_id, p.beneficiary_id, p.year FROM network_personyearfact p "
            f"WHERE p.kind <> '' AND {kinds_where.format(p='p.')} AND {_structures('p.', structure_ids)} "
            f"AND {_year_months(period, 'p.')}"
        )
    if period.days:
        parts.append(
            "SELECT f.structure_id, f.beneficiary_id, extract(year FROM f.date)::int "
            f"FROM network_attendancefact f WHERE {kinds_where.format(p='f.')} AND {_structures('f.', structure_ids)} "
            f"AND {period.days_where('f.')}"
        )
    sql = (
        f"SELECT structure_id, beneficiary_id, min(year) AS first_year FROM ({' UNION ALL '.join(parts)}) "
        "attended (structure_id, beneficiary_id, year) GROUP BY 1, 2"
    )
    return sql, _people_params(structure_ids, period, kinds)


def _share(counts: dict) -> float | None:
    known = counts.get(Answer.YES, 0) + counts.get(Answer.NO, 0)
    return round(counts.get(Answer.YES, 0) / known, 3) if known else None


ANSWERED_SQL = " OR ".join(
    f"{column} <> 'non_communique'"
    for column in (*PROFILE_ANSWERS, *(column for column, _choices in PROFILE_CODES.values()))
)


def attended_in_period_sql(period: "Period", kinds, alias: str = "a") -> str:
    """Whether the person of row ``alias`` (structure_id, beneficiary_id) attended in the period, probed by
    their own index entries: a yearly rollup row of the whole months (kind '' for every kind), or an
    attendance fact of the days around them (parameters from ``_people_params``)."""
    if kinds and set(kinds) == set(ActivityKind.values):
        kinds = None
    kind_where = "p.kind = ANY(%(kinds)s)" if kinds else "p.kind = ''"
    probes = []
    if period.whole_months:
        probes.append(
            f"EXISTS (SELECT 1 FROM network_personyearfact p WHERE p.beneficiary_id = {alias}.beneficiary_id "
            f"AND p.structure_id = {alias}.structure_id AND {kind_where} AND {_year_months(period, 'p.')})"
        )
    if period.days:
        kinds_where = "f.kind = ANY(%(kinds)s)" if kinds else "TRUE"
        probes.append(
            f"EXISTS (SELECT 1 FROM network_attendancefact f WHERE f.structure_id = {alias}.structure_id "
            f"AND f.beneficiary_id = {alias}.beneficiary_id AND {kinds_where} AND {period.days_where('f.')})"
        )
    return "(" + " OR ".join(probes) + ")"


def journey_figures(*, structure_ids, period: "Period", kinds, start, end, followed: int) -> dict:
    """``journeys`` (referral to exit, from the people's facts) and ``profile`` (answers at entry of the
    followed people accompanied in the period): one query.

    Both start from the people's facts that carry something (a journey date in the period, a known answer:
    partial indexes), never from every person of the scope, so that a network of 10,000 structures where few
    answers are recorded pays for those only; the "not given" of the profile is the rest of the ``followed``
    people of the period (``compute_figures`` counts them)."""
    params = _people_params(structure_ids, period, kinds)
    dated = " AND ".join(
        clause for clause, value in (("{c} >= %(journey_start)s", start), ("{c} <= %(journey_end)s", end)) if value
    )
    in_period = {c: f"b.{c} IS NOT NULL" + (f" AND {dated.format(c='b.' + c)}" if dated else "")
                 for c in ("referral_date", "evaluation_date", "exit_date")}  # fmt: skip
    journey_where = f"{_structures('b.', structure_ids)} AND ({' OR '.join(in_period.values())})"
    profile_columns = [*PROFILE_ANSWERS, *(column for column, _choices in PROFILE_CODES.values())]
    profile_parts = " UNION ALL ".join(
        f"SELECT 'profile', '{column}', {column}, count(*) FROM profiled WHERE {column} <> 'non_communique' GROUP BY 3"
        for column in profile_columns
    )
    rows = _rows(
        f"""
        WITH profiled AS MATERIALIZED (
            SELECT {", ".join(profile_columns)} FROM network_beneficiaryfact a
            WHERE ({ANSWERED_SQL}) AND {_structures("a.", structure_ids)}
              AND {attended_in_period_sql(period, kinds)}
        ),
        journeys AS (
            SELECT b.*, ({in_period["referral_date"]}) AS referred, ({in_period["evaluation_date"]}) AS evaluated,
                   ({in_period["exit_date"]}) AS exited
            FROM network_beneficiaryfact b WHERE {journey_where}
        )
        SELECT 'referred', referral_source, '', count(*) FROM journeys WHERE referred GROUP BY 2
        UNION ALL SELECT 'evaluated', '', '', count(*) FROM journeys WHERE evaluated
        UNION ALL SELECT 'exit', exit_situation, exit_autonomous, count(*) FROM journeys WHERE exited GROUP BY 2, 3
        UNION ALL SELECT 'left_minimum_income', '', '', count(*) FROM journeys
            WHERE exited AND minimum_income = 'oui' AND exit_minimum_income = 'non'
        UNION ALL {profile_parts}
        """,
        params | {"journey_start": start, "journey_end": end},
    )
    sources = dict.fromkeys(ReferralSource.values, 0)
    situations = dict.fromkeys(ExitSituation.values, 0)
    autonomous = dict.fromkeys(Answer.values, 0)
    evaluated = left = 0
    profile_counts = {column: Counter() for column in profile_columns}
    for part, code, other, count in rows:
        if part == "referred":
            sources[code] = sources.get(code, 0) + count
        elif part == "evaluated":
            evaluated = count
        elif part == "exit":
            situations[code] = situations.get(code, 0) + count
            autonomous[other] = autonomous.get(other, 0) + count
        elif part == "left_minimum_income":
            left = count
        else:
            profile_counts[code][other] += count
    journeys = {
        "referred": sum(sources.values()),
        "referral_sources": sources,
        "evaluated": evaluated,
        "exits": sum(situations.values()),
        "exit_situations": situations,
        "autonomous_at_exit": autonomous[Answer.YES],
        "autonomous_share": _share(autonomous),
        "left_minimum_income": left,
    }
    for column in profile_columns:  # not given: the followed people of the period without an answer
        profile_counts[column]["non_communique"] = followed - sum(profile_counts[column].values())
    profile = {}
    for column in PROFILE_ANSWERS:
        counts = {code: profile_counts[column][code] for code in Answer.values}
        profile[column] = counts
        profile[f"{column}_share"] = _share(counts)
    for name, (column, choices) in PROFILE_CODES.items():
        profile[name] = {code: profile_counts[column][code] for code in choices.values}
    return {"journeys": journeys, "profile": profile}
