from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import bounds

from .models import Decision


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=bounds.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you reject or return."),
    )
    # The step of the chain the page showed: a decision on a step decided meanwhile is refused.
    step = forms.IntegerField(
        required=False, min_value=1, max_value=32767, widget=forms.HiddenInput
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") in (Decision.REJECT, Decision.RETURN)
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Give a reason when you reject or return a document."))
        return data


class QueueFilterForm(forms.Form):
    """The queue's document-type filter (GET). An unknown type shows the whole queue."""

    type = forms.ChoiceField(label=_("Document type"), required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types")), *choices]

    @property
    def document_type(self) -> str:
        return self.cleaned_data.get("type", "") if self.is_valid() else ""


MAX_SELECTED = 100


class SelectionField(forms.Field):
    """The queue items ticked for "Approve selected": each "<approval id>:<step>", the step the
    approver saw (a decision on a step decided meanwhile is refused)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[tuple[int, int]]:
        if not value:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        result: dict[int, int] = {}
        for raw in value:
            pk, _sep, step = str(raw).partition(":")
            if not (pk.isascii() and pk.isdigit() and step.isascii() and step.isdigit()):
                raise ValidationError(_("The selection is not valid; reload the page."))
            pk_value, step_value = int(pk), int(step)
            if not (0 < pk_value < 2**63 and 0 < step_value <= 32767):
                raise ValidationError(_("The selection is not valid; reload the page."))
            result.setdefault(pk_value, step_value)
        return list(result.items())

    def validate(self, value) -> None:
        if not value:
            raise ValidationError(_("Select the documents to approve."))
        if len(value) > MAX_SELECTED:
            raise ValidationError(
                _("Select at most %(count)s documents at a time.") % {"count": MAX_SELECTED}
            )


class BulkApproveForm(forms.Form):
    item = SelectionField(label=_("Selected documents"))
