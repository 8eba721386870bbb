from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import numberformat

register = template.Library()


@register.filter
def whole(value) -> str:
    """A figure rounded to a whole number with thousands separators (12,346): litres and CNY in
    the sales pivot, where cents would only crowd the table."""
    if value is None or value == "":
        return "—"
    rounded = Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return numberformat.format(rounded, ".", decimal_pos=0, grouping=3, thousand_sep=",",
                               force_grouping=True)  # fmt: skip
