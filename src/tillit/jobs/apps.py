from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "tillit.jobs"
    verbose_name = _("Bakgrundsjobb")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each app declares its job kinds in <app>/jobs.py (services.job_kind); importing them
        # here registers them in the web server and in the worker alike.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")

        from django.contrib.auth.signals import user_logged_in

        from .selectors import remember_has_jobs

        user_logged_in.connect(remember_has_jobs, dispatch_uid="tillit.jobs.has_jobs")
