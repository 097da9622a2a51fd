from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import PasswordField
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils import timezone

from accounts.timezones import timezone_choices


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, plus the timezone the person lives in.

    static/js/timezone.js fills the timezone in from the browser; without
    JavaScript the person picks it, and can change it later in settings.
    """

    timezone = forms.ChoiceField(
        choices=timezone_choices,
        initial="UTC",
        help_text="Your daily prompt arrives in the evening, your time.",
    )

    field_order = ["email", "timezone"]

    def signup(self, request, user):
        user.timezone = self.cleaned_data["timezone"]
        user.schedule_next_prompt(timezone.now())
        user.save(update_fields=["timezone", "next_prompt_at"])


class LoginForm(AllauthLoginForm):
    """Log in with a password if you set one, or leave it empty for a code.

    allauth drops the password field when sign-up asks for none; Daybook
    keeps it, optional, for the people who prefer a password.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"] = PasswordField(
            label="Password",
            required=False,
            autocomplete="current-password",
            help_text="Only if you have set one. Otherwise leave it empty: we email you a code.",
        )
