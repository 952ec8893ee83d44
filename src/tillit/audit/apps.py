from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tillit.audit"
    label = "audit"
    verbose_name = "Granskningslogg"

    def ready(self):
        from . import capture

        capture.install()
