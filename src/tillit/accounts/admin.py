from django.contrib import admin

from .models import ApiToken, Role


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "municipality", "body", "office")
    list_filter = ("municipality", "kind")
    search_fields = ("user__username",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "expires_at", "revoked_at")
    fields = ("user", "name", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at")
    readonly_fields = ("user", "prefix", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False  # tokens are created with `tillit token create`, which shows the secret once
