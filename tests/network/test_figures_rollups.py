"""The figures read from the rollups equal the figures computed row by row from the facts.

``reference_figures`` is the straightforward computation over the raw facts (as ``compute_figures`` did
before the rollups), with exact fractions for the anonymous participants' shares. Random facts are
compared for periods of whole months and not, open at either end, and every sort of kinds filter; then
writes through the services must keep the rollups equal to their definition.
"""

import datetime
import json
import random
from collections import Counter, defaultdict
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection

from figures.compute import Period
from figures.enums import ActivityKind, AgeBand, Gender, SocialStatus, age_band_for
from figures.models import ActivityFact, AttendanceFact, BeneficiaryFact, CourseFact, EnrolmentFact
from figures.rollups import rollups_refresh
from network.figures import network_figures
from training.facts import facts_differences
from training.models import Activity
from training.services.activities import activity_create, activity_delete, activity_update
from training.services.people import beneficiary_create, beneficiary_merge, beneficiary_update

D = datetime.date
KINDS = ActivityKind.values
THEMES = ["email", "securite_numerique", "reseaux_sociaux"]


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _scope(prefix, structure_ids, start, end, kinds):
    clauses, params = [f"{prefix}structure_id = ANY(%s)"], [structure_ids]
    for clause, value in ((f"{prefix}date >= %s", start), (f"{prefix}date <= %s", end)):
        if value:
            clauses.append(clause)
            params.append(value)
    if kinds:
        clauses.append(f"{prefix}kind = ANY(%s)")
        params.append(kinds)
    return " AND ".join(clauses), params


def reference_figures(structure_ids, start=None, end=None, kinds=None) -> dict:
    """The figures row by row from the raw facts (the definitions, without any rollup)."""
    where, params = _scope("a.", structure_ids, start, end, kinds)
    facts = _rows(
        "SELECT a.kind, a.date, a.duration_minutes, a.themes, a.kit_id, a.anonymous_total, "
        f"a.anonymous_already_seen, a.anonymous_breakdown FROM network_activityfact a WHERE {where}",
        params,
    )
    activities = dict.fromkeys(KINDS, 0)
    by_month = defaultdict(Counter)
    themes, kits, gender, ages, status = Counter(), Counter(), Counter(), Counter(), Counter()
    minutes = anonymous = 0
    for kind, date, duration, fact_themes, kit, total, seen, breakdown in facts:
        activities[kind] += 1
        by_month[date.strftime("%Y-%m")][kind] += 1
        minutes += duration
        themes.update(fact_themes)
        if kit is not None:
            kits[kit] += 1
        if total > 0 and total != seen:
            anonymous += total - seen
            share = Fraction(total - seen, total)
            for dimension, counter in (("gender", gender), ("age_band", ages), ("status", status)):
                for code, n in json.loads(breakdown).get(dimension, {}).items():
                    counter[code] += n * share
    activities["total"] = sum(activities.values())
    where, params = _scope("f.", structure_ids, start, end, kinds)
    followed = in_courses = 0
    known_ages = []
    for g, s, age, in_course in _rows(
        f"""
        WITH people AS (
            SELECT f.structure_id, f.beneficiary_id, min(f.date) AS first_date,
                   bool_or(f.kind = 'course_session') AS in_course
            FROM network_attendancefact f WHERE {where} GROUP BY 1, 2
        )
        SELECT coalesce(b.gender, 'non_communique'), coalesce(b.social_status, 'non_communique'),
               extract(year FROM p.first_date)::int - b.birth_year, p.in_course
        FROM people p LEFT JOIN network_beneficiaryfact b USING (structure_id, beneficiary_id)
        """,
        params,
    ):
        followed += 1
        in_courses += in_course
        gender[g] += 1
        status[s] += 1
        ages[age_band_for(age)] += 1
        if age is not None:
            known_ages.append(age)
    courses = {"computer": 0, "tablet": 0}
    completion_rate = None
    if not kinds or ActivityKind.COURSE_SESSION in kinds:
        session_where, session_params = _scope("a.", structure_ids, start, end, [ActivityKind.COURSE_SESSION])
        with_session = set(
            _rows(f"SELECT structure_id, course_id FROM network_activityfact a WHERE {session_where}", session_params)
        )
        counted = set()
        for s, c, device, course_start in CourseFact.objects.filter(structure_id__in=structure_ids).values_list(
            "structure_id", "course_id", "device", "start_date"
        ):
            starts_in = (not start or course_start >= start) and (not end or course_start <= end)
            if (s, c) in with_session or starts_in:
                counted.add((s, c))
                courses[device] += 1
        statuses = [
            status_
            for s, c, status_ in EnrolmentFact.objects.filter(structure_id__in=structure_ids).values_list(
                "structure_id", "course_id", "status"
            )
            if (s, c) in counted
        ]
        if statuses:
            completion_rate = round(statuses.count("completed") / len(statuses), 3)
    courses["total"] = courses["computer"] + courses["tablet"]
    known = gender[Gender.MALE] + gender[Gender.FEMALE]
    return {
        "activities": activities,
        "courses": courses,
        "sessions": activities["workshop"] + activities["dropin"] + courses["total"],
        "people": followed + anonymous,
        "people_followed": followed,
        "people_anonymous": anonymous,
        "people_in_courses": in_courses,
        "completion_rate": completion_rate,
        "gender": {code: round(gender[code]) for code in Gender.values},
        "women_share": round(float(gender[Gender.FEMALE] / known), 3) if known else None,
        "mean_age": round(sum(known_ages) / len(known_ages), 1) if known_ages else None,
        "mean_age_excluded": followed + anonymous - len(known_ages),
        "age_bands": {code: round(ages[code]) for code in AgeBand.values},
        "status": {code: round(status[code]) for code in SocialStatus.values},
        "hours": float((Decimal(minutes) / 60).quantize(Decimal("0.1"))),
        "themes": dict(themes),
        "kits": dict(kits),
        "by_month": {month: dict(counts) for month, counts in sorted(by_month.items())},
    }


