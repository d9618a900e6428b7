from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from figures.rollups import totals_differences, totals_rebuild
from tenants.models import Structure
from training.facts import facts_differences, facts_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the network's anonymous facts from each structure's records and report every difference "
        "(with --rebuild, also replace them)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--structure", help="slug of one structure (default: all)")
        parser.add_argument("--rebuild", action="store_true", help="replace the facts by the recomputed ones")

    def handle(self, *args, structure=None, rebuild=False, **options):
        structures = Structure.objects.relays()
        if structure:
            structures = structures.filter(slug=structure)
            if not structures:
                raise CommandError(f"No structure with the address “{structure}”.")
        total = 0
        for item in structures.order_by("slug"):
            differences = facts_rebuild(item) if rebuild else facts_differences(item)
            if differences:
                total += sum(d["missing"] + d["extra"] for d in differences.values())
                for table, counts in differences.items():
                    self.stdout.write(f"{item.slug}: {table}: {counts['missing']} missing, {counts['extra']} in excess")
        if not structure:
            # The network's totals of the rollups: equal to the sums of every structure's rollups.
            network = totals_differences()
            if network and rebuild:
                with transaction.atomic():
                    totals_rebuild()
            for table, counts in network.items():
                total += counts["missing"] + counts["extra"]
                self.stdout.write(f"network: {table}: {counts['missing']} missing, {counts['extra']} in excess")
        if total:
            verb = "rebuilt" if rebuild else "found"
            self.stdout.write(self.style.WARNING(f"{total} differences {verb}."))
            if not rebuild:
                raise CommandError("The facts differ from the structures' records; rerun with --rebuild.")
        else:
            self.stdout.write(self.style.SUCCESS(f"No difference in {structures.count()} structures."))
