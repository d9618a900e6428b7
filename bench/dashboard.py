"""Time of the network's figures: ``compute_figures`` over the public anonymous facts, their rollups and the
network's totals of the rollups, versus a ``UNION ALL`` across the structures' schemas.

Targets (issues 4 and 12): 1,000 and 10,000 structures, 1,000,000 activities: median ≤ 150 ms, ≥ 5× faster
than the UNION ALL.

The facts are written in bulk SQL, then their rollups (monthly activities, yearly people) and the network's
totals of them are built with ``figures.rollups.rollups_refresh``, as an import does. The figures read only
public tables: only the structures the UNION ALL reads get a schema (the first ``--union-structures``, at
most 1,000 by default), each holding only the three tables it reads (activities, people, participations;
--full-provisioning clones the whole template schema for every structure instead). Prints the median and
p95 of each method for the full programme and one quarter: ``compute_figures`` for the list of every
structure (as a programme of the whole network passes it), for every relay (``structure_ids`` None, the
network's dashboard), for the structures with a schema, and the UNION ALL over those; the ratio; the
headline figures; the check that both methods agree on the structures with a schema; the command to rerun.

The UNION ALL across 10,000 schemas cannot run on one server: each part is a plan node ("stack depth limit
exceeded" beyond a few thousand) and it locks every table and index it reads (about 14 a structure, against
max_locks_per_transaction × max_connections). Over N of the schemas it reads N ÷ 10,000 of the data, so
the ratio printed is then a lower bound.

Run:  .venv/bin/python bench/dashboard.py [--structures 200] [--activities 200000] [--samples 15]
      [--union-structures N] [--reuse: measure the previous run's database again] [--no-union]
At 10,000:  .venv/bin/python bench/dashboard.py --structures 10000 --activities 1000000 --samples 11 \
    --union-structures 500
(uses a throw-away database `relais_bench_dashboard` on DATABASE_URL's server)
"""

import argparse
import datetime
import os
import statistics
import sys
import time

from _setup import use_bench_database

START, END = datetime.date(2022, 9, 1), datetime.date(2023, 12, 31)
QUARTER = (datetime.date(2023, 1, 1), datetime.date(2023, 3, 31))
KINDS = "ARRAY['workshop','dropin','course_session','awareness']"
THEMES = "ARRAY['email','securite_numerique','navigation_sur_internet','aide_aux_demarches_administratives']"


def timed(function, samples: int) -> tuple[float, float]:
    function()  # warm-up
    durations = []
    for _ in range(samples):
        start = time.perf_counter()
        function()
        durations.append((time.perf_counter() - start) * 1000)
    durations.sort()
    p95 = durations[min(len(durations) - 1, round(0.95 * (len(durations) - 1)))]
    return statistics.median(durations), p95


def filler(cursor, schema: str, table: str, given: dict[str, str]) -> tuple[str, str]:
    """Column list and SELECT expressions: ``given`` values, type defaults for other NOT NULL columns."""
    cursor.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = %s "
        "AND table_name = %s AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'",
        [schema, table],
    )
    defaults = {
        "ARRAY": "'{}'",
        "jsonb": "'{}'::jsonb",
        "boolean": "false",
        "timestamp with time zone": "now()",
        "date": "current_date",
        "integer": "0",
        "smallint": "0",
        "bigint": "0",
        "numeric": "0",
    }
    columns = dict(given)
    for name, data_type in cursor.fetchall():
        columns.setdefault(name, defaults.get(data_type, "''"))
    return ", ".join(f'"{c}"' for c in columns), ", ".join(columns.values())


