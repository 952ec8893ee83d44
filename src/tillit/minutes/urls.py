from django.urls import path

from . import meeting_views, views

app_name = "minutes"
urlpatterns = [
    path("", views.protocol_upload, name="upload"),
    path("<int:pk>/", views.protocol_review, name="review"),
    # Registrera ett sammanträde (by hand, § by §, then justering) — docs/meetings.md
    path("sammantraden/", meeting_views.meeting_start, name="meetings"),
    path("sammantraden/<int:pk>/", meeting_views.meeting_page, name="meeting"),
    path(
        "sammantraden/<int:pk>/paragraf/ny/",
        meeting_views.paragraph_edit,
        name="paragraph_new",
    ),
    path(
        "sammantraden/<int:pk>/paragraf/<int:paragraph_pk>/",
        meeting_views.paragraph_edit,
        name="paragraph_edit",
    ),
]
