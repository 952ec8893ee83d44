from django import forms
from django.contrib import admin

from .models import ConfidentialitySetting


class ConfidentialitySettingForm(forms.ModelForm):
    class Meta:
        model = ConfidentialitySetting
        fields = ("municipality", "office", "admins_may_see", "details_public")

    def clean(self):
        data = super().clean()
        office, municipality = data.get("office"), data.get("municipality")
        if office and municipality and office.municipality_id != municipality.pk:
            self.add_error("office", "Befattningen hör till en annan kommun.")
        return data


@admin.register(ConfidentialitySetting)
class ConfidentialitySettingAdmin(admin.ModelAdmin):
    """Who sees deviations' reporters, and whether deviation details are published
    (docs/dataskydd.md). Administrators in Tillit use barometer.services.confidentiality_set."""

    form = ConfidentialitySettingForm
    list_display = ("municipality", "office", "admins_may_see", "details_public")

    def has_delete_permission(self, request, obj=None):
        return False
