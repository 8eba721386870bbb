"""Cell parsers. Each takes a raw cell value (as the reader gives it: str, float, int, date,
datetime, bool or None) and returns a clean value or raises ValueError with a sentence for the
user."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

_SEPARATORS = re.compile(r"[,\s\u00a0\u3000'’_]")
# A number Excel computed (=5150*1.4 → 7209.999999999999) differs from the decimal it stands for
# by binary rounding, a few parts in 10^16; it is read as that decimal when the difference is at
# most this share of the number. Anything larger is precision the person really typed.
FLOAT_NOISE = Decimal("1e-9")


def normalise_text(value) -> str:
    """Full-width to half-width, trimmed, inner spaces collapsed (NFKC)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return " ".join(text.split())


def parse_text(value, *, max_length: int = 255, required: bool = True) -> str:
    text = normalise_text(value)
    if required and not text:
        raise ValueError(_("is empty"))
    if len(text) > max_length:
        raise ValueError(_("is longer than %(n)s characters") % {"n": max_length})
    return text


def parse_decimal(value, *, required: bool = True, places: int | None = None) -> Decimal | None:
    """Numbers stored as numbers or as text, with thousands separators (1,234.50 or
    1 234,50 is not guessed: a comma is a thousands separator).

    With `places`, a number with more decimal places is refused, except a number stored as a
    binary float (every number cell of a workbook, typed or computed by a formula) that is
    within FLOAT_NOISE (relative) of a number with `places` places: that is Excel's float
    noise, and the number is rounded to it (7209.999999999999 → 7210.0000). 7209.12345 in a
    4-place field is still refused, and so is any number typed as text."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValueError(_("is empty"))
        return None
    if isinstance(value, bool):
        raise ValueError(_("is not a number"))
    if isinstance(value, float):
        # Excel keeps doubles; repr gives the shortest decimal that round-trips, i.e. what Excel
        # shows.
        number = Decimal(repr(value))
    elif isinstance(value, (int, Decimal)):
        number = Decimal(value)
    else:
        text = _SEPARATORS.sub("", normalise_text(value))
        text = text.replace("¥", "").replace("$", "").replace("￥", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number") % {"value": str(value)[:40]})
    if not number.is_finite():
        raise ValueError(_("is not a number"))
    if places is not None:
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            rounded = _without_float_noise(number, places) if isinstance(value, float) else None
            if rounded is None:
                raise ValueError(_("has more than %(n)s decimal places") % {"n": places})
            number = rounded
    return number


def _without_float_noise(number: Decimal, places: int) -> Decimal | None:
    """`number` rounded to `places` if the difference is float noise, else None."""
    try:
        rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None
    return rounded if abs(number - rounded) <= FLOAT_NOISE * abs(number) else None


_MONTH_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(?:\d{1,2}日)?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
]


def parse_month(value, *, required: bool = True) -> date | None:
    """A month as the first day of that month: from a date cell, 2026-03, 2026/3, 2026年3月
    or 202603."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValueError(_("is empty"))
        return None
    if isinstance(value, datetime):
        return date(value.year, value.month, 1)
    if isinstance(value, date):
        return date(value.year, value.month, 1)
    text = normalise_text(value).replace(" ", "")
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    for pattern in _MONTH_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            if 1 <= month <= 12 and 1990 <= year <= 2200:
                return date(year, month, 1)
    raise ValueError(_("“%(value)s” is not a month (use 2026-03)") % {"value": str(value)[:40]})
