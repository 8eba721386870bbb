from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import access
from core import bounds
from core.forms import AttachmentsField, DateInput
from core.submissions import OnceFormMixin
from customers.models import Customer, DevelopmentProject, Visit

from .models import CashAdvance, CostCategory, Department, Scope


class BudgetCreateForm(OnceFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    scope = forms.ChoiceField(label=_("Budget of"), choices=Scope.choices)
    region = forms.ModelChoiceField(label=_("Region"), queryset=None, required=False)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )
    project = forms.ModelChoiceField(label=_("Development project"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from regions.models import Region

        self.fields["year"].initial = timezone.localdate().year
        self.fields["region"].queryset = access.visible(user, Region).filter(is_active=True)
        self.fields["project"].queryset = access.visible(user, DevelopmentProject).select_related(
            "customer"
        )


class BudgetImportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class SupplementForm(OnceFormMixin, forms.Form):
    line = forms.ModelChoiceField(label=_("Budget line"), queryset=None)
    amount = forms.DecimalField(
        label=_("Amount (CNY)"),
        max_digits=16,
        decimal_places=2,
        min_value=0.01,
        max_value=bounds.REQUEST_MAX,
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=bounds.NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    planned_date = forms.DateField(label=_("Planned spend date"), widget=DateInput())

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines


class ClaimForm(OnceFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        help_text=_("Only for people without a region."),
    )
    advance = forms.ModelChoiceField(
        label=_("Settles my cash advance"), queryset=None, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advance"].queryset = CashAdvance.objects.filter(person=user, status="approved")
        if user.region_id:
            del self.fields["department"]


class LineForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=CostCategory.objects.filter(is_active=True)
    )
    amount = forms.DecimalField(
        label=_("Amount"),
        max_digits=16,
        decimal_places=2,
        min_value=-bounds.CLAIM_LINE_MAX,
        max_value=bounds.CLAIM_LINE_MAX,
    )
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        initial="CNY",
        help_text=_("CNY or USD; a USD receipt is converted at finance's monthly rate."),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    project = forms.ModelChoiceField(label=_("Development project"), queryset=None, required=False)
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=None, required=False)
    visit = forms.ModelChoiceField(label=_("Visit"), queryset=None, required=False)
    receipts = AttachmentsField(label=_("Receipts"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = access.visible(user, DevelopmentProject).select_related(
            "customer"
        )
        self.fields["customer"].queryset = access.visible(user, Customer).order_by("name")
        self.fields["visit"].queryset = (
            access.visible(user, Visit)
            .filter(rep=user)
            .select_related("customer")
            .order_by("-visit_date")
        )


class AdvanceForm(OnceFormMixin, forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (CNY)"),
        max_digits=16,
        decimal_places=2,
        min_value=0.01,
        max_value=bounds.REQUEST_MAX,
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=bounds.NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    planned_date = forms.DateField(label=_("Planned spend date"), widget=DateInput())
