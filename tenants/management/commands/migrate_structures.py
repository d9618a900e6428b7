from django.core.management.base import BaseCommand

from tenants.migrate import SCHEMAS_PER_BATCH, migrate_structures


class Command(BaseCommand):
    help = (
        "Apply pending tenant migrations to every structure's schema: the SQL generated once, sent to many "
        "schemas per round trip (migrations that run Python fall back to migrate_schemas). Interruptible: "
        "a re-run continues."
    )

    def add_arguments(self, parser):
        parser.add_argument("schemas", nargs="*", help="Only these schemas (default: every structure).")
        parser.add_argument(
            "--schemas-per-batch", type=int, default=SCHEMAS_PER_BATCH,
            help="Schemas migrated per transaction (fewer: shorter locks, for migrations that rewrite tables).",
        )  # fmt: skip

    def handle(self, *args, schemas=None, schemas_per_batch=SCHEMAS_PER_BATCH, **options):
        verbosity = options["verbosity"]

        def report(progress):
            if verbosity:
                self.stdout.write(f"  {progress}")

        result = migrate_structures(
            schemas=schemas or None, report=report, verbosity=max(verbosity - 1, 0), schemas_per_batch=schemas_per_batch
        )
        self.stdout.write(
            f"Structures: {result.fast} migrated in batches ({result.statements} statements generated), "
            f"{result.fallback} by migrate_schemas, {result.up_to_date} already up to date."
        )
