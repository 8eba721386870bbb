from django import forms
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.forms import DateInput
from core.submissions import OnceFormMixin

from .models import CompetitorPrice, PricingStrategy, QuoteStatus


class MarketUploadForm(forms.Form):
    month = forms.CharField(
        label=_("Month"),
        max_length=20,
        help_text=_("e.g. 2026-03"),
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def __init__(self, *args, **kwargs):
        from .models import current_month

        super().__init__(*args, **kwargs)
        # The browser's month picker offers no later month; clean_month refuses one anyway.
        self.fields["month"].widget.attrs["max"] = current_month().strftime("%Y-%m")

    def clean_month(self):
        from imports import parse_month

        from .market import future_month_message
        from .models import current_month

        try:
            month = parse_month(self.cleaned_data["month"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc))
        if month > current_month():
            raise forms.ValidationError(future_month_message(month))
        return month


class MarketConfirmForm(forms.Form):
    """The warnings step's "Import anyway": the token of the file kept for the uploader."""

    pending = forms.CharField(max_length=64, widget=forms.HiddenInput)


class QuoteForm(OnceFormMixin, forms.Form):
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=None)
    product = forms.ModelChoiceField(label=_("Product"), queryset=None)
    quantity = forms.IntegerField(
        label=_("Quantity (pieces)"), min_value=1, max_value=bounds.QUANTITY_MAX
    )
    unit_price = forms.DecimalField(
        label=_("Unit price (CNY)"),
        required=False,
        max_digits=16,
        decimal_places=2,
        min_value=0,
        max_value=bounds.UNIT_PRICE_MAX,
        help_text=_("Empty: the suggested list price."),
    )
    metal_clause = forms.BooleanField(
        label=_("Metal pass-through clause (re-priced monthly)"), required=False
    )

    def __init__(self, *args, customers, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers
        self.fields["product"].queryset = products


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (QuoteStatus.WON, QuoteStatus.WON.label),
            (QuoteStatus.LOST, QuoteStatus.LOST.label),
        ],
    )
    reaction = forms.CharField(
        label=_("Customer reaction"),
        required=False,
        max_length=bounds.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    competitor = forms.CharField(label=_("Competitor"), required=False, max_length=100)
    competitor_price = forms.DecimalField(
        label=_("Competitor price (CNY)"),
        required=False,
        max_digits=16,
        decimal_places=2,
        min_value=0,
        max_value=bounds.UNIT_PRICE_MAX,
    )


class AdjustmentForm(forms.Form):
    unit_price = forms.DecimalField(
        label=_("New unit price (CNY)"),
        max_digits=16,
        decimal_places=2,
        min_value=0,
        max_value=bounds.UNIT_PRICE_MAX,
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class StrategyForm(OnceFormMixin, forms.ModelForm):
    class Meta:
        model = PricingStrategy
        formfield_callback = bounds.formfield
        fields = [
            "name",
            "valid_from",
            "markup_a",
            "markup_b",
            "markup_c",
            "markup_d",
            "step_growth",
            "step_maturity",
            "step_decline",
            "channel_markup",
            "floor_markup",
            "ceiling_extra",
        ]
        widgets = {"valid_from": DateInput()}


class QuoteFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + list(QuoteStatus.choices)
    )
    customer = forms.CharField(
        label=_("Customer"),
        required=False,
        max_length=bounds.TITLE_MAX,
        widget=forms.TextInput(attrs={"placeholder": _("Customer"), "aria-label": _("Customer")}),
    )
    product = forms.CharField(
        label=_("Product"),
        required=False,
        max_length=bounds.TITLE_MAX,
        widget=forms.TextInput(attrs={"placeholder": _("Product"), "aria-label": _("Product")}),
    )
    below_floor = forms.BooleanField(label=_("Below floor only"), required=False)
    repriced = forms.BooleanField(label=_("Re-priced this month"), required=False)


class CompetitorPriceForm(OnceFormMixin, forms.ModelForm):
    class Meta:
        model = CompetitorPrice
        formfield_callback = bounds.formfield
        fields = [
            "customer",
            "competitor",
            "product",
            "price",
            "formula_notes",
            "observed_on",
            "source",
        ]
        widgets = {"observed_on": DateInput()}

    def __init__(self, *args, customers, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers
        self.fields["product"].queryset = products
