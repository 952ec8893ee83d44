from django.urls import path

from . import views

app_name = "economy"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("organ/<slug:slug>/", views.body_page, name="body"),
    path("import/", views.import_page, name="import"),
    path("kopplingar/", views.mappings_page, name="mappings"),
    path("ramforandring/ny/", views.frame_change_new, name="frame_change_new"),
]
