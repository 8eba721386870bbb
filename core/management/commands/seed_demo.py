import logging
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation

from core.demo import DEMO_PASSWORD, demo_modules

# Loggers that report each task run and the in-process broker during seeding.
QUIET_LOGGERS = {
    "celery.app.trace": logging.WARNING,
    "celery": logging.WARNING,
    "kombu": logging.ERROR,
}


@contextmanager
def demo_side_effects_silenced():
    """The demo's documents are submitted, decided and re-priced through the real services, which
    e-mail the people concerned and log each task. While seeding, those e-mails go nowhere (the
    dummy backend: demo addresses are not real, and the console backend would print hundreds of
    them before the logins), tasks run in-process (so none is queued for a real worker, which
    would send them after all) and the per-task log lines are held back."""
    from marketing_ops.celery import app

    eager = app.conf.task_always_eager
    levels = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    app.conf.task_always_eager = True
    for name, level in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(level)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            yield
    finally:
        app.conf.task_always_eager = eager
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


class Command(BaseCommand):
    help = (
        "Load the demo organisation and data (idempotent) and print the demo logins. "
        "E-mails the demo would send are discarded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only load when the database has no people yet; always print the logins.",
        )

    def handle(self, *args, **options):
        User = get_user_model()  # noqa: N806

        if options["if_empty"] and User.objects.exists():
            self.stdout.write("Demo data already present; not reloading.")
        else:
            with demo_side_effects_silenced():
                for module in demo_modules():
                    with transaction.atomic():
                        module.seed(out=self.stdout)
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.print_logins()

    def print_logins(self):
        User = get_user_model()  # noqa: N806

        people = User.objects.filter(is_active=True).select_related("region").order_by("pk")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for person in people:
            if not person.has_usable_password():
                continue  # a service account (the ERP) signs in with an API token only
            with translation.override("en"):
                english = person.get_role_display() if person.role else "administrator"
            with translation.override("zh-hans"):
                chinese = person.get_role_display() if person.role else "系统管理员"
            role = f"{chinese} / {english}"
            region = f" · {person.region.code}" if person.region_id else ""
            self.stdout.write(f"  {person.username:<16} {role}{region}")
        self.stdout.write("")
        self.stdout.write(f"Open {settings.SITE_URL.rstrip('/')}/ and sign in.")
