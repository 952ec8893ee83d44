from django.urls import path

from . import views

app_name = "minutes"
urlpatterns = [
    path("", views.protocol_upload, name="upload"),
    path("<int:pk>/", views.protocol_review, name="review"),
]
