from celery import shared_task


@shared_task(name="core.tasks.health_check_task")
def health_check_task() -> dict:
    """A worker's health: it reached the database and read the organisation. Operators run it
    with `celery -A marketing_ops call core.tasks.health_check_task` after a deploy."""
    from regions.models import Region, User

    return {"regions": Region.objects.count(), "people": User.objects.count()}
