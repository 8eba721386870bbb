from celery import shared_task


@shared_task(name="core.tasks.health_check_task")
def health_check_task() -> dict:
    """A worker's health: it reached the database and read the organisation. Operators run it
    with `celery -A marketing_ops call core.tasks.health_check_task` after a deploy."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    # Core names no app of ours: the organisation's models are looked up by label.
    region = apps.get_model("regions", "Region")
    return {"regions": region.objects.count(), "people": get_user_model().objects.count()}
