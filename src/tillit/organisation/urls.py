from django.urls import path

from . import views

app_name = "organisation"
urlpatterns = [
    path("", views.start, name="start"),
    path("organisation/", views.chart, name="chart"),
    path("organ/<slug:slug>/", views.body_detail, name="body"),
]
