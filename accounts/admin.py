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