def _random_breakdown(rng, total):
    """Anonymous participants by gender, age band and status, each summing to ``total`` (or left out)."""
    breakdown = {}
    for dimension, codes in (("gender", Gender.values), ("age_band", AgeBand.values), ("status", SocialStatus.values)):
        if rng.random() < 0.8:
            counts = Counter(rng.choice(codes) for _ in range(total))
            breakdown[dimension] = dict(counts)
    return breakdown


@pytest.fixture
def random_facts(structure_a, structure_b):
    """Three years of facts in two structures, written in bulk as an import would, then rolled up."""
    rng = random.Random(4)
    structures = [structure_a.pk, structure_b.pk]
    people = {s: list(range(1, 31)) for s in structures}
    for s in structures:
        BeneficiaryFact.objects.bulk_create(
            BeneficiaryFact(
                structure_id=s,
                beneficiary_id=b,
                gender=rng.choice(Gender.values),
                birth_year=rng.choice([None, *range(1940, 2015)]),
                social_status=rng.choice(SocialStatus.values),
            )
            for b in people[s][:-3]  # the last three have no BeneficiaryFact
        )
        for course_id in (1, 2, 3):
            CourseFact.objects.create(
                structure_id=s,
                course_id=course_id,
                device=rng.choice(["computer", "tablet"]),
                planned_hours=10,
                start_date=D(2022, 1, 1) + datetime.timedelta(days=rng.randrange(900)),
            )
            EnrolmentFact.objects.bulk_create(
                EnrolmentFact(
                    structure_id=s,
                    course_id=course_id,
                    beneficiary_id=b,
                    status=rng.choice(["enrolled", "completed", "dropped"]),
                )
                for b in rng.sample(people[s], 5)
            )
    for activity_id in range(1, 401):
        s = rng.choice(structures)
        kind = rng.choice(KINDS)
        date = D(2022, 1, 1) + datetime.timedelta(days=rng.randrange(3 * 365))
        total = rng.choice([0, 0, 1, 2, 3, 6, 7])
        ActivityFact.objects.create(
            structure_id=s, activity_id=activity_id, kind=kind, date=date, duration_minutes=rng.choice([30, 45, 90]),
            themes=rng.sample(THEMES, rng.randrange(3)), kit_id=rng.choice([None, None, 7, 8]),
            course_id=rng.choice([1, 2, 3]) if kind == ActivityKind.COURSE_SESSION else None,
            anonymous_total=total, anonymous_already_seen=rng.randrange(total + 1),
            anonymous_breakdown=_random_breakdown(rng, total), invited_count=rng.choice([None, 10]),
        )  # fmt: skip
        AttendanceFact.objects.bulk_create(
            AttendanceFact(structure_id=s, activity_id=activity_id, beneficiary_id=b, date=date, kind=kind)
            for b in rng.sample(people[s], rng.randrange(4))
        )
    rollups_refresh(structures)
    return structures


PERIODS = [
    (None, None),
    (D(2023, 1, 1), D(2023, 3, 31)),
    (D(2022, 9, 1), D(2023, 12, 31)),
    (D(2022, 3, 1), D(2024, 2, 29)),
    (D(2023, 5, 1), None),
    (None, D(2023, 6, 30)),
    (D(2023, 2, 1), D(2023, 2, 28)),
    (D(2022, 9, 15), D(2023, 12, 31)),
    (D(2023, 1, 1), D(2023, 6, 10)),
    (D(2022, 11, 20), D(2024, 1, 5)),
    (D(2023, 3, 5), D(2023, 3, 25)),
    (D(2023, 3, 5), D(2023, 4, 3)),
    (None, D(2023, 6, 12)),
    (D(2023, 6, 12), None),
    (D(2023, 6, 1), D(2023, 5, 31)),
    # Days in December before whole months of the next year: a person's first attendance moves a year.
    (D(2022, 12, 10), D(2023, 5, 31)),
    (D(2023, 12, 2), None),
]
KIND_FILTERS = [None, ["workshop"], ["course_session"], ["awareness"], ["dropin", "course_session"], KINDS]


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_the_rollups_give_the_figures_of_the_facts(random_facts, start, end):
    for kinds in KIND_FILTERS:
        figures = network_figures(structure_ids=random_facts, start=start, end=end, kinds=kinds)
        expected = reference_figures(random_facts, start, end, kinds)
        assert {key: getattr(figures, key) for key in expected} == expected, (start, end, kinds)
    assert facts_differences_are_none(random_facts)


