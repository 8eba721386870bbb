from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from core.demo import DEMO_PASSWORD, demo_modules


class Command(BaseCommand):
    help = "Load the demo organisation and data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only load when the database has no people yet; always print the logins.",
        )

    def handle(self, *args, **options):
        from regions.models import User

        if options["if_empty"] and User.objects.exists():
            self.stdout.write("Demo data already present; not reloading.")
        else:
            for module in demo_modules():
                with transaction.atomic():
                    module.seed(out=self.stdout)
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.print_logins()

    def print_logins(self):
        from regions.models import User

        people = User.objects.filter(is_active=True).select_related("region").order_by("pk")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for person in people:
            with translation.override("en"):
                english = person.get_role_display() if person.role else "administrator"
            with translation.override("zh-hans"):
                chinese = person.get_role_display() if person.role else "系统管理员"
            role = f"{chinese} / {english}"
            region = f" · {person.region.code}" if person.region_id else ""
            self.stdout.write(f"  {person.username:<16} {role}{region}")
        self.stdout.write("")
        self.stdout.write(f"Open {settings.SITE_URL.rstrip('/')}/ and sign in.")