def build(n_structures: int, n_activities: int, full_provisioning: bool, n_schemas: int) -> list[tuple[int, str]]:
    """The structures and their facts and rollups; the first ``n_schemas`` structures also get the same records
    in their schema (for the UNION ALL). The figures read only public tables: the others need no schema."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    from figures.rollups import rollups_refresh
    from tenants.models import Structure
    from tenants.services import platform_ensure, structure_create

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
    platform_ensure()
    print(f"Creating {n_structures} structures ({n_schemas} with a schema)…", flush=True)
    t0 = time.perf_counter()
    if full_provisioning:
        for i in range(n_structures):
            structure_create(name=f"Structure {i}", slug=f"bench-{i}", kind="ccas")
        n_schemas = n_structures
    else:
        # Rows in bulk, and in each schema only the three tables the UNION ALL reads, copied from the
        # template: cloning a whole schema takes seconds each once the catalogue holds hundreds of them.
        Structure.objects.bulk_create(
            Structure(name=f"Structure {i}", slug=f"bench-{i}", schema_name=f"s_bench_{i}", kind="ccas")
            for i in range(n_structures)
        )
        template = settings.TENANT_BASE_SCHEMA
        with connection.cursor() as cursor:
            for i in range(n_schemas):
                statements = [f'CREATE SCHEMA "s_bench_{i}"'] + [
                    f'CREATE TABLE "s_bench_{i}".{table} (LIKE "{template}".{table} INCLUDING ALL)'
                    for table in ("training_beneficiary", "training_activity", "training_participation")
                ]
                cursor.execute("; ".join(statements))
    print(f"  {time.perf_counter() - t0:.0f} s", flush=True)
    structures = list(Structure.objects.relays().order_by("pk").values_list("pk", "schema_name"))
    ids = [pk for pk, _schema in structures]
    per = max(n_activities // len(structures), 1)
    people = 60
    print(f"Facts: {per * len(structures)} activities, attendances and people, in bulk SQL…", flush=True)
    t0 = time.perf_counter()
    days = (END - START).days
    with connection.cursor() as cursor:
        connection.set_schema_to_public()
        columns, values = filler(
            cursor, "public", "network_activityfact",
            {"structure_id": "s", "activity_id": "a", "kind": f"({KINDS})[1 + (a * 7 + s) %% 4]",
             "date": "%(start)s::date + ((a * 37 + s * 11) %% %(days)s)::int", "duration_minutes": "30 + 30 * (a %% 4)",
             "themes": f"ARRAY[({THEMES})[1 + a %% 4]]", "place_type": "'lieu_activite'", "followed_count": "1",
             "anonymous_total": "a %% 3", "anonymous_breakdown": """'{"gender": {"feminin": 1}}'::jsonb"""},
        )  # fmt: skip
        cursor.execute(
            f"INSERT INTO network_activityfact ({columns}) SELECT {values} "
            "FROM unnest(%(ids)s::bigint[]) s, generate_series(1, %(per)s) a",
            {"start": START, "days": days, "ids": ids, "per": per},
        )
        cursor.execute(
            """
            INSERT INTO network_attendancefact (structure_id, activity_id, beneficiary_id, date, kind, duration_minutes)
            SELECT structure_id, activity_id, 1 + (activity_id * 13) %% %s, date, kind, duration_minutes
            FROM network_activityfact
            """,
            [people],
        )
        cursor.execute(
            """
            INSERT INTO network_beneficiaryfact (structure_id, beneficiary_id, gender, birth_year, social_status)
            SELECT s, b, CASE WHEN b %% 5 < 3 THEN 'feminin' ELSE 'masculin' END, 1940 + b %% 50, 'retraite'
            FROM unnest(%s::bigint[]) s, generate_series(1, %s) b
            """,
            [ids, people],
        )
        cursor.execute("ANALYZE network_activityfact; ANALYZE network_attendancefact; ANALYZE network_beneficiaryfact")
    print(f"  {time.perf_counter() - t0:.0f} s", flush=True)
    print("Rollups of the facts (monthly activities, yearly people), as training.facts maintains them…", flush=True)
    t0 = time.perf_counter()
    with transaction.atomic():
        rollups_refresh()
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE network_activitymonthfact, network_activitymonthbreakdownfact, network_personyearfact"
        )
    print(f"  {time.perf_counter() - t0:.0f} s", flush=True)
    print(f"The same records in the schemas of {n_schemas} structures…", flush=True)
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        template = settings.TENANT_BASE_SCHEMA
        act_cols, act_values = filler(
            cursor, template, "training_activity",
            {"id": "f.activity_id", "kind": "f.kind", "date": "f.date", "duration_minutes": "f.duration_minutes",
             "themes": "f.themes", "anonymous_total": "f.anonymous_total"},
        )  # fmt: skip
        ben_cols, ben_values = filler(
            cursor, template, "training_beneficiary",
            {"id": "b.beneficiary_id", "code": "'B-' || b.beneficiary_id", "gender": "b.gender",
             "birth_year": "b.birth_year", "social_status": "b.social_status"},
        )  # fmt: skip
        for pk, schema in structures[:n_schemas]:
            cursor.execute(
                f'INSERT INTO "{schema}".training_activity ({act_cols}) SELECT {act_values} '
                "FROM public.network_activityfact f WHERE f.structure_id = %s",
                [pk],
            )
            cursor.execute(
                f'INSERT INTO "{schema}".training_beneficiary ({ben_cols}) SELECT {ben_values} '
                "FROM public.network_beneficiaryfact b WHERE b.structure_id = %s",
                [pk],
            )
            cursor.execute(
                f'INSERT INTO "{schema}".training_participation (activity_id, beneficiary_id) '
                "SELECT activity_id, beneficiary_id FROM public.network_attendancefact WHERE structure_id = %s",
                [pk],
            )
        if n_schemas:
            cursor.execute("ANALYZE")
    print(f"  {time.perf_counter() - t0:.0f} s", flush=True)
    return structures


def union_all(structures, start, end) -> dict:
    """Activities by kind, hours and distinct people, read from every schema with one UNION ALL."""
    from django.db import connection

    activities = " UNION ALL ".join(
        f'SELECT kind, duration_minutes FROM "{schema}".training_activity WHERE date BETWEEN %(s)s AND %(e)s'
        for _pk, schema in structures
    )
    people = " UNION ALL ".join(
        f'SELECT DISTINCT {pk} AS s, p.beneficiary_id FROM "{schema}".training_participation p '
        f'JOIN "{schema}".training_activity a ON a.id = p.activity_id WHERE a.date BETWEEN %(s)s AND %(e)s'
        for pk, schema in structures
    )
    with connection.cursor() as cursor:
        # Parallel workers each lock every one of the thousands of tables: beyond max_locks_per_transaction.
        cursor.execute("SET max_parallel_workers_per_gather = 0")
        cursor.execute(f"SELECT kind, count(*), sum(duration_minutes) FROM ({activities}) x GROUP BY kind",
                       {"s": start, "e": end})  # fmt: skip
        by_kind = cursor.fetchall()
        cursor.execute(f"SELECT count(*) FROM ({people}) x", {"s": start, "e": end})
        result = {"by_kind": by_kind, "people": cursor.fetchone()[0]}
        cursor.execute("RESET max_parallel_workers_per_gather")
        return result


def summary(figures: dict) -> str:
    """The headline figures, to compare runs and methods at a glance."""
    return (
        f"{figures.activities['total']} activities, {figures.sessions} sessions, {figures.hours} h, "
        f"{figures.people} people ({figures.people_followed} followed, {figures.people_anonymous} "
        f"anonymous), {figures.women_share} women, mean age {figures.mean_age}"
    )


def schemas_present(structures) -> list[tuple[int, str]]:
    """The structures whose schema exists (a rerun with ``--reuse`` finds what the first run built)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        names = {name for (name,) in cursor.fetchall()}
    return [(pk, schema) for pk, schema in structures if schema in names]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--structures", type=int, default=200)
    parser.add_argument("--activities", type=int, default=200_000)
    parser.add_argument("--samples", type=int, default=15)
    parser.add_argument(
        "--full-provisioning", action="store_true", help="clone every schema whole (slow: seconds a structure)"
    )
    parser.add_argument("--reuse", action="store_true", help="measure the previous run's database again")
    parser.add_argument("--no-union", action="store_true", help="skip the UNION ALL (and build no schema)")
    parser.add_argument(
        "--union-structures", type=int, default=None,
        help="the UNION ALL reads the schemas of the first N structures only (default: all, at most 1,000)",
    )  # fmt: skip
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL")
    use_bench_database("relais_bench_dashboard", keep=args.reuse)

    from figures.models import ActivityFact
    from network.figures import network_figures
    from tenants.models import Structure

    n_union = 0 if args.no_union else min(args.structures, args.union_structures or 1000)
    if args.reuse:
        structures = list(Structure.objects.relays().order_by("pk").values_list("pk", "schema_name"))
    else:
        structures = build(args.structures, args.activities, args.full_provisioning, n_union)
    union_structures = schemas_present(structures)[:n_union]
    n_union = len(union_structures)
    ids = [pk for pk, _schema in structures]
    union_ids = [pk for pk, _schema in union_structures]
    total = ActivityFact.objects.count()
    partial = 0 < n_union < len(ids)
    print(f"\n{len(ids)} structures, {total} activities; the UNION ALL reads {n_union} schemas\n")
    print(f"{'scope':<28}{'method':<44}{'median ms':>10}{'p95 ms':>10}")
    scopes = (("full programme", (START, END)), ("one quarter (2023 Q1)", QUARTER))
    for label, (start, end) in scopes:

        def figures_of(structure_ids, s=start, e=end):
            return lambda: network_figures(structure_ids=structure_ids, start=s, end=e)

        methods = [(f"compute_figures, {len(ids)} structures", figures_of(ids))]
        methods.append(("compute_figures, every relay (ids None)", figures_of(None)))
        if n_union and partial:
            methods.append((f"compute_figures, {n_union} structures", figures_of(union_ids)))
        if n_union:
            methods.append(
                (f"UNION ALL across {n_union} schemas", lambda s=start, e=end: union_all(union_structures, s, e))
            )
        medians = []
        for method, function in methods:
            median, p95 = timed(function, args.samples)
            medians.append(median)
            print(f"{label:<28}{method:<44}{median:>10.1f}{p95:>10.1f}", flush=True)
        if n_union:
            ratio = f"{'at least ' if partial else ''}{medians[-1] / medians[0]:.1f}×"
            print(f"{'':<28}ratio UNION ALL ÷ compute_figures ({len(ids)} structures): {ratio}"
                  + (f", the UNION ALL reading {n_union} of the {len(ids)} schemas" if partial else ""))  # fmt: skip
    print()
    for label, (start, end) in scopes:
        figures = network_figures(structure_ids=ids, start=start, end=end)
        print(f"{label}: {summary(figures)}")
        if n_union:
            part = network_figures(structure_ids=union_ids, start=start, end=end)
            check = union_all(union_structures, start, end)
            assert part.activities["total"] == sum(n for _k, n, _m in check["by_kind"]), "facts and schemas differ"
            assert part.people_followed == check["people"], "facts and schemas differ on people"
    if n_union:
        print(
            f"\nBoth methods agree on the activities and the people followed of the {n_union} structures with a schema."
        )
    if partial or args.no_union:
        print(f"The UNION ALL read {n_union} of the {len(ids)} schemas: across thousands it cannot run on one server "
              "(each part is a plan node: 'stack depth limit exceeded' beyond a few thousand; it locks about 14 "
              "relations a schema, against max_locks_per_transaction × max_connections). Over a part of the "
              "schemas it reads a part of the data, so the ratio above is a lower bound.")  # fmt: skip
    print("Target: median ≤ 150 ms at 1,000 and 10,000 structures, ≥ 5× faster than the UNION ALL.")
    prefix = f"DATABASE_URL={server} " if server else ""
    print(f"Rerun: {prefix}.venv/bin/python bench/dashboard.py --structures {args.structures} "
          f"--activities {args.activities} --samples {args.samples}"
          + (f" --union-structures {args.union_structures}" if args.union_structures else "")
          + (" --reuse" if args.reuse else "") + (" --no-union" if args.no_union else ""))  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
