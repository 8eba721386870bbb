from django import forms
from django.utils.translation import gettext_lazy as _

from core.submissions import OnceFormMixin
from customers.models import Stage

from .models import (
    CUSTOMERS_MAX,
    LITRES_MAX,
    PEOPLE_MAX,
    REVENUE_MAX,
    TEXT_MAX,
    YEAR_MAX,
    YEAR_MIN,
)


def litres_field(label, **kwargs):
    return forms.DecimalField(
        label=label, min_value=0, max_value=LITRES_MAX, max_digits=14, decimal_places=2, **kwargs
    )


def money_field(label, low=0, **kwargs):
    return forms.DecimalField(
        label=label,
        min_value=low,
        max_value=REVENUE_MAX,
        max_digits=16,
        decimal_places=2,
        **kwargs,
    )


def year_field(label=None):
    return forms.IntegerField(label=label or _("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)


class RollingForm(forms.Form):
    """A new version of the three-year rolling target: the base year and three years' figures
    (fields y0_litres … y2_customers_developed)."""

    base_year = year_field(_("Drawn up in"))
    note = forms.CharField(
        label=_("Assumptions and changes"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(3):
            self.fields[f"y{index}_litres"] = litres_field(_("Volume (L)"))
            self.fields[f"y{index}_revenue"] = money_field(_("Revenue (CNY)"))
            self.fields[f"y{index}_margin"] = money_field(_("Gross margin (CNY)"), low=-REVENUE_MAX)
            self.fields[f"y{index}_customers_developed"] = forms.IntegerField(
                label=_("Customers developed"), min_value=0, max_value=CUSTOMERS_MAX
            )

    def year_rows(self):
        return [
            [self[f"y{index}_{m}"] for m in ("litres", "revenue", "margin", "customers_developed")]
            for index in range(3)
        ]

    def years(self) -> dict:
        base = self.cleaned_data["base_year"]
        return {
            base + index: {
                m: self.cleaned_data[f"y{index}_{m}"]
                for m in ("litres", "revenue", "margin", "customers_developed")
            }
            for index in range(3)
        }


class TargetForm(forms.Form):
    year = year_field()
    litres = litres_field(_("Volume (L)"))
    revenue = money_field(_("Revenue (CNY)"))
    margin = money_field(_("Gross margin (CNY)"), low=-REVENUE_MAX)
    customers_developed = forms.IntegerField(
        label=_("Customers developed"), min_value=0, max_value=CUSTOMERS_MAX
    )
    strategy_price = forms.CharField(
        label=_("Price strategy"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    strategy_brand = forms.CharField(
        label=_("Brand strategy"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    strategy_cooperation = forms.CharField(
        label=_("Cooperation strategy"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    resource_money = money_field(_("Resources: money (CNY)"), required=False)
    resource_people = forms.IntegerField(
        label=_("Resources: people"), min_value=0, max_value=PEOPLE_MAX, required=False
    )
    resource_note = forms.CharField(
        label=_("Resource plan"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PlanCreateForm(OnceFormMixin, forms.Form):
    year = year_field()
    note = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MilestoneForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Development project"), queryset=None)
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    baseline_date = forms.DateField(
        label=_("By"),
        required=False,
        help_text=_("Empty: the stage's planned date on the project."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects


class AdjustmentForm(OnceFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class PlanImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
