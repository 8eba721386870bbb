"""Make an API token for an integration's account (the ERP's service account), which has no
pages of its own. Prints the token once; only its digest is stored."""

from django.core.management.base import BaseCommand, CommandError

from api.services import MAX_DAYS, token_issue_for_service
from regions.models import User


class Command(BaseCommand):
    help = "Make an API token for a user (e.g. the ERP's service account) and print it once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="ERP")
        parser.add_argument("--days", type=int, default=MAX_DAYS)

    def handle(self, *args, username, name, days, **options):
        person = User.objects.filter(username=username, is_active=True).first()
        if person is None:
            raise CommandError(f"No active user named {username!r}.")
        token, secret = token_issue_for_service(user=person, name=name, days=days)
        self.stdout.write(
            f"Token {token.name!r} for {person.username}, expires {token.expires_at:%Y-%m-%d}:"
        )
        self.stdout.write(secret)
