from django.contrib import admin

from .models import Appointment, Body, Majority, Membership, Municipality, Office, Person, Term


class NoDeleteAdmin(admin.ModelAdmin):
    """History is kept: rows end with valid_to instead of being deleted."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Municipality)
class MunicipalityAdmin(NoDeleteAdmin):
    list_display = ("name", "slug", "code", "population")


@admin.register(Term)
class TermAdmin(NoDeleteAdmin):
    list_display = ("municipality", "starts_on", "ends_on", "election_date")
    list_filter = ("municipality",)


@admin.register(Majority)
class MajorityAdmin(NoDeleteAdmin):
    list_display = ("name", "municipality", "valid_from", "valid_to")
    list_filter = ("municipality",)


@admin.register(Body)
class BodyAdmin(NoDeleteAdmin):
    list_display = ("name", "slug", "kind", "parent", "municipality", "valid_from", "valid_to")
    list_filter = ("municipality", "kind")
    search_fields = ("name", "slug")


@admin.register(Office)
class OfficeAdmin(NoDeleteAdmin):
    list_display = ("__str__", "slug", "kind", "answers_to", "parent", "valid_from", "valid_to")
    list_filter = ("municipality", "kind")
    search_fields = ("title", "organisation_name", "slug")


@admin.register(Person)
class PersonAdmin(NoDeleteAdmin):
    list_display = ("name", "party", "municipality", "user")
    list_filter = ("municipality",)
    search_fields = ("name",)


@admin.register(Membership)
class MembershipAdmin(NoDeleteAdmin):
    list_display = ("person", "body", "role", "valid_from", "valid_to")
    list_filter = ("municipality", "body", "role")


@admin.register(Appointment)
class AppointmentAdmin(NoDeleteAdmin):
    list_display = ("person", "office", "valid_from", "valid_to")
    list_filter = ("municipality",)
