from django.contrib import admin

from tillit.core.admin import ReadOnlyAdmin

from .models import Assignment, AssignmentEvent


class EventInline(admin.TabularInline):
    model = AssignmentEvent
    fields = ("occurred_at", "kind", "from_status", "to_status", "decision", "actor", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("title", "issuer", "issued_on", "status", "deadline")
    list_filter = ("municipality", "issuer", "status")
    search_fields = ("title", "what")
    inlines = [EventInline]
