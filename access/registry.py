"""Reads every app's `permissions.py` (POLICIES and ACTIONS) once, when the apps are ready."""

from core.discovery import app_modules

from .actions import register_action
from .policies import register


def load_declarations() -> None:
    for _label, module in app_modules("permissions"):
        for model, policy in getattr(module, "POLICIES", {}).items():
            register(model, policy)
        for action in getattr(module, "ACTIONS", ()):
            register_action(action)
