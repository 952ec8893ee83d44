from django.urls import path

from . import feeds, views

app_name = "portal"
urlpatterns = [
    path("sok/", views.search_page, name="search"),
    path("oppna-data/", views.open_data, name="open_data"),
    path("oppna-data/flode.atom", feeds.MunicipalityFeed(), name="feed"),
    path("oppna-data/<slug:dataset>.<str:fmt>", views.dataset_export, name="export"),
    path("oppna-data/organ/<slug:slug>/flode.atom", feeds.MunicipalityFeed(), name="body_feed"),
    path("rapporter/", views.reports_list, name="reports"),
    path("nyckeltal/", views.kpi_list, name="kpis"),
    path("nyckeltal/<str:code>/", views.kpi_detail, name="kpi"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
]
