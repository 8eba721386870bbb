from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Decision


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
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
