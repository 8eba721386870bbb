from celery import shared_task

from .services import forms_generate_today


@shared_task(name="information.tasks.forms_generate_task")
def forms_generate_task() -> int:
    """Daily: create the due forms of the current periods from the information plan."""
    return forms_generate_today()
