from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "tillit.portal"
    label = "portal"
    verbose_name = _("Öppenhet")

    def ready(self):
        from django.db.models.signals import post_migrate

        from tillit.core import events

        post_migrate.connect(_ensure_search_index, sender=self)
        events.mission_indicators_given.connect(
            _mission_indicators, dispatch_uid="portal-mission-indicators"
        )


def _mission_indicators(sender, **kwargs):
    """core.events.mission_indicators_given: a budget's grunduppdrag indicators become KPIs."""
    from .indicators import mission_indicators_define

    mission_indicators_define(**kwargs)


def _ensure_search_index(sender, using="default", **kwargs):
    from .search_index import search_index_ensure

    search_index_ensure()
