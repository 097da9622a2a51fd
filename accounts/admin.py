from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import User


class AddUserForm(forms.ModelForm):
    """Staff add people by address; they log in by emailed code."""

    class Meta:
        model = User
        fields = ["email", "timezone"]

    def save(self, commit=True):
        user = super().save(commit=False)
        user.email = User.objects.normalize_email(user.email)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = AddUserForm
    ordering = ["-date_joined"]
    list_display = ["email", "timezone", "date_joined", "last_login", "is_staff"]
    search_fields = ["email"]
    list_filter = ["is_staff", "is_active"]
    fieldsets = [
        (None, {"fields": ["email", "password", "timezone"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "timezone"]})]
    readonly_fields = ["last_login", "date_joined"]


# allauth's own admin pages for second factors and sessions show, and let
# staff edit, what must stay secret: an authenticator's secret and recovery
# seed, a session's key (enough to log in as its owner). Staff see who has
# what and when it was used, and may delete one (a lost phone), nothing more.
admin.site.unregister(Authenticator)
admin.site.unregister(UserSession)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Authenticator)
class AuthenticatorAdmin(ReadOnlyAdmin):
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__email"]
    fields = readonly_fields = ["user", "type", "created_at", "last_used_at"]


@admin.register(UserSession)
class UserSessionAdmin(ReadOnlyAdmin):
    list_display = ["user", "created_at", "last_seen_at", "ip", "user_agent"]
    search_fields = ["user__email", "ip"]
    fields = readonly_fields = ["user", "created_at", "last_seen_at", "ip", "user_agent"]

    # Deleting a session here signs that browser out, as it would on the
    # person's own sessions page; deleting only the row would not.
    def delete_model(self, request, obj):
        obj.end()

    def delete_queryset(self, request, queryset):
        for session in queryset:
            session.end()
