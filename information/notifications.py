"""E-mail of a published digest to the plan's recipients, each in their own language."""

from django.contrib.auth import get_user_model
from django.db import transaction

from core.mail import mail_person

from .models import Digest, PlanItem


def digest_recipients():
    """Everyone an active plan row names as receiving the result (each once)."""
    ids = PlanItem.objects.filter(is_active=True).values("recipients")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).exclude(email="")


def digest_notify(*, digest: Digest) -> int:
    """Send the digest after the transaction commits; returns how many people it goes to."""
    people = list(digest_recipients())
    context = {"digest": digest, "entry_count": digest.entries.count()}
    for person in people:
        transaction.on_commit(
            lambda person=person: mail_person(person, "information/email_digest.txt", context)
        )
    return len(people)
