from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The Vimmerby demo: invented data on public facts, loaded through the real services."""

    name = "tillit.demo"
    verbose_name = _("Demo")
    default_auto_field = "django.db.models.BigAutoField"
