from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import AttachmentsField, DateInput

from .models import DELIVERABLE_STAGES, LibraryItem, PlatformInfo, RequestType


class PlatformInfoForm(forms.ModelForm):
    class Meta:
        model = PlatformInfo
        fields = ["platform", "engine_model", "displacement_litres", "ecu", "emission_standard", "constraints"]
        widgets = {"constraints": forms.Textarea(attrs={"rows": 3})}


class CustomerChoiceForm(forms.Form):
    customer = forms.ModelChoiceField(queryset=None, label=_("Customer"))

    def __init__(self, *args, customers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers


class SupportRequestForm(forms.Form):
    customer = forms.ModelChoiceField(queryset=None, label=_("Customer"))
    project = forms.ModelChoiceField(queryset=None, label=_("Project"), required=False)
    request_type = forms.ChoiceField(label=_("Type"), choices=RequestType.choices)
    need = forms.CharField(label=_("What is needed"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    wanted_by = forms.DateField(label=_("Wanted by"), widget=DateInput())
    attachments = AttachmentsField()

    def __init__(self, *args, customers, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers
        self.fields["project"].queryset = projects
        self.fields["project"].label_from_instance = lambda p: f"{p.name} · {p.customer}"


class AcceptForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=None, label=_("Assign to"))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people


class DeliverForm(forms.Form):
    notes = forms.CharField(label=_("Delivery notes"), widget=forms.Textarea(attrs={"rows": 4}), max_length=8000)
    attachments = AttachmentsField()


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), coerce=int, choices=[(i, str(i)) for i in range(5, 0, -1)], widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000)


class DeliverableForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=[(s.value, s.label) for s in DELIVERABLE_STAGES])
    title = forms.CharField(label=_("Deliverable"), max_length=200)
    delivered_on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000)
    file = AttachmentsField(label=_("File"))


class RatingPeriodForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=DateInput())
    date_to = forms.DateField(label=_("To"), widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The period must end on or after its first day."))
        return data


class LibraryItemForm(forms.ModelForm):
    attachment = AttachmentsField(label=_("File"))

    class Meta:
        model = LibraryItem
        fields = ["kind", "title", "engine_class", "emission_standard", "recommended_formula", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def _post_clean(self):
        # Model validation runs in the service (library_item_save), which is the one writer.
        pass
