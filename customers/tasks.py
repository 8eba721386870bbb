"""Scheduled jobs of the customers app: the classification grid's cells counted again nightly."""

from celery import shared_task


@shared_task(name="customers.tasks.score_cells_rollup_task")
def score_cells_rollup_task(year: int | None = None) -> int:
    """Nightly, every year (or one year on demand). Every classification and every customer's
    region change already rebuilds the cells it touches; this is the safety net (a score
    corrected in the admin, a database restored). Idempotent."""
    from .services import score_cells_rebuild

    return score_cells_rebuild(year=year)
