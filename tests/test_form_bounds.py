"""Every form of the project bounds what a person can type: a number field has a max_value (a
business bound from core.bounds, not the column's size) and a text field a max_length. A new form
without a bound fails here."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.conf import settings

from core import bounds


def _project_apps() -> list[str]:
    base = str(settings.BASE_DIR)
    return [
        config.name
        for config in apps.get_app_configs()
        if config.path.startswith(base) and ".venv" not in config.path
    ]


def _project_forms() -> list[type[forms.BaseForm]]:
    importlib.import_module(settings.ROOT_URLCONF)  # every view, hence every form it uses
    names = _project_apps()
    found: dict[str, type] = {}
    for name in names:
        for module_name in ("forms", "admin", "views"):
            try:
                module = importlib.import_module(f"{name}.{module_name}")
            except ModuleNotFoundError:
                continue
            for _attr, value in inspect.getmembers(module, inspect.isclass):
                form = getattr(value, "form", None)
                if issubclass(value, forms.BaseFormSet) and form is not None:
                    found[f"{name}.{module_name}.{value.__name__}.form"] = value.form

    def walk(cls):
        for sub in cls.__subclasses__():
            root = sub.__module__.split(".")[0]
            if root in names and ".tests" not in sub.__module__:
                found[f"{sub.__module__}.{sub.__qualname__}"] = sub
            walk(sub)

    walk(forms.BaseForm)
    return [found[key] for key in sorted(found)]


def _fields(form_class) -> dict[str, forms.Field]:
    try:
        return dict(form_class().fields)  # fields some forms complete in __init__
    except Exception:  # a form that needs its context (the person, the rows): its declaration
        return dict(form_class.base_fields)


def _unbounded(form_class) -> list[str]:
    problems = []
    for name, field in _fields(form_class).items():
        if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            if field.max_value is None:
                problems.append(f"{name}: a number without max_value")
        elif isinstance(field, forms.CharField) and field.max_length is None:
            problems.append(f"{name}: a text without max_length")
    return problems


def test_the_walk_finds_the_forms_of_every_app():
    found = {f"{c.__module__}.{c.__name__}" for c in _project_forms()}
    for expected in (
        "budgets.forms.LineForm",
        "customers.forms.VisitForm",
        "customers.forms.CustomerForm",
        "pricing.forms.StrategyForm",
        "techsupport.forms.PlatformInfoForm",
        "approvals.forms.DecisionForm",
    ):
        assert expected in found


@pytest.mark.parametrize("form_class", _project_forms(), ids=lambda c: c.__qualname__)
def test_every_number_and_text_field_is_bounded(form_class):
    assert _unbounded(form_class) == []


def test_a_model_form_carries_the_models_bound():
    from pricing.forms import StrategyForm

    field = StrategyForm.base_fields["markup_a"]
    assert field.max_value == bounds.MARKUP_MAX and field.min_value == 0
    assert str(field.widget.attrs["max"]) == str(bounds.MARKUP_MAX)


def test_an_unbounded_form_is_caught():
    class Careless(forms.Form):
        amount = forms.DecimalField()
        note = forms.CharField(widget=forms.Textarea)

    assert _unbounded(Careless) == [
        "amount: a number without max_value",
        "note: a text without max_length",
    ]
