import json
from zoneinfo import ZoneInfo

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import PasswordField
from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.account.utils import filter_users_by_email
from allauth.core import ratelimit
from allauth.mfa.base.forms import AuthenticateForm as AllauthAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn.forms import AddWebAuthnForm
from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone

from accounts import questions as question_lists
from accounts import schedule
from accounts.models import User
from accounts.timezones import aliases, timezone_choices


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, plus the timezone the person lives in.

    static/js/timezone.js fills the timezone in from the browser; without
    JavaScript the person picks it, and can change it later in settings.
    """

    timezone = forms.ChoiceField(
        choices=timezone_choices,
        # For static/js/timezone.js: the browser may name its zone by an alias.
        widget=forms.Select(attrs={"data-aliases": json.dumps(aliases(), sort_keys=True)}),
        initial="UTC",
        help_text="Your daily prompt arrives in the evening, your time.",
    )

    field_order = ["email", "timezone"]

    def signup(self, request, user):
        user.timezone = self.cleaned_data["timezone"]
        user.schedule_next_prompt(timezone.now())
        user.schedule_next_recap(timezone.now())
        user.save(update_fields=["timezone", "next_prompt_at", "next_recap_at"])

    def try_save(self, request):
        """Sign up, or, for an address that has an account, send a code to log in.

        allauth would email "you already have an account" and show a page
        waiting for a code that never comes; that is a dead end for someone
        who signed up, lost the first code and signs up again. Proving the
        inbox is all a new account needs too, so a log-in code does the job.
        """
        if not self.account_already_exists:
            return super().try_save(request)
        email = self.cleaned_data["email"]
        # The same limit as asking for a log-in code on the log-in page.
        if not ratelimit.consume(request, action="request_login_code", key=email.lower()):
            messages.error(
                request,
                "We sent a code to this address moments ago. Wait a minute, then try again.",
            )
            return None, redirect("account_signup")
        users = filter_users_by_email(email, prefer_verified=True)
        LoginCodeVerificationProcess.initiate(request=request, user=users[0], email=email)
        messages.info(
            request,
            "This address already has a Daybook account (perhaps from an earlier sign-up), "
            "so we have sent it a code to log in instead.",
        )
        return None, redirect("account_confirm_login_code")


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
        help_text="A date pauses prompts until then. Leave it empty to pause until you "
        "come back here.",
    )
    memories_enabled = forms.BooleanField(
        label="Show me something I wrote in the past", required=False
    )

    questions = forms.CharField(
        label="Your questions",
        required=False,
        max_length=question_lists.MAX_TEXT_CHARS,
        widget=forms.Textarea(
            attrs={"rows": 5, "placeholder": "What did I learn today?\nThree good things"}
        ),
        help_text=(
            "One a line. Leave empty to be asked “How was your day?”. For one a weekday, "
            "start a line with the day: “Sunday: What went well this week?”."
        ),
    )
    question_order = forms.ChoiceField(
        label="Which question to ask",
        choices=question_lists.ORDERS,
        required=False,
        widget=forms.RadioSelect,
    )
    receipts_enabled = forms.BooleanField(
        label="Email me a short receipt when a reply is saved", required=False
    )
    monthly_recaps = forms.BooleanField(label="A recap of each month", required=False)
    yearly_recaps = forms.BooleanField(label="A recap of each year", required=False)

    class Meta:
        model = User
        fields = [
            "timezone",
            "prompt_time",
            "prompts_paused",
            "paused_until",
            "memories_enabled",
            "questions",
            "question_order",
            "receipts_enabled",
            "monthly_recaps",
            "yearly_recaps",
        ]

    def clean_questions(self):
        text = self.cleaned_data["questions"].strip()
        try:
            question_lists.parse(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return text

    def clean_question_order(self):
        return self.cleaned_data["question_order"] or question_lists.SAME

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = timezone_choices(self.instance.timezone)
        self.fields["weekdays"].initial = [
            day for day in range(7) if self.instance.prompt_weekdays & schedule.weekday_bit(day)
        ]

    def clean(self):
        cleaned = super().clean()
        resume_on = cleaned.get("paused_until")
        if resume_on and not cleaned.get("prompts_paused"):
            if resume_on == self.instance.paused_until:
                # The box unticked, the date left as it was: that is unpausing.
                resume_on = None
            else:
                # A new date means "pause until then", ticked or not.
                cleaned["prompts_paused"] = True
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
        # Saving settings is a sign of life: no more slowing down for now.
        user.back_to_own_pace()
        user.schedule_next_prompt(now, after_day=today if prompted_today else None)
        user.schedule_next_recap(now)
        if commit:
            user.save()
        return user


def asks_for_password(request):
    """Whether the log-in page was asked for its password form (?password)."""
    return request is not None and ("password" in request.GET or "password" in request.POST)


class LoginForm(AllauthLoginForm):
    """Log in with an emailed code; with a password only for those who ask for it.

    Daybook needs no password, so the log-in page asks for an address and
    emails a code. People who set a password follow "Use my password
    instead" (?password), and only then is there a password field.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        self.fields["login"].widget.attrs.pop("placeholder", None)
        if asks_for_password(self.request):
            self.fields["password"] = PasswordField(
                label="Password", autocomplete="current-password"
            )


class SecondFactorCodeFields:
    """The code field of allauth's second-factor forms, named for what it takes.

    Someone with only passkeys has recovery codes but no app to read a code from.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        has_app = Authenticator.objects.filter(
            user=self.user, type=Authenticator.Type.TOTP
        ).exists()
        self.fields["code"].label = (
            "Code from your app, or a recovery code" if has_app else "Recovery code"
        )
        self.fields["code"].widget.attrs.pop("placeholder", None)


class AuthenticateForm(SecondFactorCodeFields, AllauthAuthenticateForm):
    pass


class ReauthenticateForm(SecondFactorCodeFields, AllauthReauthenticateForm):
    pass


class AddPasskeyForm(AddWebAuthnForm):
    """allauth's form to add a passkey, asking in Daybook's words whether it logs in alone."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = "Name"
        self.fields["name"].help_text = "To tell your passkeys apart, e.g. “My phone”."
        self.fields["passwordless"].label = "Let it log in on its own, without an emailed code"
        self.fields["passwordless"].help_text = (
            "Your device then asks for your fingerprint, face or PIN each time. Untick it to "
            "use the passkey only as a second factor, after the emailed code."
        )
        self.fields["passwordless"].initial = True


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].widget.attrs.pop("placeholder", None)
