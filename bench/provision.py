"""Time to provision a relay structure from the template schema (tenants.schema) versus by migrations.

Run:  .venv/bin/python bench/provision.py [--sizes 0,100,500] [--samples 9]
(uses a throw-away database `relais_bench` on the embedded server, or on DATABASE_URL's server)
"""

import argparse
import statistics
import time

from _setup import use_bench_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="0,100,500")
    parser.add_argument("--samples", type=int, default=9)
    args = parser.parse_args()
    use_bench_database("relais_bench")

    from django.core.management import call_command
    from django.db import connection

    from tenants.models import Structure
    from tenants.services import platform_ensure, schema_name_for, structure_create

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    platform_ensure()
    rows = []
    existing = 0
    counter = 0
    for size in [int(s) for s in args.sizes.split(",")]:
        while existing < size:
            counter += 1
            structure_create(name=f"Fill {counter}", slug=f"fill-{counter}")
            existing += 1
        clone_times = []
        for _ in range(args.samples):
            counter += 1
            start = time.perf_counter()
            structure_create(name=f"Bench {counter}", slug=f"bench-{counter}")
            clone_times.append((time.perf_counter() - start) * 1000)
            existing += 1
        migrate_times = []
        for _ in range(min(3, args.samples)):
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
        rows.append((size, statistics.median(clone_times), max(clone_times), statistics.median(migrate_times)))
        print(f"… {size} structures present: {rows[-1][1]:.1f} ms by template, {rows[-1][3]:.1f} ms by migrations",
              flush=True)  # fmt: skip

    print("Provisioning a relay structure (ms)")
    print(f"{'structures present':>20} {'template median':>16} {'template max':>13} {'migrations median':>18}")
    for size, median, worst, migrate in rows:
        print(f"{size:>20} {median:>16.1f} {worst:>13.1f} {migrate:>18.1f}")
    print("Target: median under 100 ms with 500 structures present.")
    print("Rerun: .venv/bin/python bench/provision.py --sizes", args.sizes, "--samples", args.samples)


if __name__ == "__main__":
    main()
