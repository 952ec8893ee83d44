from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    """Min sida: where a signed-in user lands and works. The top of the app stack: it reads from
    follow-up, economy and the barometer and is imported by none of them."""

    name = "tillit.workspace"
    label = "workspace"
    verbose_name = "Min sida"
