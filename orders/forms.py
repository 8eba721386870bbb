from datetime import date
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import access
from access import visible
from core.forms import DateInput
from core.submissions import OnceFormMixin
from customers.models import Customer
from imports import parse_month
from pricing.models import Product
from regions.models import Region, User

from .models import (
    MAX_FX,
    MAX_LINES,
    MAX_QUANTITY,
    MAX_UNIT_PRICE,
    MIN_FX,
    Currency,
    OrderStatus,
)


class MonthField(forms.CharField):
    """A month typed as 2026-03 (the browser's month picker), 2026/3 or 2026年3月."""

    widget = forms.TextInput(attrs={"type": "month"})

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The bound on what is typed; checked in to_python, since the cleaned value is a date.
        self.max_length = 20

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > 20:
            raise forms.ValidationError(_("Type a month such as 2026-03."))
        try:
            return parse_month(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


def _month_text(value: date | None) -> str:
    return value.strftime("%Y-%m") if value else ""


class OrderFilterForm(forms.Form):
    month_from = MonthField(label=_("From month"), required=False)
    month_to = MonthField(label=_("To month"), required=False)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.filter(is_active=True), required=False
    )
    customer = forms.CharField(
        label=_("Customer"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Customer"), "aria-label": _("Customer")}),
    )
    product = forms.CharField(
        label=_("Product"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Product"), "aria-label": _("Product")}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + list(OrderStatus.choices)
    )


def _rep_choices():
    # Whoever follows "my sales" is whom an order's sales can be credited to.
    return access.people_who_can("orders.sales_home").order_by(
        "region__code", "display_name", "username"
    )


class OrderForm(OnceFormMixin, forms.Form):
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=Customer.objects.none())
    owner = forms.ModelChoiceField(
        label=_("Sales rep"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Empty: the customer's account owner."),
    )
    order_date = forms.DateField(label=_("Order date"), widget=DateInput())
    customer_po = forms.CharField(label=_("Customer PO number"), max_length=40, required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    fx_rate = forms.DecimalField(
        label=_("Exchange rate to CNY"),
        min_value=MIN_FX,
        max_value=MAX_FX,
        max_digits=12,
        decimal_places=6,
        initial=Decimal("1"),
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, edit=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = visible(user, Customer).only("pk", "name", "name_en")
        self.fields["owner"].queryset = _rep_choices()
        if edit:
            del self.fields["customer"]
            del self.fields["order_date"]

    def clean_order_date(self):
        value = self.cleaned_data["order_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The order date cannot be in the future."))
        if value < date(2000, 1, 1):
            raise forms.ValidationError(_("The order date is before 2000."))
        return value


class LineForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Product"), queryset=Product.objects.filter(is_active=True), required=False
    )
    quantity = forms.IntegerField(
        label=_("Quantity (pieces)"), min_value=1, max_value=MAX_QUANTITY, required=False
    )
    unit_price = forms.DecimalField(
        label=_("Unit price"),
        min_value=Decimal("0"),
        max_value=MAX_UNIT_PRICE,
        max_digits=16,
        decimal_places=2,
        required=False,
    )
    requested_month = MonthField(label=_("Requested delivery month"), required=False)
    delivered_month = MonthField(label=_("Actual delivery month"), required=False)

    def clean(self):
        cleaned = super().clean()
        filled = [
            name
            for name in ("product", "quantity", "unit_price", "requested_month")
            if cleaned.get(name) not in (None, "")
        ]
        if filled and len(filled) < 4:
            raise forms.ValidationError(
                _("A line needs a product, a quantity, a unit price and a requested month.")
            )
        cleaned["empty"] = not filled and not cleaned.get("delivered_month")
        return cleaned


class BaseLineFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not any(not f.cleaned_data.get("empty", True) for f in self.forms):
            raise forms.ValidationError(_("An order needs at least one line."))


LineFormSet = forms.formset_factory(
    LineForm,
    formset=BaseLineFormSet,
    extra=3,
    max_num=MAX_LINES,
    absolute_max=MAX_LINES,
    validate_max=True,
)


def line_initial(lines) -> list[dict]:
    return [
        {
            "product": line.product_id,
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "requested_month": _month_text(line.requested_month),
            "delivered_month": _month_text(line.delivered_month),
        }
        for line in lines
    ]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class FromQuoteForm(OnceFormMixin, forms.Form):
    order_date = forms.DateField(label=_("Order date"), widget=DateInput())
    requested_month = MonthField(label=_("Requested delivery month"))
    quantity = forms.IntegerField(label=_("Quantity (pieces)"), min_value=1, max_value=MAX_QUANTITY)
    customer_po = forms.CharField(label=_("Customer PO number"), max_length=40, required=False)

    def clean_order_date(self):
        value = self.cleaned_data["order_date"]
        if value > timezone.localdate() or value < date(2000, 1, 1):
            raise forms.ValidationError(_("The order date cannot be in the future."))
        return value


class ImportForm(forms.Form):
    file = forms.FileField(label=_("ERP export (.xlsx or .csv)"))


class PivotForm(forms.Form):
    ROWS = [
        ("region", _("Region")),
        ("customer", _("Customer")),
        ("product", _("Product")),
    ]
    MEASURES = [
        ("litres", _("Litres")),
        ("revenue", _("Revenue (CNY)")),
        ("margin", _("Gross margin (CNY)")),
    ]
    month_from = MonthField(label=_("From month"), required=False)
    month_to = MonthField(label=_("To month"), required=False)
    rows = forms.ChoiceField(label=_("Rows"), choices=ROWS, required=False)
    measure = forms.ChoiceField(label=_("Figure"), choices=MEASURES, required=False)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.filter(is_active=True), required=False
    )
