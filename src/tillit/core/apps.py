from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tillit.core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings
        from django.db.backends.signals import connection_created

        from . import checks  # noqa: F401  (registers the system checks)
        from .files import precreate_sqlite_file, sqlite_connection_created

        # The SQLite file holds password hashes and TOTP secrets: owner-only (core.files).
        precreate_sqlite_file(settings.DATABASES.get("default", {}))
        connection_created.connect(sqlite_connection_created, dispatch_uid="tillit-sqlite-0600")
        _swedish_date_fields()


def _swedish_date_fields() -> None:
    """Every forms.DateField (declared or from a model) takes the one date widget, a text field
    showing ÅÅÅÅ-MM-DD (core.widgets.SwedishDateInput), reads ISO dates only (Django's Swedish
    input formats also take the US 12/03/2026) and says how to write the date when it can't."""
    from django import forms
    from django.utils.translation import gettext_lazy as _

    from .widgets import SwedishDateInput

    forms.DateField.widget = SwedishDateInput
    forms.DateField.input_formats = ["%Y-%m-%d"]
    forms.DateField.default_error_messages = {
        **forms.DateField.default_error_messages,
        "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-10."),
    }
