from django.core.management.base import BaseCommand
from django.db import transaction

from figures.rollups import rollups_compact


class Command(BaseCommand):
    help = (
        "Fold the rows of the network's totals of the rollups into one a key (schedule it every few minutes: "
        "the figures of every structure stay exact without it, but read more rows)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            removed = rollups_compact()
        self.stdout.write(self.style.SUCCESS(f"{removed} rows folded."))
