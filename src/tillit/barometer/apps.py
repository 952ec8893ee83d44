from django.apps import AppConfig


class BarometerConfig(AppConfig):
    name = "tillit.barometer"
    label = "barometer"
    verbose_name = "Tillitsbarometern"

    def ready(self) -> None:
        from . import hooks

        hooks.connect()
