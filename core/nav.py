"""The navigation, built from what each app registers in its AppConfig.ready().

An item shows for the roles it names (all roles when none are named) and, optionally, only
when a predicate holds. A badge is a function of the user returning a count (one query).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass
class NavItem:
    key: str
    label: str
    url_name: str
    order: int = 50
    roles: set[str] | None = None
    badge: Callable[[object], int] | None = None
    visible: Callable[[object], bool] | None = None

    def shown_to(self, user) -> bool:
        if not user.is_authenticated:
            return False
        if self.roles is not None and not user.is_superuser and user.role not in self.roles:
            return False
        return self.visible(user) if self.visible else True


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _ITEMS[item.key] = item


def items_for(user, path: str = "") -> list[dict]:
    result = []
    for item in sorted(_ITEMS.values(), key=lambda i: (i.order, i.key)):
        if not item.shown_to(user):
            continue
        url = reverse(item.url_name)
        active = path == url if url == "/" else path.startswith(url)
        result.append(
            {
                "key": item.key,
                "label": item.label,
                "url": url,
                "active": active,
                "badge": item.badge(user) if item.badge else None,
            }
        )
    return result
