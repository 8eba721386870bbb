"""Home-page panels, declared by each app in its `menus.py` (`HOME_PANELS`).

A panel is a template plus a function user -> context dict (or None to hide the panel), shown to
the people `user.has_perm(permission)` allows (everyone when it names none). Keep each panel to a
fixed, small number of queries: the home page is the most visited page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class HomePanel:
    key: str
    template: str
    context: Callable[[object], dict | None]
    permission: str | None = None
    order: int = 50


_PANELS: dict[str, HomePanel] = {}


def register(panel: HomePanel) -> None:
    _PANELS[panel.key] = panel


def panels_for(user) -> list[dict]:
    result = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        if panel.permission and not user.has_perm(panel.permission):
            continue
        data = panel.context(user)
        if data is None:
            continue
        result.append({"key": panel.key, "template": panel.template, "data": data})
    return result
