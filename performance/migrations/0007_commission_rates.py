"""The default commission bands in tenths of a percent (0.2 / 0.3 / 0.5 %), as 0003 now ships
them: an install still on the first defaults (2 / 3 / 5 %) gets the new rates; bands anyone
changed are left alone."""

from decimal import Decimal

from django.db import migrations

OLD = {Decimal("0"): Decimal("2"), Decimal("10"): Decimal("3"), Decimal("20"): Decimal("5")}
NEW = {Decimal("0"): Decimal("0.2"), Decimal("10"): Decimal("0.3"), Decimal("20"): Decimal("0.5")}


def forwards(apps, schema_editor):
    Parameter = apps.get_model("performance", "IncentiveParameter")
    for parameter in Parameter.objects.prefetch_related("commission_bands"):
        bands = list(parameter.commission_bands.all())
        if {b.over_from: b.rate for b in bands} != OLD:
            continue
        for band in bands:
            band.rate = NEW[band.over_from]
            band.save(update_fields=["rate"])


class Migration(migrations.Migration):
    dependencies = [("performance", "0006_kpi_sources_connected")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
