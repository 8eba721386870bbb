from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

import access
from imports import ImportRefused, parse_month
from regions.models import User


class Command(BaseCommand):
    help = "Import a month's market-data Excel file (metal prices, USD→CNY rate, product costs)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--month", help="The month the file is for (2026-03); default: the file's month."
        )
        parser.add_argument("--user", help="Uploader's username (default: the first finance user).")
        parser.add_argument(
            "--confirm", action="store_true", help="Import despite price-jump warnings."
        )

    def handle(self, *args, **options):
        from pricing.market import future_month_message, market_data_import
        from pricing.models import current_month

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
        else:
            actor = access.people_who_can("pricing.market_import").order_by("pk").first()
        if actor is None:
            raise CommandError("No uploader: pass --user USERNAME.")
        try:
            month = parse_month(options["month"]) if options["month"] else None
        except ValueError as exc:
            raise CommandError(f"--month: {exc}")
        if month is not None and month > current_month():
            raise CommandError(f"--month: {future_month_message(month)}")
        with path.open("rb") as handle:
            try:
                result = market_data_import(
                    upload=handle,
                    actor=actor,
                    month=month,
                    confirm=options["confirm"],
                    file_name=path.name,
                )
            except ImportRefused as exc:
                raise CommandError("Refused: " + "; ".join(exc.errors))
        for error in result.errors:
            self.stderr.write(str(error))
        if result.errors:
            raise CommandError(f"{len(result.errors)} problem(s); nothing imported.")
        for warning in result.warnings:
            self.stderr.write(f"Warning: {warning}")
        if not result.ok:
            raise CommandError("Warnings need confirming (--confirm); nothing imported.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.month:%Y-%m}: {result.upload.product_count} products."
            )
        )
