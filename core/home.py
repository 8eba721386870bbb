"""Home-page panels, registered by each app in its AppConfig.ready().

A panel is a template plus a function user -> context dict (or None to hide the panel). Keep
each panel to a fixed, small number of queries: the home page is the most visited page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class HomePanel:
    key: str
    template: str
    context: Callable[[object], dict | None]
    roles: set[str] | None = None
    order: int = 50


_PANELS: dict[str, HomePanel] = {}


def register(panel: HomePanel) -> None:
    _PANELS[panel.key] = panel


def panels_for(user) -> list[dict]:
    result = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        if panel.roles is not None and not user.is_superuser and user.role not in panel.roles:
            continue
        data = panel.context(user)
        if data is None:
            continue
        result.append({"key": panel.key, "template": panel.template, "data": data})
    return result
