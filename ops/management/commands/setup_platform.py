from django.core.management import call_command
from django.core.management.base import BaseCommand

from tenants.models import Structure
from tenants.services import platform_ensure, schema_pool_ensure


class Command(BaseCommand):
    help = "Migrate every schema, create the network's row and the template schema, seed the demo if empty."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo data.")

    def handle(self, *args, no_demo=False, **options):
        verbosity = max(options["verbosity"] - 1, 0)
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        call_command("createcachetable", verbosity=verbosity)
        platform_ensure()
        # Tenant migrations: generated once, applied in batches of schemas (tenants/migrate.py);
        # a second run reads each schema's records and finds nothing to do.
        call_command("migrate_structures", verbosity=options["verbosity"])
        schema_pool_ensure()
        if not no_demo and not Structure.objects.relays().exists():
            self.stdout.write("Loading the demo network…")
            call_command("seed_demo", verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS("Platform ready."))
