from django.urls import path

from . import views

app_name = "barometer"
urlpatterns = [
    path("", views.index, name="index"),
    path("definitioner/", views.definitions, name="definitions"),
    path("matt/<slug:metric>/", views.metric_detail, name="metric"),
    path("jamfor/", views.compare, name="compare"),
    path("stupror/", views.silos, name="silos"),
    path("avvikelser/ny/", views.deviation_new, name="deviation_new"),
    path("avvikelser/sekretess/", views.deviations_confidential, name="confidential"),
    path("delegationsbeslut/", views.delegations, name="delegations"),
]
