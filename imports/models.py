"""A file waiting for its uploader's confirmation.

An import that finds only warnings (a price that jumped, say) saves nothing and asks the person
to confirm. The file they chose is kept here, under MEDIA_ROOT, so that confirming does not mean
choosing it again: the record is found by a random token and by its uploader only (another
person's token is unknown to them), and expires (`imports.pending`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _pending_path(instance, filename: str) -> str:
    # The person's file name is kept in `file_name`, never used as a path.
    return f"imports/pending/{instance.token}.xlsx"


class PendingImport(models.Model):
    token = models.CharField(_("token"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=50)  # which import, e.g. "pricing.market"
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    file = models.FileField(_("file"), upload_to=_pending_path)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("file waiting for confirmation")
        verbose_name_plural = _("files waiting for confirmation")
        # Who uses it: the confirmation step's lookup (token, user) and the purge (expires_at).
        indexes = [models.Index(fields=["expires_at"], name="pending_import_expires_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"
