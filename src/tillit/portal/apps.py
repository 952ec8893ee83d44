from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "tillit.portal"
    label = "portal"
    verbose_name = _("Öppenhet")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_search_index, sender=self)


def _ensure_search_index(sender, using="default", **kwargs):
    from .search_index import search_index_ensure

    search_index_ensure()
