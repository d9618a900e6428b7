"""The network's totals of the rollups (``figures.rollups.TOTALS``): the figures of every structure read
them instead of a row per structure, so they must always equal the sums of the structures' rollups, through
bulk refreshes, every write of the services, compaction, a structure's deletion; ``check_facts`` reports a
drift and ``--rebuild`` repairs it."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from figures.compute import compute_figures
from figures.rollups import TOTALS, rollups_compact, totals_differences
from network.figures import network_figures
from tenants.models import Structure
from tenants.services import structure_create
from tests.network.test_figures_rollups import KIND_FILTERS, PERIODS, random_facts  # noqa: F401 (a fixture)
from training.models import Activity
from training.services.activities import activity_create, activity_delete, activity_update
from training.services.people import beneficiary_create, beneficiary_merge, beneficiary_update

D = datetime.date
# Figures that depend on the scope's list, not on the facts.
SCOPE_KEYS = {"structures", "referents_trained", "by_structure"}


def _figures(structure_ids, **kwargs) -> dict:
    figures = compute_figures(structure_ids=structure_ids, **kwargs).as_dict()
    return {key: value for key, value in figures.items() if key not in SCOPE_KEYS}


def _every_structure() -> list[int]:
    return list(Structure.objects.values_list("pk", flat=True))


def _rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_the_totals_give_the_figures_of_every_structure(random_facts, start, end):  # noqa: F811
    """Every structure (None) reads the totals; the same structures listed read their rollups."""
    assert totals_differences() == {}
    every = _every_structure()
    for kinds in KIND_FILTERS:
        assert _figures(None, start=start, end=end, kinds=kinds) == _figures(
            every, start=start, end=end, kinds=kinds
        ), (start, end, kinds)


def test_every_relay_listed_reads_the_totals(random_facts, monkeypatch):  # noqa: F811
    """The network's dashboard for every relay, listed or not: the same figures, and no query reads a
    rollup's rows per structure."""
    monkeypatch.setattr("network.figures.EVERY_RELAY_LIST", 1)  # a list as long as the network's is checked
    relays = list(Structure.objects.relays().values_list("pk", flat=True))
    period = {"start": D(2022, 9, 1), "end": D(2023, 12, 31)}
    with CaptureQueriesContext(connection) as listed:
        by_list = network_figures(structure_ids=relays, **period)
    with CaptureQueriesContext(connection) as unlisted:
        every = network_figures(**period)
    assert by_list == every
    assert by_list.structures == len(relays)
    # The same queries whether listed or not (none per structure): relays, required modules, referents
    # trained, then compute_figures's; the activities, breakdowns and people from the totals.
    assert len(listed.captured_queries) == len(unlisted.captured_queries)
    for queries in (listed, unlisted):
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        for total in ("network_activitymonthtotal", "network_activitymonthbreakdowntotal", "network_personyeartotal"):
            assert f"FROM {total}" in sql
        assert "network_activitymonthfact" not in sql and "network_activitymonthbreakdownfact" not in sql
        people = next(q["sql"] for q in queries.captured_queries if "network_personyeartotal" in q["sql"])
        assert "network_personyearfact" not in people


def test_writes_through_the_services_keep_the_totals(structure_a, referent_a, in_schema):
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
    assert totals_differences() == {}
    activity_update(structure=structure_a, user=None, activity=activity, date=D(2024, 1, 10),
                    beneficiaries=[alice, bob, twin])  # fmt: skip
    assert totals_differences() == {}
    # The person's gender, status and birth year are copied into their yearly rows: the totals move them.
    beneficiary_update(structure=structure_a, beneficiary=bob, birth_year=1955, gender="feminin")
    assert totals_differences() == {}
    beneficiary_merge(structure=structure_a, keep=alice, duplicate=twin)
    assert totals_differences() == {}
    with in_schema(structure_a):
        dropin = Activity.objects.get(kind="dropin")
    activity_delete(structure=structure_a, user=None, activity=dropin)
    assert totals_differences() == {}
    every = _every_structure()
    for start, end in [(None, None), (D(2024, 1, 1), D(2024, 1, 31)), (D(2022, 11, 1), D(2024, 1, 31))]:
        assert _figures(None, start=start, end=end) == _figures(every, start=start, end=end)
    assert compute_figures(start=D(2024, 1, 1), end=D(2024, 1, 31)).people_followed == 2


def test_compaction_folds_the_rows_and_keeps_the_sums(structure_a, referent_a):
    people = [beneficiary_create(structure=structure_a, label=f"P{i}", gender="feminin").pk for i in range(3)]
    for day in (1, 2, 3):
        activity_create(
            structure=structure_a, user=referent_a, kind="workshop", date=D(2023, 3, day), duration_minutes=60,
            themes=["email"], beneficiaries=people[:day], anonymous_total=1,
        )  # fmt: skip
    before = _figures(None)
    rows = {total: _rows(total) for total, _keys, _values in TOTALS.values()}
    assert rows["network_activitymonthtotal"] >= 3  # a row of changes a write
    removed = rollups_compact()
    assert removed > 0
    assert _rows("network_activitymonthtotal") == 1  # one month, one kind
    for total, keys, _values in TOTALS.values():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT DISTINCT {', '.join(keys)} FROM {total}) x")
            assert cursor.fetchone()[0] == _rows(total) <= rows[total]
    assert totals_differences() == {}
    assert _figures(None) == before
    assert rollups_compact() == 0


def test_check_facts_reports_a_drift_of_the_totals_and_rebuild_repairs_it(structure_a, referent_a, capsys):
    person = beneficiary_create(structure=structure_a, label="AL", gender="feminin", birth_year=1960)
    activity_create(
        structure=structure_a, user=referent_a, kind="workshop", date=D(2023, 3, 1), duration_minutes=60,
        themes=["email"], beneficiaries=[person],
    )  # fmt: skip
    call_command("check_facts")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO network_activitymonthtotal (month, kind, activities, minutes, anonymous_total, "
            "anonymous_new, invited, followup_course, followup_individual) VALUES ('2023-03-01', 'workshop', "
            "1, 0, 0, 0, 0, 0, 0)"
        )
        cursor.execute("DELETE FROM network_personyeartotal WHERE kind = ''")
    with pytest.raises(CommandError):
        call_command("check_facts")
    output = capsys.readouterr().out
    assert "network: activitymonthtotal: 1 missing, 1 in excess" in output
    assert "network: personyeartotal: 1 missing, 0 in excess" in output
    call_command("check_facts", "--rebuild")
    assert totals_differences() == {}
    call_command("check_facts")


def test_a_deleted_structure_leaves_the_totals(structure_a, referent_a):
    structure = structure_create(name="Éphémère", slug="ephemere")
    person = beneficiary_create(structure=structure, label="EP", gender="masculin", birth_year=1970)
    activity_create(
        structure=structure, user=None, kind="dropin", date=D(2023, 5, 2), duration_minutes=30,
        themes=["email"], beneficiaries=[person], autonomy="autonome",
    )  # fmt: skip
    assert compute_figures(start=D(2023, 5, 1), end=D(2023, 5, 31)).activities["dropin"] == 1
    connection.set_schema_to_public()
    with connection.cursor() as cursor:  # the test's transaction: its deferred checks run before the schema goes
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    Structure.objects.get(pk=structure.pk).delete(force_drop=True)  # its facts and rollups by cascade
    assert totals_differences() == {}
    assert compute_figures(start=D(2023, 5, 1), end=D(2023, 5, 31)).activities["dropin"] == 0
