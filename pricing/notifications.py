"""E-mails of pricing, each sent by a task after the change that causes it has committed: a
quote owner hears that quotes fell below the floor, or that the metal clause re-priced them.
Task names stay under pricing.tasks (what queued messages and the beat schedule carry)."""

from datetime import date

from celery import shared_task

from core.mail import mail_person


@shared_task(name="pricing.tasks.below_floor_notify_task")
def below_floor_notify_task(owner_id: int, quote_ids: list, month: str) -> int:
    from regions.models import User

    from .models import Quote

    owner = User.objects.filter(pk=owner_id, is_active=True).exclude(email="").first()
    if owner is None:
        return 0
    quotes = list(Quote.objects.filter(pk__in=quote_ids).select_related("customer", "product"))
    return mail_person(owner, "pricing/email_below_floor.txt", {"quotes": quotes, "month": month})


@shared_task(name="pricing.tasks.repriced_notify_task")
def repriced_notify_task(owner_id: int, quote_ids: list, month: str) -> int:
    """One e-mail to a quote owner listing the quotes the metal pass-through clause re-priced."""
    from regions.models import User

    from .models import QuoteRevision, RevisionKind

    owner = User.objects.filter(pk=owner_id, is_active=True).exclude(email="").first()
    if owner is None:
        return 0
    revisions = list(
        QuoteRevision.objects.filter(
            quote_id__in=quote_ids, kind=RevisionKind.METAL, month=date.fromisoformat(month)
        )
        .select_related("quote__customer", "quote__product")
        .order_by("quote__number")
    )
    if not revisions:
        return 0
    return mail_person(
        owner, "pricing/email_repriced.txt", {"revisions": revisions, "month": month[:7]}
    )
