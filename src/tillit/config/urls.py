from django.contrib import admin
from django.urls import include, path

from tillit.api.api import api
from tillit.core import views as core_views
from tillit.organisation import views as organisation_views
from tillit.workspace import views as workspace_views

urlpatterns = [
    path("", organisation_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("ping", core_views.ping, name="ping"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include("tillit.accounts.urls")),
    path("min-sida/", workspace_views.landing, name="workspace_landing"),
    path("<slug:municipality>/", include("tillit.organisation.urls")),
    path("<slug:municipality>/uppdrag/", include("tillit.assignments.urls")),
    path("<slug:municipality>/beslut/", include("tillit.decisions.urls")),
    path("<slug:municipality>/protokoll/", include("tillit.minutes.urls")),
    path("<slug:municipality>/uppfoljning/", include("tillit.followup.urls")),
    path("<slug:municipality>/ekonomi/", include("tillit.economy.urls")),
    path("<slug:municipality>/budget/", include("tillit.budget.urls")),
    path("<slug:municipality>/granskning/", include("tillit.audit.urls")),
    path("<slug:municipality>/barometer/", include("tillit.barometer.urls")),
    path("<slug:municipality>/jobb/", include("tillit.jobs.urls")),
    path("<slug:municipality>/min-sida/", include("tillit.workspace.urls")),
    path("<slug:municipality>/", include("tillit.portal.urls")),
]

from django.conf import settings  # noqa: E402

if getattr(settings, "TILLIT_OIDC_ENABLED", False):  # single sign-on (docs/deployment.md)
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))

handler404 = "tillit.core.views.not_found"
handler500 = "tillit.core.views.server_error"
