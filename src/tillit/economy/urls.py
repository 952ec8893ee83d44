from django.urls import path

from . import views

app_name = "economy"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("organ/<slug:slug>/", views.body_page, name="body"),
    path("organ/<slug:slug>/prognos/ny/", views.forecast_new, name="forecast_new"),
    path("organ/<slug:slug>/atgardsplan/ny/", views.action_plan_new, name="action_plan_new"),
    path("import/", views.import_page, name="import"),
    path("import/csv/", views.csv_import_page, name="csv_import"),
    path("kopplingar/", views.mappings_page, name="mappings"),
    path("ram/ny/", views.frame_new, name="frame_new"),
    path("ramforandring/ny/", views.frame_change_new, name="frame_change_new"),
]
