"""Each write moves the rollups by what it changes (``figures.rollups.rollups_apply``), without reading the
month's other activities or the people's history: the result must be exactly what recomputing every rollup
from the facts gives, whatever the write (created, moved across months and years, people added and
removed, kind changed, deleted); and the network's totals must follow in the same statements."""

import datetime
import random

import pytest
from django.db import connection
from django.utils import timezone

from figures.models import PersonYearFact
from figures.rollups import _rollup_differences, rollups_refresh, totals_differences
from training.facts import facts_sync_activity
from training.models import Activity
from training.services.activities import activity_create, activity_delete, activity_update
from training.services.people import beneficiary_create

pytestmark = pytest.mark.django_db
D = datetime.date
Y = timezone.localdate().year - 1  # whole past years only: no date in the future
ROLLUPS = ("network_activitymonthfact", "network_activitymonthbreakdownfact", "network_personyearfact")


def _stored(structure) -> dict[str, set]:
    rows = {}
    with connection.cursor() as cursor:
        for table in ROLLUPS:
            cursor.execute(f"SELECT * FROM {table} WHERE structure_id = %s", [structure.pk])
            rows[table] = {row[1:] for row in cursor.fetchall()}  # without the id
    return rows


def assert_exact(structure) -> None:
    """The stored rollups equal their definitions, and what recomputing them all from the facts stores; the
    network's totals equal the sums of the rollups (the incremental writes kept them, and so does the refresh)."""
    assert _rollup_differences(structure) == {}
    assert totals_differences() == {}
    incremental = _stored(structure)
    rollups_refresh([structure.pk])
    assert _stored(structure) == incremental


def _years(structure, person, kind="") -> dict[int, tuple[int, int | None]]:
    rows = PersonYearFact.objects.filter(structure=structure, beneficiary_id=person.pk, kind=kind)
    return {r.year: (r.months, r.previous_month) for r in rows}


@pytest.fixture
def people(structure_a):
    return [
        beneficiary_create(
            structure=structure_a, label=f"R{i}", gender=("feminin", "masculin")[i % 2], birth_year=1950 + i
        )  # fmt: skip
        for i in range(6)
    ]


def _log(structure, user, date, people, kind="workshop", **fields):
    if kind == "dropin":
        fields.setdefault("autonomy", "autonome")
    fields.setdefault("anonymous_total", 0 if people else 2)
    return activity_create(
        structure=structure, user=user, kind=kind, date=date, duration_minutes=fields.pop("duration_minutes", 60),
        themes=fields.pop("themes", ["email"]), beneficiaries=people, **fields,
    )  # fmt: skip


def test_a_year_added_between_two_others_and_removed_again(structure_a, manager_a, people):
    alice = people[0]
    _log(structure_a, manager_a, D(Y - 3, 3, 5), [alice])
    december = _log(structure_a, manager_a, D(Y - 1, 12, 20), [alice])
    assert _years(structure_a, alice) == {Y - 3: (1 << 2, None), Y - 1: (1 << 11, (Y - 3) * 12 + 2)}
    june = _log(structure_a, manager_a, D(Y - 2, 6, 1), [alice])
    # The next year's row now follows June of the year inserted between them.
    assert _years(structure_a, alice) == {
        Y - 3: (1 << 2, None), Y - 2: (1 << 5, (Y - 3) * 12 + 2), Y - 1: (1 << 11, (Y - 2) * 12 + 5),
    }  # fmt: skip
    assert_exact(structure_a)
    activity_delete(structure=structure_a, user=manager_a, activity=june)
    assert _years(structure_a, alice) == {Y - 3: (1 << 2, None), Y - 1: (1 << 11, (Y - 3) * 12 + 2)}
    assert_exact(structure_a)
    # December moved to January of the next year: that year's row goes, the new one follows March.
    activity_update(structure=structure_a, user=manager_a, activity=december, date=D(Y, 1, 3))
    assert _years(structure_a, alice) == {Y - 3: (1 << 2, None), Y: (1 << 0, (Y - 3) * 12 + 2)}
    assert _years(structure_a, alice, "workshop") == _years(structure_a, alice)
    assert_exact(structure_a)


def test_people_added_and_removed_keep_the_months_others_still_give(structure_a, manager_a, people):
    alice, bob, carol = people[:3]
    first = _log(structure_a, manager_a, D(Y - 1, 4, 2), [alice, bob])
    _log(structure_a, manager_a, D(Y - 1, 4, 28), [alice])
    dropin = _log(structure_a, manager_a, D(Y - 1, 4, 9), [alice], kind="dropin")
    assert_exact(structure_a)
    # Alice leaves the first workshop: April stays hers (the second workshop); Bob's only attendance goes.
    activity_update(structure=structure_a, user=manager_a, activity=first, beneficiaries=[bob, carol])
    activity_update(structure=structure_a, user=manager_a, activity=first, beneficiaries=[carol])
    assert _years(structure_a, alice) == {Y - 1: (1 << 3, None)}
    assert _years(structure_a, bob) == {} and _years(structure_a, bob, "workshop") == {}
    assert _years(structure_a, carol, "workshop") == {Y - 1: (1 << 3, None)}
    assert_exact(structure_a)
    # Her drop-in goes: the drop-in row goes, the row of any kind keeps April (the workshop).
    activity_delete(structure=structure_a, user=manager_a, activity=dropin)
    assert _years(structure_a, alice, "dropin") == {}
    assert _years(structure_a, alice) == {Y - 1: (1 << 3, None)}
    assert_exact(structure_a)


