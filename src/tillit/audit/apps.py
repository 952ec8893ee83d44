from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tillit.audit"
    label = "audit"
    verbose_name = "Granskningsloggen"

    def ready(self):
        from . import capture, checks  # noqa: F401  (checks registers the key check)

        capture.install()
