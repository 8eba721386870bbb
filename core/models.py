"""The one record core keeps: which create forms have already been submitted (see
core.submissions)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A create form's one-time key, and what its first submission created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True)
    object_id = models.PositiveBigIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="form_submission_once"),
        ]

    def __str__(self) -> str:
        return self.key

    def target(self):
        if self.content_type_id is None or self.object_id is None:
            return None
        model = self.content_type.model_class()
        return model._default_manager.filter(pk=self.object_id).first()
