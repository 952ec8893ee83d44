from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "tillit.decisions"
    verbose_name = _("Beslut")
    default_auto_field = "django.db.models.BigAutoField"
