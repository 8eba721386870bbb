"""Per-app modules found by convention.

Each installed app may have small modules with well-known names — `permissions.py` (row
policies and named actions, read by `access`), `handlers.py` (approval document types, read by
`approvals`), `menus.py` (navigation, home panels and page sections), `demo.py` (demo data),
`bench.py` (benchmark rows, pages and jobs), `tests/matrix.py` (the permission matrix). The app
that owns a registry reads them here, so `AppConfig.ready()` only wires and no shared app names
a process app.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.conf import settings


def app_modules(name: str) -> list[tuple[str, ModuleType]]:
    """(app label, module) for every installed app of this project that has `<app>.<name>`,
    in INSTALLED_APPS order. A module that exists but fails to import raises."""
    found = []
    root = str(settings.BASE_DIR)
    for config in apps.get_app_configs():
        path = str(config.path)
        if not path.startswith(root) or "site-packages" in path:
            continue  # third-party apps (guardian, axes, …) have none of these modules
        dotted = f"{config.name}.{name}"
        try:
            module = import_module(dotted)
        except ModuleNotFoundError as error:
            # Only "this app has no such module" is skipped; a missing import inside it is a bug.
            if error.name and (dotted == error.name or dotted.startswith(f"{error.name}.")):
                continue
            raise
        found.append((config.label, module))
    return found
