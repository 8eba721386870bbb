from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TechsupportConfig(AppConfig):
    name = "techsupport"
    verbose_name = _("Technical support")
