from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "tillit.followup"
    label = "followup"
    verbose_name = "Uppföljning"
