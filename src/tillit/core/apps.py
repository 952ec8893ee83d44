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
