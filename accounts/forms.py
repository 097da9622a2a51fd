from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import PasswordField
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils import timezone

from accounts.timezones import timezone_choices
from entries.exporters import FORMATS
from entries.models import ImportJob


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


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label="Format",
        choices=[(name, f"{kind.label}: {kind.description}") for name, kind in FORMATS.items()],
        initial="json",
        widget=forms.RadioSelect,
    )


IMPORT_FORMATS = [
    ("", "Work it out from the file"),
    ("daybook-json", "Daybook (JSON)"),
    ("ohlife", "OhLife (text)"),
    ("dabble-txt", "dabble.me (text)"),
    ("dabble-json", "dabble.me (JSON)"),
    ("trailmix-json", "Trailmix (JSON)"),
    ("journeyinbox-json", "JourneyInbox (JSON)"),
    ("dayone-json", "Day One (JSON)"),
    ("dayone-zip", "Day One (zip)"),
]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Export file",
        help_text="Up to 50 MB: a .json, .txt or Day One .zip file.",
    )
    format = forms.ChoiceField(label="It comes from", choices=IMPORT_FORMATS, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > ImportJob.MAX_BYTES:
            raise forms.ValidationError(
                f"This file is {upload.size / 1024 / 1024:.1f} MB; Daybook imports files up to "
                "50 MB. Export a smaller part of your journal (a few years at a time) and "
                "import each file."
            )
        return upload


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my journal and account are deleted for good.",
        error_messages={"required": "Tick the box to confirm."},
    )
