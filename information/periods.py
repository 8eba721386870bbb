"""The periods of the information plan's frequencies: weeks run Monday to Sunday, months and
quarters are calendar ones. A form for a period is due `grace_days` after the period ends."""

from __future__ import annotations

from datetime import date, timedelta

from .models import Frequency


def month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def period_of(frequency: str, day: date) -> tuple[date, date]:
    """(first day, last day) of the period of this frequency that contains `day`."""
    if frequency == Frequency.WEEKLY:
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if frequency == Frequency.MONTHLY:
        return day.replace(day=1), month_end(day)
    if frequency == Frequency.QUARTERLY:
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return start, month_end(date(start.year, start.month + 2, 1))
    return day, day


def periods_between(frequency: str, start: date, end: date) -> list[tuple[date, date]]:
    """Every period of the frequency that overlaps [start, end], in order."""
    if frequency == Frequency.ON_EVENT:
        return []
    periods = []
    day = start
    while day <= end:
        period = period_of(frequency, day)
        periods.append(period)
        day = period[1] + timedelta(days=1)
    return periods


def month_range(month_from: date, month_to: date) -> tuple[date, date]:
    """(first day of month_from, last day of month_to)."""
    return month_from.replace(day=1), month_end(month_to)
