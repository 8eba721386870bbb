from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.forms import DateInput
from core.submissions import OnceFormMixin

from .models import (
    ACTIVITY_BUDGET_MAX,
    COUNT_MAX,
    ActivityKind,
    Language,
    Positioning,
    ToolkitKind,
)

SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


def _people():
    return get_user_model().objects.filter(is_active=True).order_by("username")


class UploadField(forms.FileField):
    def clean(self, data, initial=None):
        from core.files import validate_upload

        upload = super().clean(data, initial)
        if upload:
            validate_upload(upload, allowed=settings.ATTACHMENT_EXTENSIONS)
        return upload


class PositioningForm(OnceFormMixin, forms.ModelForm):
    class Meta:
        model = Positioning
        formfield_callback = bounds.formfield
        fields = ["year", "statement", "value_claims", "customer_research", "competitor_analysis"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 4}),
            "customer_research": forms.Textarea(attrs={"rows": 4}),
            "competitor_analysis": forms.Textarea(attrs={"rows": 4}),
        }


class ToolkitItemForm(OnceFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ToolkitKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    owner = forms.ModelChoiceField(queryset=None, label=_("Owner"))
    file = UploadField(label=_("File"))
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()


class VersionForm(forms.Form):
    file = UploadField(label=_("New version"))
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class PlanForm(OnceFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)


class ActivityForm(OnceFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Activity"), max_length=200)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To"), widget=DateInput())
    owner = forms.ModelChoiceField(queryset=None, label=_("Responsible"))
    supervisor = forms.ModelChoiceField(queryset=None, label=_("Supervisor"))
    expected_effect = forms.CharField(label=_("Expected effect"), max_length=300)
    budget = forms.DecimalField(
        label=_("Budget (CNY)"),
        min_value=1,
        max_value=ACTIVITY_BUDGET_MAX,
        max_digits=settings.MONEY_MAX_DIGITS,
        decimal_places=settings.MONEY_DECIMAL_PLACES,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()
        self.fields["supervisor"].queryset = _people()

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise forms.ValidationError(_("The activity ends before it starts."))
        return data


class ResultsForm(forms.Form):
    leads = forms.IntegerField(label=_("Leads"), min_value=0, max_value=COUNT_MAX)
    attendance = forms.IntegerField(label=_("Attendance"), min_value=0, max_value=COUNT_MAX)
    actual_cost = forms.DecimalField(
        label=_("Actual cost (CNY)"),
        min_value=0,
        max_value=ACTIVITY_BUDGET_MAX,
        max_digits=settings.MONEY_MAX_DIGITS,
        decimal_places=settings.MONEY_DECIMAL_PLACES,
    )
    note = forms.CharField(label=_("Results"), max_length=500, required=False)


class SurveyForm(forms.Form):
    customer = forms.ModelChoiceField(queryset=None, label=_("Customer"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    technology = forms.TypedChoiceField(
        label=_("Low cost through technology"), choices=SCORE_CHOICES, coerce=int
    )
    quality = forms.TypedChoiceField(label=_("Stable quality"), choices=SCORE_CHOICES, coerce=int)
    national_brand = forms.TypedChoiceField(
        label=_("National brand"), choices=SCORE_CHOICES, coerce=int
    )
    service = forms.TypedChoiceField(label=_("Service"), choices=SCORE_CHOICES, coerce=int)
    comment = forms.CharField(label=_("Comment"), max_length=1000, required=False)

    def __init__(self, *args, customers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers


class ImprovementForm(OnceFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    action = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.ModelChoiceField(queryset=None, label=_("Owner"))
    due_on = forms.DateField(label=_("Due"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()
