from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api.services import api_token_create
from tenants.models import User


class Command(BaseCommand):
    help = "Create a personal API token for a user and print its key (shown once)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("name", help="What the token is for, e.g. the tool that will use it.")

    def handle(self, *args, email, name, **options):
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with the e-mail address {email}.")
        try:
            _token, raw = api_token_create(user=user, name=name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(raw)
