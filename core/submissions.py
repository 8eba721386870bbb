"""A create form submitted twice creates one row.

Every create form carries a one-time key (`OnceFormMixin` adds the hidden `submission_key`,
fresh each time the empty form is shown). The service that creates the row runs its creation
through `create_once(actor=…, key=…, create=…)`: the first submission with that key creates and
records what it made; a repeat (Back and Save again, a double click, two quick POSTs) gets the
row the first one made, and creates nothing. Under concurrency the key's unique index makes the
second submission wait for the first and then find its row.

    visit, created = create_once(actor=actor, key=submission_key, create=lambda: _make_visit())
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

KEY_LENGTH = 40


def new_key() -> str:
    return uuid.uuid4().hex


def create_once(*, actor, key: str, create: Callable[[], object]) -> tuple[object, bool]:
    """(row, created): run `create` once per (actor, key). Without a key (a caller that is not
    a form: a task, an import) it simply creates."""
    from .models import FormSubmission

    key = (key or "").strip()[:KEY_LENGTH]
    if not key or actor is None or not getattr(actor, "pk", None):
        return create(), True
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = FormSubmission.objects.create(user=actor, key=key)
        except IntegrityError:
            record = FormSubmission.objects.get(user=actor, key=key)
            existing = record.target()
            if existing is None:
                raise ValidationError(
                    _("This form was already sent and is still being saved; reload the page.")
                ) from None
            return existing, False
        obj = create()
        record.content_type = ContentType.objects.get_for_model(type(obj))
        record.object_id = obj.pk
        record.save(update_fields=["content_type", "object_id"])
        return obj, True


def already_created(*, actor, key: str):
    """The row an earlier submission of this form made, or None: for a form whose validation
    would refuse the repeat before the service is reached (a "this already exists" check), so
    the repeat answers like the first submission did."""
    from .models import FormSubmission

    key = (key or "").strip()[:KEY_LENGTH]
    if not key or actor is None or not getattr(actor, "pk", None):
        return None
    record = FormSubmission.objects.filter(user=actor, key=key).first()
    return record.target() if record is not None else None


class OnceFormMixin(forms.Form):
    """Adds the hidden one-time `submission_key` to a create form."""

    submission_key = forms.CharField(
        widget=forms.HiddenInput(), required=False, max_length=KEY_LENGTH
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", new_key())
