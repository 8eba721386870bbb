import unicodedata

from django.db import migrations


def _key(name: str) -> str:
    # The same comparison as customers.models.platform_name_key (copied: migrations do not
    # import application code that may change later).
    return "".join(unicodedata.normalize("NFKC", name or "").casefold().split())


def link_platforms(apps, schema_editor):
    """Each PlatformInfo points at its customer's Platform of the same name (case- and
    space-insensitive); a platform the archive does not list is created. Two records whose
    names compare equal get a platform each (the first takes the archive's row)."""
    PlatformInfo = apps.get_model("techsupport", "PlatformInfo")
    Platform = apps.get_model("customers", "Platform")
    Customer = apps.get_model("customers", "Customer")
    taken: set[int] = set()
    by_customer: dict[int, list] = {}
    for info in PlatformInfo.objects.filter(platform_link__isnull=True).order_by("customer_id", "pk"):
        if info.customer_id not in by_customer:
            by_customer[info.customer_id] = list(Platform.objects.filter(customer_id=info.customer_id).order_by("pk"))
        key = _key(info.platform)
        match = next((p for p in by_customer[info.customer_id] if p.pk not in taken and _key(p.name) == key), None)
        if match is None:
            customer_type = Customer.objects.filter(pk=info.customer_id).values_list("customer_type", flat=True).first()
            match = Platform.objects.create(
                customer_id=info.customer_id, name=(info.platform or "").strip()[:200] or "—",
                kind="engine" if customer_type == "engine" else "vehicle", annual_volume=0,
            )
        taken.add(match.pk)
        PlatformInfo.objects.filter(pk=info.pk).update(platform_link=match.pk)


def unlink_platforms(apps, schema_editor):
    PlatformInfo = apps.get_model("techsupport", "PlatformInfo")
    for info in PlatformInfo.objects.select_related("platform_link"):
        PlatformInfo.objects.filter(pk=info.pk).update(
            customer_id=info.platform_link.customer_id, platform=info.platform_link.name
        )


class Migration(migrations.Migration):
    dependencies = [
        ("techsupport", "0004_platforminfo_platform_link"),
    ]

    operations = [migrations.RunPython(link_platforms, unlink_platforms)]
