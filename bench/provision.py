"""Time to provision a relay structure from the template schema (tenants.schema) versus by migrations.

Run:  .venv/bin/python bench/provision.py [--sizes 0,1000,10000] [--samples 9] [--migrate-samples 3]
      [--fill-batch 10] [--fill-workers 2]
(uses a throw-away database `relais_bench` on DATABASE_URL's server)

The structures present are made first, untimed: their rows and domains in bulk, then their schemas from the
template's DDL (``tenants.schema.schema_sql``), ``--fill-batch`` a transaction on ``--fill-workers``
connections (about 130 ms a schema on 2 loaded cores: 10,000 in about 20 minutes). Each transaction locks
every relation it creates until it commits (about 100 a schema): batches × workers × 100 must stay well
below max_locks_per_transaction × max_connections (6,400 by default), or "out of shared memory".
"""

import argparse
import os
import statistics
import time

from _setup import use_bench_database


def fill_schemas(names: list[str], batch: int, workers: int, present: int) -> None:
    """Create these schemas from the template's DDL, ``batch`` a transaction, on ``workers`` connections."""
    import threading

    import psycopg
    from django.conf import settings

    from tenants.schema import schema_sql

    base = settings.TENANT_BASE_SCHEMA
    schema_sql(names[0], base)  # the DDL generated once, before the threads
    batches = [names[i : i + batch] for i in range(0, len(names), batch)]
    lock, done, start = threading.Lock(), [0], time.perf_counter()

    def work(mine):
        with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
            for chunk in mine:
                with conn.transaction():
                    conn.execute("\n".join(schema_sql(name, base) for name in chunk))
                with lock:
                    before, done[0] = done[0], done[0] + len(chunk)
                    if (present + before) // 1000 != (present + done[0]) // 1000:
                        elapsed = time.perf_counter() - start
                        print(f"… {present + done[0]} schemas present (filling: {elapsed:.0f} s, "
                              f"{1000 * elapsed / done[0]:.0f} ms a schema)", flush=True)  # fmt: skip

    threads = [threading.Thread(target=work, args=(batches[i::workers],)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="0,1000,10000")
    parser.add_argument("--samples", type=int, default=9)
    parser.add_argument("--migrate-samples", type=int, default=3, help="schemas provisioned by migrations")
    parser.add_argument("--fill-batch", type=int, default=10, help="schemas created a transaction when filling")
    parser.add_argument("--fill-workers", type=int, default=2, help="connections creating schemas when filling")
    args = parser.parse_args()
    use_bench_database("relais_bench")

    import psycopg
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import override_settings

    from tenants.models import Domain, Structure
    from tenants.schema import pool_schemas, schema_sql
    from tenants.services import platform_ensure, schema_name_for, schema_pool_ensure, structure_create

    # Refills run where the worker would run them (below, untimed), not inside the provisioning.
    override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}).enable()

    raw = psycopg.connect(os.environ["DATABASE_URL"])

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    platform_ensure()
    rows = []
    existing = 0
    counter = 0
    fill_seconds = 0.0
    filled = 0
    for size in [int(s) for s in args.sizes.split(",")]:
        fill_start = time.perf_counter()
        if existing < size:
            # Filling (untimed, what is timed comes after): the rows and domains in bulk, then the same DDL
            # (tenants.schema.schema_sql), --fill-batch schemas a transaction on --fill-workers connections.
            slugs = [f"fill-{counter + n}" for n in range(1, size - existing + 1)]
            counter += len(slugs)
            for first in range(0, len(slugs), 1000):
                with transaction.atomic():
                    structures = Structure.objects.bulk_create(
                        Structure(name=slug, slug=slug, schema_name=schema_name_for(slug))
                        for slug in slugs[first : first + 1000]
                    )
                    Domain.objects.bulk_create(Domain(domain=s.host, tenant=s, is_primary=True) for s in structures)
            fill_schemas([schema_name_for(slug) for slug in slugs], args.fill_batch, args.fill_workers, existing)
            existing += len(slugs)
            filled += len(slugs)
        fill_seconds += time.perf_counter() - fill_start
        # With the pool: the worker's refill (untimed) before each provisioning, as between two requests.
        clone_times = []
        for _ in range(args.samples):
            counter += 1
            schema_pool_ensure()
            start = time.perf_counter()
            structure_create(name=f"Bench {counter}", slug=f"bench-{counter}")
            clone_times.append((time.perf_counter() - start) * 1000)
            existing += 1
        with connection.cursor() as cursor:  # the pool emptied: the DDL path
            for schema in pool_schemas():
                cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')
        ddl_times = []
        for _ in range(args.samples):
            counter += 1
            start = time.perf_counter()
            structure_create(name=f"Bench {counter}", slug=f"bench-{counter}")
            ddl_times.append((time.perf_counter() - start) * 1000)
            existing += 1
        # The same DDL (tenants.schema.schema_sql) executed by hand: one transaction, no Django.
        by_hand = []
        for _ in range(args.samples):
            counter += 1
            sql = schema_sql(schema_name_for(f"hand-{counter}"), settings.TENANT_BASE_SCHEMA)
            start = time.perf_counter()
            with raw.transaction():
                raw.execute(sql)
            by_hand.append((time.perf_counter() - start) * 1000)
            existing += 1
        migrate_times = []
        for _ in range(args.migrate_samples):
            counter += 1
            structure = Structure(
                name=f"Migr {counter}", slug=f"migr-{counter}", schema_name=schema_name_for(f"migr-{counter}")
            )
            structure.save()
            start = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE SCHEMA "{structure.schema_name}"')
            call_command(
                "migrate_schemas", tenant=True, schema_name=structure.schema_name, interactive=False, verbosity=0
            )
            migrate_times.append((time.perf_counter() - start) * 1000)
            connection.set_schema_to_public()
            existing += 1
        migrate_median = statistics.median(migrate_times) if migrate_times else float("nan")
        rows.append((size, statistics.median(clone_times), max(clone_times), statistics.median(ddl_times),
                     statistics.median(by_hand), migrate_median))  # fmt: skip
        print(f"… {size} structures present: {rows[-1][1]:.1f} ms from the pool, {rows[-1][3]:.1f} ms by DDL, "
              f"{rows[-1][4]:.1f} ms DDL by hand", flush=True)  # fmt: skip

    print("Provisioning a relay structure (ms)")
    print(f"{'structures present':>19} {'pool median':>12} {'max':>7} {'pool empty (DDL)':>17} "
          f"{'DDL by hand':>12} {'ratio pool':>11} {'ratio DDL':>10} {'migrations':>11}")  # fmt: skip
    for size, median, worst, ddl, hand, migrate in rows:
        print(f"{size:>19} {median:>12.1f} {worst:>7.1f} {ddl:>17.1f} {hand:>12.1f} {median / hand:>11.2f} "
              f"{ddl / hand:>10.2f} {migrate:>11.1f}")  # fmt: skip
    print("structure_create (validation, row, schema, domain, one transaction) against the same DDL executed by")
    print("hand in one transaction; 'pool': a schema made ahead is renamed, 'pool empty': the DDL is replayed.")
    print("Target: median ≤ 30 ms with 1,000 and 10,000 structures present, within 3× of the DDL by hand.")
    print(f"Filling: {filled} schemas in {fill_seconds:.0f} s ({1000 * fill_seconds / max(filled, 1):.0f} ms a "
          f"schema, {args.fill_batch} a transaction, {args.fill_workers} connections).")  # fmt: skip
    print("Rerun: .venv/bin/python bench/provision.py --sizes", args.sizes, "--samples", args.samples,
          "--migrate-samples", args.migrate_samples, "--fill-batch", args.fill_batch,
          "--fill-workers", args.fill_workers)  # fmt: skip


if __name__ == "__main__":
    main()
