from django.apps import AppConfig


class EconomyConfig(AppConfig):
    name = "tillit.economy"
    default_auto_field = "django.db.models.BigAutoField"
