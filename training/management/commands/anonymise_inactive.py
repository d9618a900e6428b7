"""Erase the people with no attendance for N months, in every relay structure."""

from django.core.management.base import BaseCommand, CommandError

from tenants.models import Structure
from training.services.people import anonymise_inactive


class Command(BaseCommand):
    help = "Anonymise the people accompanied with no attendance for --months months (default 24), in every structure."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--structure", help="Only this structure (its slug).")

    def handle(self, *args, months, structure=None, **options):
        if months < 1:
            raise CommandError("--months must be at least 1.")
        structures = Structure.objects.relays().order_by("slug")
        if structure:
            structures = structures.filter(slug=structure)
            if not structures.exists():
                raise CommandError(f"No structure {structure!r}.")
        total = 0
        for item in structures:
            count = anonymise_inactive(structure=item, months=months)
            total += count
            self.stdout.write(f"{item.slug}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Total: {total} people anonymised (no attendance for {months} months)."))
