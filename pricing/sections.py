"""What other apps show on a quote's page, declared in their `menus.py` as `QUOTE_SECTIONS`
(e.g. the orders a won quote became). Each provider reads through the access layer in a fixed
number of queries and returns None to hide its section.

    QUOTE_SECTIONS = [QuoteSection(key="orders-quote-orders", template="orders/_quote_orders.html",
                                   context=lambda user, quote: {...})]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class QuoteSection:
    key: str
    template: str
    context: Callable[[object, object], dict | None]
    order: int = 50


def quote_sections_for(user, quote) -> list[dict]:
    from core.discovery import app_modules

    sections = [
        section
        for _label, module in app_modules("menus")
        for section in getattr(module, "QUOTE_SECTIONS", ())
    ]
    result = []
    for section in sorted(sections, key=lambda s: (s.order, s.key)):
        data = section.context(user, quote)
        if data is not None:
            result.append({"template": section.template, "data": data, "key": section.key})
    return result
