from datetime import date

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation


@shared_task(name="pricing.tasks.monthly_cost_rollup_task")
def monthly_cost_rollup_task(month: str | None = None) -> int:
    """Roll up the given month (ISO date), or by beat on the 1st: the month just ended and the
    newest month uploaded up to the current one, whichever exist."""
    from .models import MarketUpload, current_month
    from .services import monthly_cost_rollup

    if month:
        return monthly_cost_rollup(month=date.fromisoformat(month))
    latest = (
        MarketUpload.objects.filter(is_current=True, month__lte=current_month())
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    today = timezone.localdate()
    previous = (today.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
    done = 0
    for value in sorted({m for m in (previous, latest) if m}):
        done += monthly_cost_rollup(month=value)
    return done


@shared_task(name="pricing.tasks.below_floor_notify_task")
def below_floor_notify_task(owner_id: int, quote_ids: list, month: str) -> int:
    from regions.models import User

    from .models import Quote

    owner = User.objects.filter(pk=owner_id, is_active=True).exclude(email="").first()
    if owner is None:
        return 0
    quotes = list(Quote.objects.filter(pk__in=quote_ids).select_related("customer", "product"))
    with translation.override(owner.language):
        body = render_to_string(
            "pricing/email_below_floor.txt",
            {"person": owner, "quotes": quotes, "month": month, "site_url": settings.SITE_URL},
        )
    subject, _sep, text = body.strip().partition("\n")
    return send_mail(subject.strip(), text.strip(), None, [owner.email])


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
    with translation.override(owner.language):
        body = render_to_string(
            "pricing/email_repriced.txt",
            {
                "person": owner,
                "revisions": revisions,
                "month": month[:7],
                "site_url": settings.SITE_URL,
            },
        )
    subject, _sep, text = body.strip().partition("\n")
    return send_mail(subject.strip(), text.strip(), None, [owner.email])
