"""The one rule for names kept in two languages (a Chinese `name` and an optional `name_en`):
English readers get the English name when there is one, everyone else the Chinese name."""

from django.utils.translation import get_language


def reading_english() -> bool:
    return (get_language() or "").startswith("en")


def name_in_language(name: str, name_en: str = "") -> str:
    return name_en if name_en and reading_english() else name