def facts_differences_are_none(structure_ids) -> bool:
    """The rollups equal their definition (the facts written in bulk have no records behind them)."""
    from figures.rollups import _rollup_differences
    from tenants.models import Structure

    return all(_rollup_differences(s) == {} for s in Structure.objects.filter(pk__in=structure_ids))


def test_awareness_funnel_from_the_rollups(random_facts):
    for start, end in PERIODS:
        where, params = _scope("a.", random_facts, start, end, ["awareness"])
        (expected,) = _rows(
            "SELECT count(*), coalesce(sum(invited_count), 0), coalesce(sum(anonymous_total), 0) "
            f"FROM network_activityfact a WHERE {where}",
            params,
        )
        awareness = network_figures(structure_ids=random_facts, start=start, end=end, kinds=["workshop"]).awareness
        assert (awareness["meetings"], awareness["invited"], awareness["attendees"]) == expected


def test_a_period_splits_into_whole_months_and_days():
    assert Period.split(D(2023, 1, 1), D(2023, 3, 31)) == Period(True, D(2023, 1, 1), D(2023, 3, 1), ())
    assert Period.split(D(2023, 1, 15), D(2023, 4, 10)) == Period(
        True, D(2023, 2, 1), D(2023, 3, 1), ((D(2023, 1, 15), D(2023, 1, 31)), (D(2023, 4, 1), D(2023, 4, 10)))
    )
    assert Period.split(D(2023, 1, 15), D(2023, 2, 10)) == Period(
        False, None, None, ((D(2023, 1, 15), D(2023, 2, 10)),)
    )
    assert Period.split(None, D(2024, 2, 29)) == Period(True, None, D(2024, 2, 1), ())
    assert Period.split(D(2023, 12, 2), None) == Period(True, D(2024, 1, 1), None, ((D(2023, 12, 2), D(2023, 12, 31)),))


def test_writes_through_the_services_keep_the_rollups(structure_a, referent_a, in_schema):
    """Create, move across months and years, change the people, merge, delete: the rollups follow."""
    alice = beneficiary_create(structure=structure_a, label="AL", gender="feminin", birth_year=1960)
    bob = beneficiary_create(structure=structure_a, label="BO", gender="masculin", birth_year=1950)
    twin = beneficiary_create(structure=structure_a, label="AL", gender="feminin", birth_year=1960)
    activity = activity_create(
        structure=structure_a, user=referent_a, kind="workshop", date=D(2023, 3, 1), duration_minutes=90,
        themes=["email"], beneficiaries=[alice, twin], anonymous_total=3, anonymous_already_seen=1,
        anonymous_breakdown={"gender": {"feminin": 2, "masculin": 1}},
    )  # fmt: skip
    activity_create(
        structure=structure_a, user=referent_a, kind="dropin", date=D(2022, 11, 2), duration_minutes=30,
        themes=["email"], beneficiaries=[bob], autonomy="autonome",
    )  # fmt: skip
    assert facts_differences(structure_a) == {}
    activity_update(structure=structure_a, user=None, activity=activity, date=D(2024, 1, 10),
                             beneficiaries=[alice, bob, twin])  # fmt: skip
    assert facts_differences(structure_a) == {}
    beneficiary_update(structure=structure_a, beneficiary=bob, birth_year=1955)
    beneficiary_merge(structure=structure_a, keep=alice, duplicate=twin)
    assert facts_differences(structure_a) == {}
    for start, end in [(None, None), (D(2024, 1, 1), D(2024, 1, 31)), (D(2022, 11, 1), D(2024, 1, 5))]:
        figures = network_figures(structure_ids=[structure_a.pk], start=start, end=end)
        expected = reference_figures([structure_a.pk], start, end)
        assert {key: getattr(figures, key) for key in expected} == expected
    with in_schema(structure_a):
        dropin = Activity.objects.get(kind="dropin")
    activity_delete(structure=structure_a, user=None, activity=dropin)
    assert facts_differences(structure_a) == {}
    assert network_figures(structure_ids=[structure_a.pk], start=D(2022, 11, 1), end=D(2022, 11, 30)).people == 0
