from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # Wiring only: the schema extension registers itself when imported.
        from . import schema  # noqa: F401
