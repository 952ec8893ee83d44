from django.urls import path

from . import views, yearwheel_views

app_name = "followup"
urlpatterns = [
    path("inkorg/", views.inbox, name="inbox"),
    path("uppdrag/<int:pk>/rapport/<str:period>/", views.report_form, name="report_form"),
    path("uppdrag/<int:pk>/fraga/", views.question_ask_view, name="ask"),
    path("rapporter/<int:pk>/", views.report_detail, name="report"),
    path("rapporter/<int:pk>/beslut/", views.report_decide_view, name="decide"),
    path("fragor/<int:pk>/svar/", views.question_answer_view, name="answer"),
    path("organ/<slug:slug>/rapport.<str:fmt>", views.body_document, name="document"),
    path("kommunen/<str:period>.<str:fmt>", views.compiled_document, name="compiled"),
    path("arshjul/", yearwheel_views.yearwheel_page, name="yearwheel"),
    path("arshjul/installningar/", yearwheel_views.yearwheel_settings, name="yearwheel_settings"),
    path("arshjul/anpassa/", yearwheel_views.yearwheel_customise, name="yearwheel_customise"),
    path("arshjul/ny/", yearwheel_views.yearwheel_event, name="yearwheel_new"),
    path("arshjul/<int:pk>/", yearwheel_views.yearwheel_event, name="yearwheel_event"),
]
