from decimal import Decimal

from django import template
from django.utils import numberformat

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination and sorting)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def money(value) -> str:
    """An amount with thousands separators and two places, e.g. 12,345.60."""
    if value is None or value == "":
        return "—"
    # Chinese and English both write 1,234,567.50, so the format is fixed rather than localised.
    return numberformat.format(
        Decimal(value), ".", decimal_pos=2, grouping=3, thousand_sep=",", force_grouping=True
    )


@register.filter
def percent(value, places: int = 1) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value) * 100:.{int(places)}f} %"
