from django.contrib import admin

from tillit.core.admin import ReadOnlyAdmin

from .models import Protocol, ProtocolParagraph


@admin.register(Protocol)
class ProtocolAdmin(ReadOnlyAdmin):
    """Protocols are stored and registered through minutes.services; the admin only reads."""

    list_display = ("__str__", "source", "uploaded_by", "created_at", "registered_at")
    list_filter = ("municipality", "source")
    search_fields = ("file_name", "sha256", "idempotency_key")


@admin.register(ProtocolParagraph)
class ProtocolParagraphAdmin(ReadOnlyAdmin):
    list_display = ("protocol", "number", "decision")
    list_filter = ("municipality",)
