from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", views.LogoutView.as_view(), name="logout"),
    path("verifiera/", views.otp_verify, name="otp_verify"),
    path("tvafaktor/", views.otp_setup, name="otp_setup"),
]
