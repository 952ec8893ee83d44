from django.urls import path

from . import views

app_name = "decisions"
urlpatterns = [
    path("", views.decision_list, name="list"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("registrera/", views.decision_register_view, name="register"),
    path("registrera/kontrollera-mottagare/", views.recipients_check, name="check_recipients"),
    path("registrera/analysera/", views.text_analyse, name="analyse_text"),
]