def test_months_and_breakdowns_follow_an_activity_moved_then_deleted(structure_a, manager_a, people):
    breakdown = {"gender": {"feminin": 2, "masculin": 1}, "age_band": {"soixante_dix_plus": 3}}
    one = _log(structure_a, manager_a, D(Y - 1, 2, 3), people[:2], anonymous_total=3, anonymous_already_seen=1,
               anonymous_breakdown=breakdown, themes=["email", "securite_numerique"])  # fmt: skip
    two = _log(structure_a, manager_a, D(Y - 1, 2, 10), people[1:3], anonymous_total=4, anonymous_breakdown={},
               themes=["email"])  # fmt: skip
    assert_exact(structure_a)
    activity_update(structure=structure_a, user=manager_a, activity=one, date=D(Y - 1, 3, 1), duration_minutes=30)
    assert_exact(structure_a)
    activity_update(structure=structure_a, user=manager_a, activity=two, anonymous_total=3, anonymous_already_seen=3,
                    anonymous_breakdown={})  # fmt: skip
    assert_exact(structure_a)
    activity_delete(structure=structure_a, user=manager_a, activity=one)
    activity_delete(structure=structure_a, user=manager_a, activity=two)
    assert_exact(structure_a)
    assert _stored(structure_a) == dict.fromkeys(ROLLUPS, set())


def test_a_breakdown_listing_a_code_with_no_one_keeps_its_row_at_zero(structure_a, manager_a, people, in_schema):
    # The forms drop zero counts, other writers (the demo data) may keep them: the definition then has a row
    # of value 0, which must survive the deletion of the month's other activity with that code.
    zero = _log(structure_a, manager_a, D(Y - 1, 5, 5), [], anonymous_total=3)
    with in_schema(structure_a):
        Activity.objects.filter(pk=zero.pk).update(anonymous_breakdown={"gender": {"feminin": 3, "masculin": 0}})
        facts_sync_activity(structure_a, Activity.objects.get(pk=zero.pk))
    other = _log(structure_a, manager_a, D(Y - 1, 5, 6), [], anonymous_total=2,
                 anonymous_breakdown={"gender": {"masculin": 2}})  # fmt: skip
    assert_exact(structure_a)
    activity_delete(structure=structure_a, user=manager_a, activity=other)
    assert_exact(structure_a)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT value FROM network_activitymonthbreakdownfact WHERE structure_id = %s AND code = 'masculin'",
            [structure_a.pk],
        )
        assert cursor.fetchall() == [(0,)]
    with in_schema(structure_a):
        zero = Activity.objects.get(pk=zero.pk)
    activity_delete(structure=structure_a, user=manager_a, activity=zero)
    assert_exact(structure_a)


def test_random_writes_stay_exact(structure_a, manager_a, people, in_schema):
    rng = random.Random(12)
    logged: list[int] = []
    for step in range(60):
        date = D(rng.choice([Y - 3, Y - 2, Y - 1]), rng.choice([1, 2, 6, 12]), rng.choice([1, 15, 28]))
        action = rng.choices(["create", "update", "delete"], [5, 4, 2])[0] if logged else "create"
        kind = rng.choice(["workshop", "workshop", "dropin"])
        attendees = rng.sample(people, 1) if kind == "dropin" else rng.sample(people, rng.randint(0, 4))
        anonymous = {} if kind == "dropin" and attendees else {"anonymous_total": rng.randint(1, 4)}
        if anonymous:
            anonymous["anonymous_already_seen"] = rng.randint(0, anonymous["anonymous_total"])
            men = rng.randint(0, anonymous["anonymous_total"])
            anonymous["anonymous_breakdown"] = {
                "gender": {"masculin": men, "feminin": anonymous["anonymous_total"] - men}
            }
        if kind == "dropin" and attendees:
            anonymous = {"anonymous_total": 0, "anonymous_already_seen": 0}
        themes = rng.sample(["email", "securite_numerique", "reseaux_sociaux"], rng.randint(1, 2))
        if action == "create":
            logged.append(_log(structure_a, manager_a, date, attendees, kind=kind, themes=themes, **anonymous).pk)
        else:
            activity_id = logged.pop(rng.randrange(len(logged)))
            with in_schema(structure_a):
                activity = Activity.objects.prefetch_related("participations", "referents").get(pk=activity_id)
            if action == "delete":
                activity_delete(structure=structure_a, user=manager_a, activity=activity)
            else:
                fields = {"autonomy": "autonome"} if kind == "dropin" else {}
                activity_update(
                    structure=structure_a, user=manager_a, activity=activity, kind=kind, date=date,
                    beneficiaries=attendees, themes=themes, duration_minutes=rng.choice([30, 90]),
                    **({"anonymous_breakdown": {}} | anonymous), **fields,
                )  # fmt: skip
                logged.append(activity_id)
        assert _rollup_differences(structure_a) == {}, step
        assert totals_differences() == {}, step
    assert_exact(structure_a)
