"""Demo data, assembled from each app's `demo.py` (a `seed(*, out)` function and an `ORDER`).

`manage.py seed_demo` runs them in ORDER; each is idempotent (get_or_create on natural keys),
so running the command twice changes nothing.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

DEMO_PASSWORD = "demo-2026"


def demo_modules() -> list:
    modules = []
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if config.name == "core" or find_spec(name) is None:
            continue
        module = import_module(name)
        if hasattr(module, "seed"):
            modules.append(module)
    return sorted(modules, key=lambda m: getattr(m, "ORDER", 50))
