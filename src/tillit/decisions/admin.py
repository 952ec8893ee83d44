from django.contrib import admin

from .models import Decision, Meeting


class ReadOnlyAdmin(admin.ModelAdmin):
    """Decisions are registered through the service (form, API, CLI) so the chain rule applies;
    the admin only reads them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("body", "date", "municipality")
    list_filter = ("municipality", "body")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("reference", "title", "initiative", "approved_on")
    list_filter = ("municipality", "body", "initiative", "year")
    search_fields = ("title", "case_number")
