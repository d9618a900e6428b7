"""Import of 5,000 past activities from a CSV file into one structure: all rows checked, bulk writes, facts.

Run:  DATABASE_URL=postgres://… .venv/bin/python bench/import_activities.py [rows]
Uses its own database (relais_bench_import) on the same server; prints the time taken.
"""

import random
import sys
import time

from _setup import use_bench_database

ROWS = int(next((a for a in sys.argv[1:] if a.isdigit()), 5000))
THEMES = ["email", "navigation_sur_internet", "securite_numerique", "aide_aux_demarches_administratives", "sante"]


def main() -> None:
    use_bench_database("relais_bench_import")
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from figures.models import ActivityFact, AttendanceFact
    from tenants.services import platform_ensure, structure_create
    from tests.factories import UserFactory
    from training.facts import facts_differences
    from training.imports.activities import import_activities
    from training.services.people import beneficiary_create

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    platform_ensure()
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
    structure = structure_create(name="Bench import", slug="bench-import")
    user = UserFactory(email="bench-import@exemple.fr")
    codes = [
        beneficiary_create(structure=structure, label=f"P{i}", gender="feminin", birth_year=1950 + i % 40).code
        for i in range(200)
    ]
    rng = random.Random(7)
    lines = ["date;type;duree_minutes;titre;thematiques;personnes;anonymes;anonymes_femmes;anonymes_hommes"]
    for i in range(ROWS):
        people = "|".join(rng.sample(codes, rng.randint(0, 3)))
        anonymous = rng.randint(0 if people else 1, 6)
        women = rng.randint(0, anonymous)
        lines.append(
            f"2024-{1 + i % 12:02d}-{1 + i % 28:02d};atelier;{rng.choice([60, 90, 120])};Atelier {i};"
            f"{rng.choice(THEMES)};{people};{anonymous};{women};{anonymous - women}"
        )
    payload = ("\n".join(lines) + "\n").encode()
    upload = SimpleUploadedFile("bench.csv", payload, content_type="text/csv")

    start = time.perf_counter()
    if "--profile" in sys.argv:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        result = profiler.runcall(import_activities, structure=structure, user=user, uploaded=upload)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    else:
        result = import_activities(structure=structure, user=user, uploaded=upload)
    elapsed = time.perf_counter() - start

    assert result.created == ROWS
    assert ActivityFact.objects.filter(structure=structure).count() == ROWS
    differences = facts_differences(structure)
    print(f"Imported {ROWS} activities ({len(payload) / 1024:.0f} KB, "
          f"{AttendanceFact.objects.filter(structure=structure).count()} attendances) in {elapsed:.2f} s "
          f"(target: under 10 s). Facts differences: {differences or 'none'}.")  # fmt: skip
    print("Rerun: DATABASE_URL=postgres://… .venv/bin/python bench/import_activities.py 5000")


if __name__ == "__main__":
    main()
