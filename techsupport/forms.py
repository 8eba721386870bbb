from django import forms
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.forms import AttachmentsField, DateInput
from core.submissions import OnceFormMixin
from customers.models import PlatformKind

from .models import DELIVERABLE_STAGES, LibraryItem, PlatformInfo, RequestType


class PlatformInfoForm(forms.ModelForm):
    """The technical data of one platform (the platform itself is fixed once recorded)."""

    class Meta:
        model = PlatformInfo
        fields = ["engine_model", "displacement_litres", "ecu", "emission_standard", "constraints"]
        formfield_callback = bounds.formfield
        widgets = {"constraints": forms.Textarea(attrs={"rows": 3})}


class PlatformInfoCreateForm(PlatformInfoForm):
    """Pick one of the customer's platforms that has no technical data yet, or type the name of
    a platform the archive does not list (it is added to the customer's platforms)."""

    platform = forms.ModelChoiceField(
        queryset=None, label=_("Platform"), required=False, empty_label=_("— a new platform —")
    )
    new_platform_name = forms.CharField(
        label=_("New platform"),
        max_length=200,
        required=False,
        help_text=_("Only when the platform is not in the list."),
    )
    new_platform_kind = forms.ChoiceField(
        label=_("Kind of the new platform"),
        choices=PlatformKind.choices,
        initial=PlatformKind.VEHICLE,
        required=False,
    )

    field_order = ["platform", "new_platform_name", "new_platform_kind"]

    def __init__(self, *args, platforms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = platforms
        self.order_fields(self.field_order)

    def clean(self):
        data = super().clean()
        name = " ".join((data.get("new_platform_name") or "").split())
        data["new_platform_name"] = name
        if not data.get("platform") and not name:
            raise forms.ValidationError(
                _("Choose one of the customer's platforms or type the name of a new one.")
            )
        if data.get("platform") and name:
            raise forms.ValidationError(
                _("Choose a platform from the list or type a new name, not both.")
            )
        return data


class CustomerChoiceForm(forms.Form):
    customer = forms.ModelChoiceField(queryset=None, label=_("Customer"))

    def __init__(self, *args, customers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers


class SupportRequestForm(OnceFormMixin, forms.Form):
    customer = forms.ModelChoiceField(queryset=None, label=_("Customer"))
    project = forms.ModelChoiceField(queryset=None, label=_("Project"), required=False)
    request_type = forms.ChoiceField(label=_("Type"), choices=RequestType.choices)
    need = forms.CharField(
        label=_("What is needed"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
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


class ReassignForm(AcceptForm):
    """Hand an accepted request to another tech-support person: the accept form, with a reason."""

    assignee = forms.ModelChoiceField(queryset=None, label=_("Hand over to"))
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class DeliverForm(forms.Form):
    notes = forms.CharField(
        label=_("Delivery notes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=bounds.REPORT_MAX,
    )
    attachments = AttachmentsField()


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )


class DeliverableForm(OnceFormMixin, forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[(s.value, s.label) for s in DELIVERABLE_STAGES]
    )
    title = forms.CharField(label=_("Deliverable"), max_length=200)
    delivered_on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    file = AttachmentsField(label=_("File"))


class DeliverableEditForm(forms.Form):
    title = forms.CharField(label=_("Deliverable"), max_length=200)
    delivered_on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    file = AttachmentsField(label=_("Replace the file"))


class RatingPeriodForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=DateInput())
    date_to = forms.DateField(label=_("To"), widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The period must end on or after its first day."))
        return data


class LibraryItemForm(OnceFormMixin, forms.ModelForm):
    attachment = AttachmentsField(label=_("File"))

    class Meta:
        model = LibraryItem
        formfield_callback = bounds.formfield
        fields = [
            "kind",
            "title",
            "engine_class",
            "emission_standard",
            "recommended_formula",
            "body",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def _post_clean(self):
        # Model validation runs in the service (library_item_save), which is the one writer.
        pass
