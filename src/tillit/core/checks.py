"""System checks for configuration mistakes (`tillit check`)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    key = getattr(settings, "SECRET_KEY", "")
    if not key or len(key) < 32:
        return [
            Error(
                "TILLIT_SECRET_KEY is missing or shorter than 32 characters.",
                hint="Set TILLIT_SECRET_KEY to a long random string in production.",
                id="tillit.E001",
            )
        ]
    return []


@register(Tags.database)
def check_database_engine(app_configs, **kwargs):
    engine = settings.DATABASES["default"]["ENGINE"]
    supported = {"django.db.backends.sqlite3", "django.db.backends.postgresql"}
    if engine not in supported:
        return [
            Error(
                f"Unsupported database engine {engine}.",
                hint="TILLIT_DATABASE_URL must start with sqlite:/// or postgres://.",
                id="tillit.E002",
            )
        ]
    return []


@register(deploy=True)
def check_sqlite_in_production(app_configs, **kwargs):
    if (
        settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
        and not settings.DEBUG
    ):
        return [
            Warning(
                "SQLite is meant for trials; use PostgreSQL in production.",
                hint="Set TILLIT_DATABASE_URL=postgres://user@host/dbname.",
                id="tillit.W001",
            )
        ]
    return []
