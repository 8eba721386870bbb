from django import forms
from django.utils.translation import gettext_lazy as _

from core.submissions import OnceFormMixin

from .services import MAX_DAYS

DAY_CHOICES = [
    (30, _("30 days")),
    (90, _("90 days")),
    (180, _("180 days")),
    (MAX_DAYS, _("One year")),
]


class TokenForm(OnceFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Monthly BI report”."),
    )
    days = forms.TypedChoiceField(label=_("Valid for"), choices=DAY_CHOICES, coerce=int, initial=90)
