from zoneinfo import ZoneInfo

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import PasswordField
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils import timezone

from accounts import schedule
from accounts.models import User
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


class ScheduleForm(forms.ModelForm):
    """When someone's prompts arrive, whether they pause, and memories."""

    timezone = forms.ChoiceField(choices=timezone_choices)
    prompt_time = forms.TimeField(
        label="Time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="In your own timezone, chosen above.",
    )
    weekdays = forms.TypedMultipleChoiceField(
        label="Days",
        choices=list(enumerate(schedule.WEEKDAYS)),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one day. To stop prompts, pause them."},
    )
    prompts_paused = forms.BooleanField(label="Pause prompts", required=False)
    paused_until = forms.DateField(
        label="Resume on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leave empty to pause until you come back here.",
    )
    memories_enabled = forms.BooleanField(
        label="Show me something I wrote in the past", required=False
    )

    class Meta:
        model = User
        fields = ["timezone", "prompt_time", "prompts_paused", "paused_until", "memories_enabled"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weekdays"].initial = [
            day for day in range(7) if self.instance.prompt_weekdays & schedule.weekday_bit(day)
        ]

    def clean(self):
        cleaned = super().clean()
        resume_on = cleaned.get("paused_until")
        if not cleaned.get("prompts_paused"):
            # A date only means something while paused; unpausing clears it.
            cleaned["paused_until"] = None
        elif resume_on and "timezone" in cleaned:
            today = timezone.now().astimezone(ZoneInfo(cleaned["timezone"])).date()
            if resume_on <= today:
                self.add_error("paused_until", "Choose a day after today, or leave it empty.")
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=False)
        days = self.cleaned_data["weekdays"]
        user.prompt_weekdays = sum(schedule.weekday_bit(day) for day in set(days))
        now = timezone.now()
        today = user.local_date(now)
        # If today's prompt has gone out, a later time today would promise a
        # second one, which one prompt per day would then stop.
        prompted_today = user.prompts.filter(date=today).exists()
        user.schedule_next_prompt(now, after_day=today if prompted_today else None)
        if commit:
            user.save()
        return user


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
    ("daybook-archive", "Daybook (archive with photos, zip)"),
]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Export file",
        help_text="Up to 50 MB: a .json, .txt, Day One .zip or Daybook archive .zip file.",
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
