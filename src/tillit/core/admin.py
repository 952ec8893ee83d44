"""Shared Django admin pieces (the admin only reads domain rows: they are written through the
services, so the rules apply)."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows registered through the services (form, API, CLI) so the chain rule applies; the
    admin only reads them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
