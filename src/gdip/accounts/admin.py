"""Django admin for organisations, users, API tokens and the (read-only) audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gdip.accounts.models import ApiToken, Event, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Organisations: filter by type and city, search by name or USCC."""

    list_display = ("name", "org_type", "uscc", "city_code", "parent", "is_active")
    list_filter = ("org_type", "city_code", "is_active")
    search_fields = ("name", "name_en", "uscc")
    autocomplete_fields = ("parent",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users with their role, organisation and city."""

    list_display = ("username", "role", "organisation", "city_code", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff", "city_code")
    search_fields = ("username", "first_name", "last_name", "email", "organisation__name")
    autocomplete_fields = ("organisation",)
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Platform"), {"fields": ("role", "organisation", "city_code", "phone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Platform"), {"fields": ("role", "organisation", "city_code")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """API tokens: visible and revocable, never created or read back here."""

    list_display = ("prefix", "user", "name", "created", "last_used", "expires", "revoked")
    list_filter = ("revoked", "expires")
    search_fields = ("user__username", "name", "prefix")
    readonly_fields = ("user", "key_hash", "prefix", "name", "created", "last_used", "expires", "revoked")
    actions = ("revoke_tokens",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Tokens are issued through the API so that the plaintext reaches only its owner.
        return False

    @admin.action(description=_("Revoke selected API tokens"))
    def revoke_tokens(self, request: HttpRequest, queryset: Any) -> None:
        """Revoke through the action, so that each revocation is in the audit log."""
        from gdip.accounts.actions import do_revoke_api_token

        for token in queryset.select_related("user"):
            do_revoke_api_token(request.user, token, request=request)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """The audit log, read-only."""

    list_display = (
        "created",
        "type",
        "actor",
        "organisation",
        "city_code",
        "object_type",
        "object_id",
        "ip_address",
    )
    list_filter = ("type", "city_code")
    search_fields = ("type", "object_id", "actor__username")
    date_hierarchy = "created"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
