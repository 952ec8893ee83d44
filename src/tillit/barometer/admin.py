from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from .models import ConfidentialitySetting, MetricTarget


class ConfidentialitySettingForm(forms.ModelForm):
    class Meta:
        model = ConfidentialitySetting
        fields = ("municipality", "office", "admins_may_see", "details_public")

    def clean(self):
        data = super().clean()
        office, municipality = data.get("office"), data.get("municipality")
        if office and municipality and office.municipality_id != municipality.pk:
            self.add_error("office", _("Befattningen hör till en annan kommun."))
        return data


@admin.register(ConfidentialitySetting)
class ConfidentialitySettingAdmin(admin.ModelAdmin):
    """Who sees deviations' reporters, and whether deviation details are published
    (docs/dataskydd.md). Administrators in Tillit use barometer.services.confidentiality_set."""

    form = ConfidentialitySettingForm
    list_display = ("municipality", "office", "admins_may_see", "details_public")

    def has_delete_permission(self, request, obj=None):
        return False


class MetricTargetForm(forms.ModelForm):
    class Meta:
        model = MetricTarget
        fields = ("municipality", "metric", "body", "value", "note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .metrics import METRICS

        self.fields["metric"] = forms.ChoiceField(
            label=self.fields["metric"].label, choices=[(m.name, m.label) for m in METRICS]
        )

    def clean(self):
        from .services import metric_target_problems

        data = super().clean()
        if data.get("municipality") and data.get("metric") and data.get("value") is not None:
            for field, message in metric_target_problems(
                municipality=data["municipality"],
                metric=data["metric"],
                value=data["value"],
                body=data.get("body"),
            ).items():
                self.add_error(field if field in self.fields else None, message)
        return data


@admin.register(MetricTarget)
class MetricTargetAdmin(admin.ModelAdmin):
    """The municipality's own targets, the scorecard's reference (docs/barometer.md):
    a share 0–1, days, counts and amounts (kronor) per 12 months."""

    form = MetricTargetForm
    list_display = ("municipality", "metric", "body", "value", "note")
    list_filter = ("municipality",)
