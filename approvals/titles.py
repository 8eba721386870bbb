"""Titles in the reader's language.

An approval record keeps its document's title so that queues need no query per row. A title the
app writes ("Cash advance 3000.00 CNY · 张伟") must not be frozen in the language of whoever
submitted it, so the record also keeps the title's *parts*: the key of a wording the document
type declares (`ApprovalHandler.titles`, each a translatable template with named placeholders)
and the values to put in it. `title_render` puts them together in the language active when the
title is shown — the reader's page, or the recipient's e-mail. The stored `title` stays the
fallback (a title a person typed, or parts a later version no longer knows).

A value is a string, or — for names that exist in several languages (a region, a cost
category) — a dict of language code → name, made with `in_each_language`.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


def title_parts(key: str, **values) -> dict:
    """The parts stored on the approval record (JSON): {"key": …, "values": {…}}."""
    return {"key": key, "values": {name: _plain(value) for name, value in values.items()}}


def in_each_language(obj) -> str | dict[str, str]:
    """str(obj) in every language of the site; one string when they are all the same."""
    names = {}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            names[code] = str(obj)
    return names[settings.LANGUAGE_CODE] if len(set(names.values())) == 1 else names


def _plain(value):
    if isinstance(value, dict):
        return {str(code): str(name) for code, name in value.items()}
    return str(value)


def _pick(value, language: str) -> str:
    if not isinstance(value, dict):
        return value
    if language in value:
        return value[language]
    for code, name in value.items():
        if language.split("-")[0] == code.split("-")[0]:
            return name
    return value.get(settings.LANGUAGE_CODE) or next(iter(value.values()), "")


def title_render(document_type: str, parts: dict | None) -> str | None:
    """The title from its parts in the active language, or None (then the stored title is
    shown) when there are no parts or the document type no longer knows them."""
    if not parts:
        return None
    from .registry import handler_for

    try:
        template = handler_for(document_type).titles[parts["key"]]
        language = translation.get_language() or settings.LANGUAGE_CODE
        values = {name: _pick(value, language) for name, value in parts["values"].items()}
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return None
