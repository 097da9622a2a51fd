"""People who keep a Daybook journal.

Email is the only identifier: no username, and an address is unique however
it is capitalised, because mail servers treat Ann@Example.com and
ann@example.com as the same person.
"""

import datetime as dt

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils.timezone import now

from accounts import schedule
from accounts.timezones import validate_timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    @classmethod
    def normalize_email(cls, email):
        return (email or "").strip().lower()

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone with a journal, and how their days are counted."""

    email = models.EmailField("email address", unique=True)
    timezone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_timezone],
        help_text="IANA timezone name, e.g. Europe/Paris; days and prompts follow it.",
    )
    prompt_time = models.TimeField(
        default=dt.time(20, 0), help_text="Local time of the daily prompt."
    )
    prompt_weekdays = models.PositiveSmallIntegerField(
        default=schedule.EVERY_DAY, help_text="Days of the week, one bit each, Monday first."
    )
    prompts_paused = models.BooleanField(default=False)
    paused_until = models.DateField(
        null=True, blank=True, help_text="While paused, prompts resume on this date by themselves."
    )
    memories_enabled = models.BooleanField(
        default=True, help_text="Show an entry from the past in the daily prompt."
    )
    next_prompt_at = models.DateTimeField(null=True, blank=True, db_index=True, editable=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="unique_email_ignoring_case"),
        ]

    def __str__(self):
        return self.email

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    def schedule_next_prompt(self, now):
        """Work out next_prompt_at from the schedule (the caller saves)."""
        if self.prompts_paused and not self.paused_until:
            self.next_prompt_at = None
            return
        self.next_prompt_at = schedule.next_prompt_at(
            now,
            timezone=self.timezone,
            send_time=self.prompt_time,
            weekdays=self.prompt_weekdays,
            resume_on=self.paused_until if self.prompts_paused else None,
        )

    def delete_with_everything(self):
        """Delete this person and all that is theirs, at once and for good.

        Entries, prompts, inbound messages, import jobs and email addresses
        reference the user with cascading foreign keys, so they go with the
        row. Sessions hold the user's id only inside their encoded data, so
        each is read to find the person's; logged-in browsers elsewhere are
        signed out by it. No row for them is left for a prompt to be sent to.
        """
        with transaction.atomic():
            theirs = [
                session.pk
                for session in Session.objects.iterator(chunk_size=1000)
                if session.get_decoded().get(SESSION_KEY) == str(self.pk)
            ]
            Session.objects.filter(pk__in=theirs).delete()
            self.delete()
