from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants.enums import StructureKind
from tenants.services import structure_create


class Command(BaseCommand):
    help = "Provision a relay structure (a clone of the template schema) on <slug>.<BASE_DOMAIN>."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("name")
        parser.add_argument("--kind", choices=StructureKind.values, default=StructureKind.OTHER)
        parser.add_argument("--commune", default="")
        parser.add_argument("--postcode", default="")
        parser.add_argument("--siret", default="")

    def handle(self, *args, slug, name, kind, commune, postcode, siret, **options):
        try:
            structure = structure_create(
                name=name, slug=slug, kind=kind, commune=commune, postcode=postcode, siret=siret
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"{structure.name}: {structure.url}"))
