from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import access
from access import visible
from core import bounds
from core.forms import AttachmentsField, DateInput
from core.submissions import OnceFormMixin
from regions.models import Region, User

from .models import (
    ActionStatus,
    Axis,
    ClassificationCriterion,
    Contact,
    Customer,
    CustomerClass,
    DevelopmentProject,
    KeyAccountPlan,
    Platform,
    PlatformKind,
    ProjectStage,
    ProjectStatus,
    SurveyQuestion,
)
from .selectors import customer_choices_for_visit


class CustomerForm(OnceFormMixin, forms.ModelForm):
    confirm_duplicate = forms.BooleanField(
        label=_("I have checked: this is a different customer"), required=False
    )

    class Meta:
        model = Customer
        formfield_callback = bounds.formfield
        fields = [
            "name",
            "name_en",
            "parent",
            "customer_type",
            "region",
            "owner",
            "address",
            "emission_standard",
            "annual_volume",
            "catalyst_demand_litres",
            "incumbent_supplier",
            "our_share",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.duplicates = []
        self.fields["parent"].queryset = visible(user, Customer).order_by("name")
        if not access.can(user, "customers.customer_any_region"):
            # A rep's or manager's customers are in their own region.
            self.fields["region"].queryset = Region.objects.filter(pk=user.region_id)
            self.fields["region"].initial = user.region_id
            self.fields["region"].disabled = True
            if not self.instance.region_id:
                self.initial["region"] = user.region_id
            self.fields["owner"].queryset = User.objects.filter(
                region=user.region_id, is_active=True
            )
        else:
            self.fields["owner"].queryset = access.people_who_can("customers.customer_own")
        new = not self.instance.pk and not self.is_bound
        if new and access.can(user, "customers.customer_own"):
            self.fields["owner"].initial = user.pk
        # Shown (as a checkbox) only once a likely duplicate has been found.
        self.fields["confirm_duplicate"].widget = forms.HiddenInput()

    def clean(self):
        from .selectors import customer_duplicates

        cleaned = super().clean()
        name = cleaned.get("name") or ""
        duplicates = customer_duplicates(
            name=name, name_en=cleaned.get("name_en") or "", exclude_pk=self.instance.pk
        )
        if duplicates and not cleaned.get("confirm_duplicate"):
            self.duplicates = duplicates
            self.fields["confirm_duplicate"].widget = forms.CheckboxInput()
            raise forms.ValidationError(
                _(
                    "This looks like a customer that already exists. Check the list below; if it "
                    "is a different customer, tick the box and save again."
                ),
                code="duplicate",
            )
        return cleaned


ContactFormSet = inlineformset_factory(
    Customer,
    Contact,
    fields=["name", "title", "decision_role", "phone", "email"],
    extra=1,
    can_delete=True,
    formfield_callback=bounds.formfield,
)
PlatformFormSet = inlineformset_factory(
    Customer,
    Platform,
    fields=["name", "kind", "annual_volume"],
    extra=1,
    can_delete=True,
    formfield_callback=bounds.formfield,
)


class FileForm(forms.Form):
    files = AttachmentsField(label=_("Files"), required=True)


class ShortListChoiceField(forms.ModelChoiceField):
    """Offers a short list (the rep's own customers first, most recently visited first, capped;
    their projects) but accepts any row of `lookup`, the person's whole scope: a colleague's
    customer opened from its page."""

    def __init__(self, *args, **kwargs):
        self.lookup = kwargs["queryset"]
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.lookup.get(pk=value)
        except (ValueError, TypeError, self.lookup.model.DoesNotExist):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None

    def validate(self, value):
        forms.Field.validate(self, value)


VISIT_CUSTOMER_CHOICES = (
    200  # options in the picker: a rep owns a few dozen; a region has thousands
)


class VisitForm(OnceFormMixin, forms.Form):
    customer = ShortListChoiceField(label=_("Customer"), queryset=Customer.objects.none())
    visit_date = forms.DateField(label=_("Visit date"), widget=DateInput())
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)
    people_met = forms.CharField(label=_("People met"), max_length=300, required=False)
    decision_makers_met = forms.CharField(
        label=_("Decision makers met"), max_length=300, required=False
    )
    key_needs = forms.CharField(
        label=_("Customer's key needs"),
        required=False,
        max_length=bounds.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    competitor_news = forms.CharField(
        label=_("Competitor news"),
        required=False,
        max_length=bounds.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_steps = forms.CharField(
        label=_("Next steps"),
        required=False,
        max_length=bounds.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_step_due = forms.DateField(label=_("Next steps due"), required=False, widget=DateInput())
    project = ShortListChoiceField(
        label=_("Linked project"), queryset=DevelopmentProject.objects.none(), required=False
    )
    attachments = AttachmentsField()

    def __init__(self, *args, user, editing=False, search="", **kwargs):
        super().__init__(*args, **kwargs)
        preselected = self.initial.get("customer") or self.data.get("customer")
        picked = customer_choices_for_visit(user=user, limit=VISIT_CUSTOMER_CHOICES, search=search)
        if (
            preselected
            and str(preselected).isdigit()
            and all(c.pk != int(preselected) for c in picked)
        ):
            picked += list(
                visible(user, Customer).filter(pk=int(preselected)).only("pk", "name", "name_en")
            )
        self.fields["customer"].queryset = Customer.objects.filter(
            pk__in=[c.pk for c in picked]
        ).order_by()
        self.fields["customer"].choices = [("", "---------"), *[(c.pk, str(c)) for c in picked]]
        self.fields["customer"].lookup = visible(user, Customer)
        projects = visible(user, DevelopmentProject).filter(status=ProjectStatus.ACTIVE)
        offered = list(
            projects.filter(customer__in=[c.pk for c in picked])
            .only("pk", "name")
            .order_by("name")[:200]
        )
        self.fields["project"].queryset = DevelopmentProject.objects.filter(
            pk__in=[p.pk for p in offered]
        ).order_by()
        self.fields["project"].choices = [("", "---------"), *[(p.pk, str(p)) for p in offered]]
        self.fields["project"].lookup = projects
        if not self.is_bound:
            self.initial.setdefault("visit_date", timezone.localdate())
        if editing:
            del self.fields["customer"]
            del self.fields["attachments"]

    def clean(self):
        cleaned = super().clean()
        visit_date, due = cleaned.get("visit_date"), cleaned.get("next_step_due")
        if visit_date and visit_date > timezone.localdate():
            self.add_error("visit_date", _("A visit cannot be in the future."))
        if visit_date and due and due < visit_date:
            self.add_error(
                "next_step_due", _("The next steps cannot be due before the visit date.")
            )
        project, customer = cleaned.get("project"), cleaned.get("customer")
        if project and customer and project.customer_id != customer.pk:
            self.add_error("project", _("This project belongs to another customer."))
        if cleaned.get("next_steps") and not due:
            self.add_error("next_step_due", _("Give the next steps a due date."))
        from .services import VISIT_REPORT_FIELDS, visit_report_missing_message

        if "purpose" in self.fields and not any(
            (cleaned.get(name) or "").strip() for name in VISIT_REPORT_FIELDS
        ):
            self.add_error("purpose", visit_report_missing_message())
        return cleaned


class ProjectCustomerForm(forms.Form):
    """Step one of a new project: whose project (the form that follows offers that customer's
    platforms)."""

    customer = forms.ModelChoiceField(queryset=None, label=_("Customer"))

    def __init__(self, *args, customers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers


class ProjectForm(OnceFormMixin, forms.ModelForm):
    """A project of one customer (fixed before the form is shown): its platform is one of that
    customer's platforms, or a name the archive does not list yet, which is added to the
    customer's platforms when the project is saved."""

    new_platform_name = forms.CharField(
        label=_("New platform"),
        max_length=200,
        required=False,
        help_text=_("Only when the platform is not in the list: it is added to the customer's."),
    )
    new_platform_kind = forms.ChoiceField(
        label=_("Kind of the new platform"),
        choices=PlatformKind.choices,
        initial=PlatformKind.VEHICLE,
        required=False,
    )

    class Meta:
        model = DevelopmentProject
        formfield_callback = bounds.formfield
        fields = ["name", "platform", "owner", "expected_litres", "started_on"]
        widgets = {"started_on": DateInput()}

    field_order = [
        "name",
        "platform",
        "new_platform_name",
        "new_platform_kind",
        "owner",
        "expected_litres",
        "started_on",
    ]

    def __init__(self, *args, customer: Customer, **kwargs):
        kwargs.setdefault(
            "instance", DevelopmentProject(customer=customer, region_id=customer.region_id)
        )
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = Platform.objects.filter(customer=customer).order_by(
            "name", "pk"
        )
        self.fields["platform"].empty_label = _("— none, or a new platform below —")
        self.fields["owner"].queryset = User.objects.filter(is_active=True).exclude(role="")
        self.fields["owner"].required = False
        self.order_fields(self.field_order)

    def clean(self):
        data = super().clean()
        name = " ".join((data.get("new_platform_name") or "").split())
        data["new_platform_name"] = name
        if data.get("platform") and name:
            raise forms.ValidationError(
                _("Choose a platform from the list or type a new name, not both.")
            )
        return data


class StageForm(forms.ModelForm):
    class Meta:
        model = ProjectStage
        formfield_callback = bounds.formfield
        fields = ["planned_date", "actual_date", "owner", "expected_deliverables"]
        widgets = {
            "planned_date": DateInput(),
            "actual_date": DateInput(),
            "expected_deliverables": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "expected_deliverables": _(
                "The plan: what this stage should deliver. Delivered documents and "
                "samples are recorded as stage deliverables."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(is_active=True).exclude(role="")


class ProjectStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)


class ClassifyForm(forms.Form):
    """One 0–10 field per active criterion, grouped by axis."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, initial_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(ClassificationCriterion.objects.filter(active=True))
        self.fields["year"].initial = timezone.localdate().year
        for c in self.criteria:
            self.fields[f"c{c.pk}"] = forms.IntegerField(
                label=f"{c.get_axis_display()} · {c.label} ({c.weight})",
                min_value=0,
                max_value=10,
                initial=(initial_values or {}).get(c.pk),
            )

    def values(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}

    def axis_fields(self):
        return [
            (axis_label, [self[f"c{c.pk}"] for c in self.criteria if c.axis == axis])
            for axis, axis_label in Axis.choices
        ]


class PlanForm(forms.ModelForm):
    class Meta:
        model = KeyAccountPlan
        formfield_callback = bounds.formfield
        fields = [
            "profile",
            "opportunities",
            "difficulties",
            "stage_goals",
            "strategy",
            "resources_people",
            "resources_money",
        ]
        widgets = {
            k: forms.Textarea(attrs={"rows": 3})
            for k in ["profile", "opportunities", "difficulties", "stage_goals", "strategy"]
        }


class PlanCreateForm(OnceFormMixin, PlanForm):
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=Customer.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    class Meta(PlanForm.Meta):
        fields = ["customer", "year", *PlanForm.Meta.fields]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = (
            visible(user, Customer, action="change")
            .filter(customer_class__in=[CustomerClass.A, CustomerClass.B])
            .order_by("name")
        )
        self.fields["year"].initial = timezone.localdate().year


class PlanActionForm(OnceFormMixin, forms.Form):
    description = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The region's people, and the company-level people who take on action items.
        self.fields["owner"].queryset = User.objects.filter(
            is_active=True, region=region
        ) | access.people_who_can("customers.plan_action_own")


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class SurveyForm(OnceFormMixin, forms.Form):
    survey_date = forms.DateField(label=_("Date"), widget=DateInput())
    respondent = forms.CharField(label=_("Respondent"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(SurveyQuestion.objects.filter(active=True))
        self.fields["survey_date"].initial = timezone.localdate()
        for q in self.questions:
            if q.scored:
                self.fields[f"q{q.pk}"] = forms.TypedChoiceField(
                    label=q.label,
                    required=False,
                    coerce=int,
                    empty_value=None,
                    choices=[("", "—"), *[(i, str(i)) for i in range(1, 6)]],
                )
            else:
                self.fields[f"q{q.pk}"] = forms.CharField(
                    label=q.label,
                    required=False,
                    max_length=bounds.NOTE_MAX,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def answers(self) -> dict[int, dict]:
        result = {}
        for q in self.questions:
            value = self.cleaned_data.get(f"q{q.pk}")
            result[q.pk] = (
                {"score": value, "text": ""} if q.scored else {"score": None, "text": value or ""}
            )
        return result
