from django.conf import settings
from django.core.management.base import BaseCommand

from tenants.demo import DEMO_PASSWORD
from tenants.models import Structure, User


class Command(BaseCommand):
    help = "Print the network's URL, each structure's URL and the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, port, **options):
        suffix = f":{port}" if port not in ("80", "443") else ""
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS("Relais numérique — demo network"))
        out.write(f"  Network site:      http://{settings.BASE_DOMAIN}{suffix}/")
        for structure in Structure.objects.relays().order_by("name"):
            out.write(f"  {structure.name + ':':<42} http://{structure.host}{suffix}/")
        demo_users = User.objects.filter(email__endswith="@demo.test").order_by("email")
        if demo_users:
            out.write(f"\nDemo accounts (password: {DEMO_PASSWORD}):")
            for user in demo_users:
                roles = [user.get_network_role_display()] if user.network_role else []
                roles += [f"{m.get_role_display()} – {m.structure.slug}" for m in user.memberships.all()]
                out.write(f"  {user.email:<44} {', '.join(roles)}")
        out.write("")
