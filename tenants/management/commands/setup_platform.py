from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django_tenants.utils import get_public_schema_name

from tenants.models import Structure
from tenants.services import platform_ensure


def schemas_behind() -> list[str]:
    """Tenant schemas missing at least one migration of the project (one query each, no graph per schema)."""
    expected = set(MigrationLoader(connection, ignore_no_migrations=True).graph.nodes)
    behind = []
    schemas = Structure.objects.exclude(schema_name=get_public_schema_name()).values_list("schema_name", flat=True)
    with connection.cursor() as cursor:
        for schema in schemas:
            cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations')
            if not expected <= set(cursor.fetchall()):
                behind.append(schema)
    return behind


class Command(BaseCommand):
    help = "Migrate every schema, create the network's row and the template schema, seed the demo if empty."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo data.")

    def handle(self, *args, no_demo=False, **options):
        verbosity = max(options["verbosity"] - 1, 0)
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        call_command("createcachetable", verbosity=verbosity)
        platform_ensure()
        # A second run starts in seconds: only schemas that lack a migration are migrated.
        for schema in schemas_behind():
            call_command("migrate_schemas", schema_name=schema, interactive=False, verbosity=verbosity)
        if not no_demo and not Structure.objects.relays().exists():
            self.stdout.write("Loading the demo network…")
            call_command("seed_demo", verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS("Platform ready."))
