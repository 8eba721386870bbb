"""The navigation, built from what each app declares in its `menus.py` (`NAV_GROUPS`, `NAV`).

Items are grouped by process (customers, tech support, pricing, budgets, …); a group shows when
at least one of its items does. An item shows to the people Django's `user.has_perm` allows for
its `permission` — answered from the apps' named actions (access.backends.ActionBackend) — and
to everyone signed in when it names none. A badge is a function of the user returning a count
(one query).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@dataclass
class NavGroup:
    key: str
    label: str
    order: int = 50


@dataclass
class NavItem:
    key: str
    label: str
    url_name: str
    order: int = 50
    group: str = ""  # empty: a top-level link (home, the approval queue)
    permission: str | None = None
    badge: Callable[[object], int] | None = None

    def shown_to(self, user) -> bool:
        if not user.is_authenticated:
            return False
        return user.has_perm(self.permission) if self.permission else True


_GROUPS: dict[str, NavGroup] = {}
_ITEMS: dict[str, NavItem] = {}


def register_group(group: NavGroup) -> None:
    _GROUPS[group.key] = group


def register(item: NavItem) -> None:
    _ITEMS[item.key] = item


@functools.lru_cache(maxsize=512)
def _reverse(url_name: str, prefix: str, urlconf: str) -> str:
    """A menu link's address: the same for every request under one script prefix, so it is
    resolved once per process, not once per link per page (reverse() dominated the menu)."""
    return reverse(url_name)


def _link(item: NavItem, user, path: str) -> dict:
    url = _reverse(item.url_name, get_script_prefix(), str(get_urlconf() or settings.ROOT_URLCONF))
    return {
        "key": item.key,
        "label": item.label,
        "url": url,
        "active": path == url if url == "/" else path.startswith(url),
        "badge": item.badge(user) if item.badge else None,
    }


def items_for(user, path: str = "") -> list[dict]:
    """Top-level entries in order: links ({key, label, url, active, badge}) and groups
    ({key, label, children, active, badge}) holding the links this person may use."""
    if not user.is_authenticated:
        return []
    entries: list[tuple[tuple, dict]] = []
    grouped: dict[str, list[dict]] = {}
    for item in sorted(_ITEMS.values(), key=lambda i: (i.order, i.key)):
        if not item.shown_to(user):
            continue
        link = _link(item, user, path)
        if item.group:
            grouped.setdefault(item.group, []).append(link)
        else:
            entries.append(((item.order, item.key), link))
    for key, links in grouped.items():
        group = _GROUPS.get(key) or NavGroup(key, key)
        badge = sum(link["badge"] or 0 for link in links) or None
        entries.append(
            (
                (group.order, key),
                {
                    "key": key,
                    "label": group.label,
                    "children": links,
                    "active": any(link["active"] for link in links),
                    "badge": badge,
                },
            )
        )
    return [entry for _order, entry in sorted(entries, key=lambda e: e[0])]
