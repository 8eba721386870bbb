from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.forms import DateInput
from core.submissions import OnceFormMixin
from customers.models import EmissionStandard

from .models import FIGURE_MAX, Kind, PlanItem

PRICE_MAX = Decimal("1000000")


class PeopleField(forms.ModelMultipleChoiceField):
    """People picked from a list; an id that is not a database integer is refused before the
    query (SQLite cannot even compare it)."""

    def clean(self, value):
        for pk in value or ():
            if not str(pk).isdigit() or not 0 < int(pk) < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class PlanItemForm(forms.ModelForm):
    recipients = PeopleField(queryset=None, label=_("Result sent to"), required=False)

    class Meta:
        model = PlanItem
        formfield_callback = bounds.formfield
        fields = [
            "kind",
            "title",
            "collector_role",
            "channel",
            "frequency",
            "grace_days",
            "consolidator_role",
            "analyst_role",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("username")
        )
        if self.instance.pk:
            self.initial["recipients"] = list(self.instance.recipients.all())


class EntryForm(OnceFormMixin, forms.Form):
    """One piece of information; the fields shown depend on the form's kind."""

    title = forms.CharField(label=_("Headline"), max_length=200)
    body = forms.CharField(
        label=_("Details"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    source = forms.CharField(label=_("Source"), max_length=200, required=False)
    customer = forms.ModelChoiceField(queryset=None, label=_("Customer"), required=False)
    competitor = forms.CharField(label=_("Competitor"), max_length=100, required=False)
    product = forms.CharField(label=_("Competitor's product"), max_length=100, required=False)
    price = forms.DecimalField(
        label=_("Price per piece (CNY)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=PRICE_MAX,
        max_digits=settings.MONEY_MAX_DIGITS,
        decimal_places=settings.MONEY_DECIMAL_PLACES,
    )
    emission_standard = forms.ChoiceField(
        label=_("Emission standard"),
        choices=[("", "—"), *EmissionStandard.choices],
        required=False,
    )
    effective_on = forms.DateField(label=_("Effective from"), required=False, widget=DateInput())
    metric = forms.CharField(label=_("Figure"), max_length=100, required=False)
    value = forms.DecimalField(
        label=_("Value"),
        required=False,
        max_digits=16,
        decimal_places=2,
        min_value=-FIGURE_MAX + 1,
        max_value=FIGURE_MAX - 1,
    )
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False)

    FIELDS_BY_KIND = {
        Kind.CUSTOMER_NEWS: ["customer", "title", "body", "source"],
        Kind.COMPETITOR: ["competitor", "product", "customer", "price", "title", "body", "source"],
        Kind.POLICY: ["title", "emission_standard", "effective_on", "body", "source"],
        Kind.MARKET: ["title", "metric", "value", "unit", "body", "source"],
    }

    def __init__(self, *args, kind: str, customers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers
        keep = set(self.FIELDS_BY_KIND.get(kind, [])) | {"submission_key"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.order_fields(self.FIELDS_BY_KIND.get(kind, []))
        if kind == Kind.COMPETITOR:
            self.fields["competitor"].required = True
            self.fields["body"].label = _("Formula and technology notes")
        if kind == Kind.MARKET:
            self.fields["metric"].required = True
            self.fields["value"].required = True


class PublishForm(OnceFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary and analysis"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
