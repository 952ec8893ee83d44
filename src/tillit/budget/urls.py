from django.urls import path

from . import views

app_name = "budget"
urlpatterns = [
    path("", views.index, name="index"),
    path("nytt/", views.propose, name="propose"),
    path("dokument/", views.document, name="document"),
    path("<int:pk>/anta/", views.adopt, name="adopt"),
    path("<int:pk>/andra/", views.amend, name="amend"),
    path("verksamhetsplan/<slug:slug>/", views.operational_plan, name="operational_plan"),
]
