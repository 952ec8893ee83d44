from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tillit.accounts"
    verbose_name = _("Konton")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings
        from django.contrib.auth.signals import user_logged_in

        from .middleware import mark_otp_pending

        user_logged_in.connect(mark_otp_pending, dispatch_uid="tillit-otp-pending")

        if getattr(settings, "TILLIT_OTP_ADMIN", False):
            # The admin site then needs a verified second factor for staff (django-otp).
            from django.contrib import admin
            from django_otp.admin import OTPAdminSite

            admin.site.__class__ = OTPAdminSite
