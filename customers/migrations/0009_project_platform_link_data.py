import unicodedata

from django.db import migrations


def _key(name: str) -> str:
    # The same comparison as customers.models.platform_name_key (copied: migrations do not
    # import application code that may change later).
    return "".join(unicodedata.normalize("NFKC", name or "").casefold().split())


def link_platforms(apps, schema_editor):
    """Each project with a platform name points at its customer's Platform of that name (case-,
    width- and space-insensitive; the oldest when two compare equal). A name the archive does
    not list is added to the customer's platforms (an engine for an engine maker, else a
    vehicle) and linked; projects of one customer with equal names share it."""
    DevelopmentProject = apps.get_model("customers", "DevelopmentProject")
    Platform = apps.get_model("customers", "Platform")
    Customer = apps.get_model("customers", "Customer")
    by_customer: dict[int, dict[str, int]] = {}
    projects = (
        DevelopmentProject.objects.filter(platform_link__isnull=True)
        .exclude(platform="")
        .order_by("customer_id", "pk")
        .values_list("pk", "customer_id", "platform")
    )
    for pk, customer_id, name in projects.iterator(chunk_size=2000):
        key = _key(name)
        if not key:
            continue
        if customer_id not in by_customer:
            listed: dict[str, int] = {}
            for platform_pk, platform_name in (
                Platform.objects.filter(customer_id=customer_id).order_by("pk").values_list("pk", "name")
            ):
                listed.setdefault(_key(platform_name), platform_pk)
            by_customer[customer_id] = listed
        listed = by_customer[customer_id]
        if key not in listed:
            customer_type = Customer.objects.filter(pk=customer_id).values_list("customer_type", flat=True).first()
            listed[key] = Platform.objects.create(
                customer_id=customer_id, name=" ".join(name.split())[:200],
                kind="engine" if customer_type == "engine" else "vehicle", annual_volume=0,
            ).pk
        DevelopmentProject.objects.filter(pk=pk).update(platform_link=listed[key])


def unlink_platforms(apps, schema_editor):
    """The way back: each linked project gets its platform's name as free text again (the
    platforms the way forward added stay in the archive)."""
    DevelopmentProject = apps.get_model("customers", "DevelopmentProject")
    for pk, name in DevelopmentProject.objects.filter(platform_link__isnull=False).values_list(
        "pk", "platform_link__name"
    ):
        DevelopmentProject.objects.filter(pk=pk).update(platform=name)


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0008_project_platform_link"),
    ]

    operations = [migrations.RunPython(link_platforms, unlink_platforms)]
