"""The business bounds of what people type: one number per kind of field, used by the forms
(`max_value`/`min_value`, `max_length`), by the models' validators (so every service's
`full_clean()` refuses the same) and by the database's check constraints. docs/bounds.md lists
them with the reasons.

A stored sum is bounded by the count of its parts × the bound of one part, so it always fits
its column (MONEY: 16 digits, 2 decimals, up to 99,999,999,999,999.99):

    CLAIM_TOTAL_MAX = CLAIM_LINE_MAX × CLAIM_LINES_MAX = 200,000,000 CNY
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

# --- money (CNY) -------------------------------------------------------------------------------
CLAIM_LINE_MAX = Decimal("1000000")  # one receipt on an expense claim
CLAIM_LINES_MAX = 200  # lines on one claim
CLAIM_TOTAL_MAX = CLAIM_LINE_MAX * CLAIM_LINES_MAX  # a claim's stored total
REQUEST_MAX = Decimal("10000000")  # a cash advance, a supplemental budget request
BUDGET_LINE_MAX = Decimal("100000000")  # one category's budget for a month (or a project's year)
PLAN_MONEY_MAX = Decimal("100000000")  # the money resources of a key-account plan
UNIT_PRICE_MAX = Decimal("1000000")  # a price per piece: quotes, adjustments, competitors
COST_MAX = Decimal("1000000")  # a cost per piece in the monthly market data
# A metal price (USD/oz or CNY/g; rhodium's record is about 30,000 USD/oz) and the USD→CNY rate.
METAL_PRICE_MAX = Decimal("100000")
AUTHORITY_MAX = Decimal("1000000000")  # the upper limit of an approval authority band

# --- quantities --------------------------------------------------------------------------------
QUANTITY_MAX = 10_000_000  # pieces on one quote
ANNUAL_VOLUME_MAX = 100_000_000  # vehicles or engines a year (a customer, a platform)
LITRES_PER_YEAR_MAX = Decimal("1000000000")  # catalyst litres a year
PIECE_LITRES_MAX = Decimal("100")  # catalyst volume of one piece, engine displacement
PERCENT_MAX = Decimal("100")  # shares and discounts
MARKUP_MAX = Decimal("1000")  # markups and their steps, in percent (points)
WEIGHT_MAX = Decimal("999")  # a classification criterion's weight, relative to the others
DAYS_MAX = 3650  # a visit frequency
STEPS_MAX = 10  # steps of an approval chain

# --- free text (characters) --------------------------------------------------------------------
TITLE_MAX = 200  # titles, names, short descriptions
NOTE_MAX = 2000  # a visit's notes, a reason, a comment, a customer's reaction
TEXT_MAX = 4000  # a request's need, a plan's section, a deliverable's note
REPORT_MAX = 8000  # what tech support delivered
DOCUMENT_MAX = 20000  # a library article's body


def range_validators(low, high) -> list:
    """The model field's validators: every `full_clean()` (hence every service) refuses out of
    range values with Django's translated message."""
    return [MinValueValidator(low), MaxValueValidator(high)]


def text(length: int) -> dict:
    """A model TextField's bound: `models.TextField(_("notes"), **bounds.text(bounds.NOTE_MAX))`.
    Django enforces a TextField's max_length only in its form field; the validator makes
    `full_clean()` (every service) refuse a longer text too."""
    return {"max_length": length, "validators": [MaxLengthValidator(length)]}


def check(name: str, field: str, low, high) -> models.CheckConstraint:
    """The database's copy of a bound (NULL passes: an empty optional value)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": low, f"{field}__lte": high}), name=name
    )


def formfield(db_field, **kwargs):
    """`formfield_callback` of a ModelForm: the form field of a bounded model field carries the
    bound as min_value/max_value (the browser's min/max, the form's message), not only the
    model's validator."""
    if isinstance(db_field, models.DecimalField | models.IntegerField):
        for validator in db_field._validators:
            if isinstance(validator, MaxValueValidator):
                kwargs.setdefault("max_value", validator.limit_value)
            elif isinstance(validator, MinValueValidator):
                kwargs.setdefault("min_value", validator.limit_value)
    return db_field.formfield(**kwargs)
