from django.urls import path

from . import change_views, views

app_name = "organisation"
urlpatterns = [
    path("", views.start, name="start"),
    path("organisation/", views.chart, name="chart"),
    path("organ/<slug:slug>/", views.body_detail, name="body"),
    path("organisation/andra/", change_views.change, name="change"),
    path("organisation/andra/mandatperiod/", change_views.change_term, name="change_term"),
    path("organisation/andra/styre/", change_views.change_majority, name="change_majority"),
    path("organisation/andra/organ/", change_views.change_body, name="change_body"),
    path(
        "organisation/andra/organ/<slug:slug>/avsluta/",
        change_views.change_body_end,
        name="change_body_end",
    ),
    path("organisation/andra/chef/", change_views.change_appointment, name="change_appointment"),
    path("organisation/andra/ledamot/", change_views.change_membership, name="change_membership"),
    path(
        "organisation/andra/ledamot/<int:pk>/avsluta/",
        change_views.change_membership_end,
        name="change_membership_end",
    ),
    path("organisation/andra/person/", change_views.change_person, name="change_person"),
]
