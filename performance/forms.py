from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.submissions import OnceFormMixin

from .models import PeriodKind

LEVEL_CHOICES = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]
# The largest primary key a database holds (a signed 64-bit integer).
PK_MAX = 2**63 - 1


class IdsField(forms.ModelMultipleChoiceField):
    """Several rows by id, refusing an id no database column could hold before it reaches
    the query (SQLite raises on such a number instead of finding nothing)."""

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(str(pk))
            except (TypeError, ValueError):
                continue  # the parent names it as an invalid value
            if not 0 < number <= PK_MAX:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class AssessmentStartForm(OnceFormMixin, forms.Form):
    pass


class SelfLevelsForm(forms.Form):
    """The person's own level for each competency (1 highest … 5)."""

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = competencies
        for c in competencies:
            self.fields[f"self_{c.pk}"] = forms.TypedChoiceField(
                label=str(c), choices=LEVEL_CHOICES, coerce=int, empty_value=None, required=False
            )

    def levels(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"self_{c.pk}") for c in self.competencies}


class ManagerLevelsForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = competencies
        for c in competencies:
            for prefix, label in (("manager", _("Manager")), ("agreed", _("Agreed"))):
                self.fields[f"{prefix}_{c.pk}"] = forms.TypedChoiceField(
                    label=f"{c} · {label}",
                    choices=LEVEL_CHOICES,
                    coerce=int,
                    empty_value=None,
                    required=False,
                )

    def levels(self, prefix: str) -> dict:
        return {c.pk: self.cleaned_data.get(f"{prefix}_{c.pk}") for c in self.competencies}


class TrainingForm(OnceFormMixin, forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    trainer = forms.CharField(label=_("Trainer"), max_length=100)
    competencies = IdsField(
        label=_("Competencies addressed"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = competencies


class InviteForm(forms.Form):
    people = IdsField(
        label=_("People to invite"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people


class AttendanceForm(forms.Form):
    attended = IdsField(
        label=_("Attended"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = people


class KpiRunForm(forms.Form):
    month = forms.DateField(label=_("Month"), widget=DateInput())

    def clean_month(self):
        month = self.cleaned_data["month"].replace(day=1)
        if month > timezone.localdate().replace(day=1):
            raise forms.ValidationError(_("A month that has not begun has no KPIs."))
        if month.year < 2000:
            raise forms.ValidationError(_("Choose a month from 2000 on."))
        return month


class SheetForm(OnceFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[("", "—"), ("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        data = super().clean()
        if data.get("kind") == PeriodKind.QUARTER and not data.get("quarter"):
            self.add_error("quarter", _("Choose a quarter from 1 to 4."))
        return data
