from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    path("inkorg/", views.inbox, name="inbox"),
    path("uppdrag/<int:pk>/rapport/<str:period>/", views.report_form, name="report_form"),
    path("uppdrag/<int:pk>/fraga/", views.question_ask_view, name="ask"),
    path("rapporter/<int:pk>/", views.report_detail, name="report"),
    path("rapporter/<int:pk>/beslut/", views.report_decide_view, name="decide"),
    path("fragor/<int:pk>/svar/", views.question_answer_view, name="answer"),
    path("organ/<slug:slug>/rapport.<str:fmt>", views.body_document, name="document"),
]
