from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import ApprovalRequest, ApprovalStep, AuthorityRule
from .registry import document_type_choices


class AuthorityRuleForm(forms.ModelForm):
    class Meta:
        model = AuthorityRule
        fields = ["document_type", "step", "region", "amount_up_to", "approver_role"]
        formfield_callback = bounds.formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_type"] = forms.ChoiceField(
            label=AuthorityRule._meta.get_field("document_type").verbose_name,
            choices=document_type_choices(),
        )


@admin.register(AuthorityRule)
class AuthorityRuleAdmin(admin.ModelAdmin):
    form = AuthorityRuleForm
    list_display = ["document_type", "step", "region", "amount_up_to", "unit", "approver_role"]
    list_filter = ["document_type", "step", "region", "approver_role"]
    list_select_related = ["region"]

    @admin.display(description=_("unit"))
    def unit(self, obj: AuthorityRule) -> str:
        return obj.unit


class StepInline(ReadOnlyInline):
    """The audit trail is written by the approval mechanism only."""

    model = ApprovalStep
    fields = ["at", "actor", "step", "from_state", "to_state", "reason", "amount"]


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "document_type",
        "region",
        "amount",
        "submitter",
        "state",
        "step",
        "step_count",
        "submitted_at",
    ]
    list_filter = ["state", "document_type", "region"]
    list_select_related = ["region", "submitter"]
    search_fields = ["title"]
    inlines = [StepInline]


@admin.register(ApprovalStep)
class ApprovalStepAdmin(ReadOnlyAdmin):
    list_display = ["request", "at", "actor", "step", "from_state", "to_state", "amount"]
    list_select_related = ["request", "actor"]
