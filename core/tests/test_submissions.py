from decimal import Decimal

import pytest
from django import forms

from core.models import FormSubmission
from core.submissions import OnceFormMixin, create_once
from tests.testapp.models import Memo


def _memo(org):
    return Memo.objects.create(
        title="Trip", region=org.north, amount=Decimal("1"), author=org.north_rep
    )


def test_the_same_key_creates_one_row_and_returns_it_again(org):
    first, created = create_once(actor=org.north_rep, key="k1", create=lambda: _memo(org))
    again, created_again = create_once(actor=org.north_rep, key="k1", create=lambda: _memo(org))
    assert created and not created_again and again == first
    assert Memo.objects.count() == 1
    # Another person's identical key is their own submission.
    other, created_other = create_once(actor=org.north_manager, key="k1", create=lambda: _memo(org))
    assert created_other and other != first and Memo.objects.count() == 2


def test_no_key_always_creates(org):
    create_once(actor=org.north_rep, key="", create=lambda: _memo(org))
    create_once(actor=org.north_rep, key="", create=lambda: _memo(org))
    assert Memo.objects.count() == 2 and not FormSubmission.objects.exists()


def test_a_failed_creation_leaves_the_key_free(org):
    def fail():
        raise ValueError("refused")

    with pytest.raises(ValueError):
        create_once(actor=org.north_rep, key="k2", create=fail)
    memo, created = create_once(actor=org.north_rep, key="k2", create=lambda: _memo(org))
    assert created and Memo.objects.count() == 1


def test_the_form_mixin_gives_each_empty_form_a_new_key():
    class MemoForm(OnceFormMixin, forms.ModelForm):
        class Meta:
            model = Memo
            fields = ["title"]

    first, second = MemoForm(), MemoForm()
    assert first["submission_key"].value() != second["submission_key"].value()
    bound = MemoForm({"title": "x", "submission_key": "abc"})
    assert bound.is_valid() and bound.cleaned_data["submission_key"] == "abc"
