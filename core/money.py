"""The one rounding rule for amounts: half up to the cent (or to the places asked)."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

CENT = Decimal(1).scaleb(-settings.MONEY_DECIMAL_PLACES)
ZERO = Decimal("0")


def money(value) -> Decimal:
    """Round an amount to the cent, half up (0.005 → 0.01)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def round_places(value, places: int) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
