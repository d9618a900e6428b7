from django.core.management.base import BaseCommand
from django.db import transaction

import cms.demo
import network.demo
import network.demo_programmes
import tenants.demo
import training.demo
import training.demo_practices
import training.demo_programmes

# Each app adds its own demo content, in this order; every seeder is idempotent. The programmes of the
# other articles: their structures' records first, then the network's side (programmes, trainings).
SEEDERS = [
    tenants.demo,
    cms.demo,
    network.demo,
    training.demo,
    training.demo_practices,
    training.demo_programmes,
    network.demo_programmes,
]


class Command(BaseCommand):
    help = "Create (or complete) the demo network: the pilot of Hauts-de-France and the other articles' programmes."

    def handle(self, *args, **options):
        for module in SEEDERS:
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo network ready."))
