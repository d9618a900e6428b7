from django.core.management.base import BaseCommand
from django.db import transaction

import cms.demo
import network.demo
import tenants.demo
import training.demo
import training.demo_practices

# Each app adds its own demo content, in this order; every seeder is idempotent.
SEEDERS = [tenants.demo, cms.demo, network.demo, training.demo, training.demo_practices]


class Command(BaseCommand):
    help = "Create (or complete) the demo network: the pilot programme of Hauts-de-France."

    def handle(self, *args, **options):
        for module in SEEDERS:
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo network ready."))
