"""E-mail to one person, in that person's language.

Every notification is a text template whose first line is the subject. `mail_person` renders it
with the recipient's saved language active and sends it; `mail_person_after_commit` does the same
once the current transaction commits (nothing is sent for a change that rolled back). People
without an e-mail address are skipped.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def render_for(person, template: str, context: dict | None = None) -> tuple[str, str]:
    """(subject, body) of the template in the person's language."""
    with translation.override(getattr(person, "language", None) or settings.LANGUAGE_CODE):
        text = render_to_string(
            template, {"person": person, "site_url": settings.SITE_URL, **(context or {})}
        )
    subject, _newline, body = text.strip().partition("\n")
    return subject.strip(), body.strip()


def mail_person(person, template: str, context: dict | None = None) -> int:
    """Send now; 1 when a mail went out, 0 for a person without an address."""
    if person is None or not getattr(person, "email", ""):
        return 0
    subject, body = render_for(person, template, context)
    return send_mail(subject, body, None, [person.email])


def mail_people(people, template: str, context: dict | None = None) -> int:
    return sum(mail_person(person, template, context) for person in people)


def mail_person_after_commit(person, template: str, context: dict | None = None) -> None:
    transaction.on_commit(lambda: mail_person(person, template, context))
