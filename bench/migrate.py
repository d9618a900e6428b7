"""One new tenant migration (ALTER TABLE … ADD COLUMN) applied to N structures: batches vs migrate_schemas.

Run:  .venv/bin/python bench/migrate.py --structures 1000 [--sample 20]
(a throw-away database `relais_bench_migrate` on DATABASE_URL's server, or the embedded one)

The batched path (tenants/migrate.py, `manage.py migrate_structures`) migrates the N structures;
the baseline, one `migrate_schemas --schema` call per schema as `setup_platform` did before,
is timed on a sample of the schemas first (migrating them) and extrapolated to N.
"""

import argparse
import statistics
import time

from _setup import use_bench_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--structures", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=20, help="schemas migrated one by one (baseline)")
    args = parser.parse_args()
    use_bench_database("relais_bench_migrate")

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from bench._migrations import extra_migrations
    from tenants.migrate import migrate_structures, tenant_schemas
    from tenants.services import platform_ensure, structure_create

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    platform_ensure()
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
    start = time.perf_counter()
    for number in range(1, args.structures + 1):
        structure_create(name=f"Structure {number}", slug=f"s-{number}")
        if number % 500 == 0:
            print(f"… {number} structures provisioned ({time.perf_counter() - start:.0f} s)", flush=True)
    schemas = [s for s in tenant_schemas() if s != settings.TENANT_BASE_SCHEMA]
    sample = schemas[: min(args.sample, len(schemas))]
    rest = [s for s in tenant_schemas() if s not in sample]

    with extra_migrations(["add_column"]) as names:
        per_schema = []
        for schema in sample:
            started = time.perf_counter()
            call_command("migrate_schemas", schema_name=schema, interactive=False, verbosity=0)
            per_schema.append(time.perf_counter() - started)
        connection.set_schema_to_public()
        started = time.perf_counter()

        def report(progress):
            if progress.done % 500 < 100 or progress.done == progress.total:
                print(f"  {progress}", flush=True)

        result = migrate_structures(schemas=rest, report=report)
        fast = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(DISTINCT table_schema) FROM information_schema.columns WHERE column_name = %s",
                ["tmp_note_1"],
            )
            migrated = cursor.fetchone()[0]
    assert result.fast == len(rest) and migrated == len(rest) + len(sample), (result, migrated)

    baseline_each = statistics.median(per_schema)
    baseline_total = baseline_each * (len(rest) + len(sample))
    fast_total = fast * (len(rest) + len(sample)) / len(rest)
    print(f"\nOne new tenant migration ({names[0]}: ADD COLUMN) on {len(rest) + len(sample)} schemas")
    print(f"{'':>36} {'per schema (ms)':>16} {'all schemas (s)':>16}")
    print(f"{'batched (migrate_structures)':>36} {fast * 1000 / len(rest):>16.1f} {fast_total:>16.1f}")
    print(
        f"{'one migrate_schemas per schema':>36} {baseline_each * 1000:>16.1f} {baseline_total:>16.1f}"
        f"   (median of {len(sample)} schemas, extrapolated)"
    )
    print(f"Batched: {len(rest)} schemas in {fast:.1f} s, {result.statements} statement(s) generated once.")
    print(f"Ratio: {baseline_total / fast_total:.0f}× faster. Target: 1,000 structures ≤ 120 s and ≥ 10× faster.")
    print(f"Rerun: .venv/bin/python bench/migrate.py --structures {args.structures} --sample {args.sample}")


if __name__ == "__main__":
    main()
