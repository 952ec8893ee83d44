from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "tillit.assignments"
    verbose_name = _("Uppdrag")
    default_auto_field = "django.db.models.BigAutoField"
