"""Login and logout: Django's auth views with Tillit's Swedish templates."""

from django.contrib.auth import views as auth_views

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5); GET shows a confirmation page with the logout button."""

    template_name = "accounts/logged_out.html"
    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        from django.shortcuts import render

        return render(request, "accounts/logout_confirm.html")
