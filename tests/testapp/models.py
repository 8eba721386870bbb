"""A minimal approvable document, to test the approval mechanism apart from any process."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from guardian.models import UserObjectPermissionBase

from approvals.registry import ApprovalHandler


class Memo(models.Model):
    title = models.CharField(max_length=100)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True, blank=True)
    amount = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    approved_count = models.PositiveIntegerField(default=0)
    refuse_submit = models.BooleanField(default=False)
    # Mirrors the approval state (MemoApproval.state_field), with a value of its own for "returned".
    status = models.CharField(max_length=16, default="draft")

    def __str__(self) -> str:
        return self.title


class MemoApproval(ApprovalHandler):
    key = "testapp.memo"
    label = "Memo"
    model = Memo
    state_field = "status"
    state_values = {"returned": "rework"}

    def amount(self, document):
        return document.amount

    def submitter(self, document):
        return document.author

    def on_submit(self, document, actor):
        if document.refuse_submit:
            raise ValidationError("Memo refused by its own rule.")

    def on_approve(self, document, actor):
        Memo.objects.filter(pk=document.pk).update(approved_count=models.F("approved_count") + 1)


class MemoUserObjectPermission(UserObjectPermissionBase):
    """Direct-foreign-key grants: deleted with their memo."""

    content_object = models.ForeignKey(Memo, on_delete=models.CASCADE)
