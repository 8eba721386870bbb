from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

import access
from imports import ImportRefused
from regions.models import User


class Command(BaseCommand):
    help = (
        "Import an ERP order export (.xlsx or .csv, one row per order line). Orders already "
        "imported (same ERP order number) are updated."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--user", help="Importer's username (default: the first marketing admin)."
        )

    def handle(self, *args, **options):
        from orders.erp import orders_import

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
        else:
            actor = access.people_who_can("orders.import_run").order_by("pk").first()
        if actor is None:
            raise CommandError("No importer: pass --user USERNAME.")
        with path.open("rb") as handle:
            try:
                result = orders_import(upload=handle, actor=actor, file_name=path.name)
            except ImportRefused as exc:
                raise CommandError("Refused: " + "; ".join(exc.errors)) from None
        for error in result.errors:
            self.stderr.write(str(error))
        if result.errors:
            raise CommandError(f"{len(result.errors)} problem(s); nothing imported.")
        for warning in result.warnings:
            self.stderr.write(f"Warning: {warning}")
        record = result.record
        self.stdout.write(
            f"{record.rows} lines imported: {record.orders_created} new orders, "
            f"{record.orders_updated} updated."
        )
