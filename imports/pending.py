"""Keep an uploaded file until its uploader confirms the import's warnings.

    pending = pending_import_keep(upload=file, user=request.user, kind="pricing.market",
                                  params={"month": "2026-03"})
    ... the page shows the warnings and a button posting pending.token ...
    pending = pending_import_get(token=token, user=request.user, kind="pricing.market")
    with pending_import_open(pending) as handle: ...import with confirm=True...
    pending_import_discard(pending=pending)

A token is looked up together with its user: another person's token (or a made-up one) raises
PendingImport.DoesNotExist, which a view answers with 404. An expired one raises ImportRefused.
Each kept file replaces the person's earlier one of the same kind, and expired files are
deleted whenever a new one is kept.
"""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PendingImport
from .safety import ImportRefused

DEFAULT_TTL_MINUTES = 24 * 60


def _ttl() -> timedelta:
    return timedelta(minutes=getattr(settings, "IMPORT_PENDING_TTL_MINUTES", DEFAULT_TTL_MINUTES))


def _delete(pendings) -> int:
    count = 0
    for pending in pendings:
        pending.file.delete(save=False)
        pending.delete()
        count += 1
    return count


def pending_import_purge(*, now=None) -> int:
    """Delete expired pending files and their records; returns how many."""
    now = now or timezone.now()
    return _delete(PendingImport.objects.filter(expires_at__lte=now))


def pending_import_keep(
    *, upload, user, kind: str, params: dict | None = None, file_name: str = ""
) -> PendingImport:
    """Store `upload` (an uploaded file or any binary file object) for `user` to confirm."""
    pending_import_purge()
    _delete(PendingImport.objects.filter(user=user, kind=kind))
    pending = PendingImport(
        token=secrets.token_urlsafe(32),
        kind=kind,
        user=user,
        file_name=os.path.basename(file_name or getattr(upload, "name", "") or "")[:200],
        params=params or {},
        expires_at=timezone.now() + _ttl(),
    )
    upload.seek(0)
    with transaction.atomic():
        pending.file.save("upload.xlsx", File(upload), save=False)
        pending.save()
    return pending


def pending_import_get(*, token: str, user, kind: str) -> PendingImport:
    """The person's pending file for this token; PendingImport.DoesNotExist if it is not theirs
    (or does not exist), ImportRefused if it has expired (and it is deleted)."""
    pending = PendingImport.objects.get(token=str(token)[:64], user=user, kind=kind)
    if pending.expires_at <= timezone.now():
        _delete([pending])
        raise ImportRefused(_expired())
    return pending


@contextmanager
def pending_import_open(pending: PendingImport):
    """The kept file, opened for reading; ImportRefused if it is gone from the storage."""
    try:
        handle = pending.file.open("rb")
    except FileNotFoundError:
        raise ImportRefused(_expired()) from None
    with handle:
        yield handle


def _expired() -> str:
    return _("The file waiting for confirmation has expired. Choose the file again.")


def pending_import_discard(*, pending: PendingImport) -> None:
    _delete([pending])
