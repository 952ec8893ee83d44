from django.urls import path

from . import views

app_name = "workspace"
urlpatterns = [
    path("", views.home, name="home"),
    path("last/", views.mark_read, name="mark_read"),
    path("e-post/", views.digest, name="digest"),
]
