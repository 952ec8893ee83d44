from django.contrib import admin

from tillit.core.admin import ReadOnlyAdmin

from .models import Decision, Meeting


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("body", "date", "municipality")
    list_filter = ("municipality", "body")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("reference", "title", "initiative", "approved_on")
    list_filter = ("municipality", "body", "initiative", "year")
    search_fields = ("title", "case_number")
