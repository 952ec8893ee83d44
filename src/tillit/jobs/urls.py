from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_page, name="job"),
    path("<int:pk>/framsteg/", views.job_progress, name="progress"),
    path("<int:pk>/forsok-igen/", views.job_retry, name="retry"),
    path("<int:pk>/fil/", views.job_file, name="file"),
]
