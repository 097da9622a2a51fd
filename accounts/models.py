"""People who keep a Daybook journal.

Email is the only identifier: no username, and an address is unique however
it is capitalised, because mail servers treat Ann@Example.com and
ann@example.com as the same person.
"""

import datetime as dt

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import connections, models, transaction
from django.db.models.functions import Lower
from django.utils import dateformat
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.timezone import now

from accounts import questions as question_lists
from accounts import schedule, signals, tasks
from accounts.timezones import validate_timezone

UNSUBSCRIBE_SALT = "daybook.accounts.unsubscribe"
DAILY_SALT = "daybook.accounts.back-to-daily"
# What the recap dispatcher changes on each person it claims.
RECAP_STATE = ["next_recap_at"]
# Considerate reminders: after this many prompts in a row with no reply,
# one a week; after this long at one a week with still no reply, none.
SLOW_DOWN_AFTER = 14
REST_AFTER = dt.timedelta(weeks=8)
# How far ahead a pause by email may reach.
LONGEST_PAUSE = dt.timedelta(days=400)


class UserQuerySet(models.QuerySet):
    def with_verified_email(self):
        """People who have proved they own the address prompts go to."""
        return self.filter(
            models.Exists(
                EmailAddress.objects.filter(user=models.OuterRef("pk"), primary=True, verified=True)
            )
        )

    def due_for_prompt(self, now):
        """Everyone whose next prompt should have gone out by now.

        Unverified and deactivated people keep their place in the schedule
        but are never due: mail only goes to addresses that asked for it.
        """
        return self.filter(is_active=True, next_prompt_at__lte=now).with_verified_email()

    def due_for_recap(self, now):
        """Everyone whose next recap should have gone out by now (see due_for_prompt)."""
        return self.filter(is_active=True, next_recap_at__lte=now).with_verified_email()

    def save_schedules(self, people, fields=None):
        """Write fields (by default SCHEDULE_STATE) of many people in one UPDATE.

        Django's bulk_update builds a CASE expression per person and field,
        which for a thousand people costs seconds of Python; joining a VALUES
        list costs milliseconds. UPDATE ... FROM works on PostgreSQL and on
        SQLite 3.33+, the two databases Daybook runs on.
        """
        if not people:
            return
        connection = connections[self.db]
        quote = connection.ops.quote_name
        fields = [self.model._meta.get_field(name) for name in fields or self.model.SCHEDULE_STATE]
        table = quote(self.model._meta.db_table)
        assignments = ", ".join(
            f"{quote(field.column)} = {_typed(connection, field, f'v.column{number}')}"
            for number, field in enumerate(fields, start=2)
        )
        placeholders = ", ".join(["(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"] * len(people))
        parameters = []
        for person in people:
            parameters.append(person.pk)
            parameters.extend(
                field.get_db_prep_save(getattr(person, field.attname), connection)
                for field in fields
            )
        with connection.cursor() as cursor:
            # Only names from the model go into the SQL; every value is a parameter.
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {placeholders}) AS v "  # noqa: S608
                f"WHERE {table}.{quote(self.model._meta.pk.column)} = v.column1",
                parameters,
            )

    def from_unsubscribe_token(self, token):
        """The person an unsubscribe token was made for, or None if it is not genuine."""
        return self._from_token(token, UNSUBSCRIBE_SALT)

    def from_back_to_daily_token(self, token):
        """The person a "back to daily" token was made for, or None if it is not genuine."""
        return self._from_token(token, DAILY_SALT)

    def _from_token(self, token, salt):
        user_id, _, signature = (token or "").partition("-")
        if not user_id.isdigit() or not signature:
            return None
        secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
        if not any(
            constant_time_compare(signature, _signature(salt, user_id, secret))
            for secret in secrets
        ):
            return None
        return self.filter(pk=int(user_id)).first()


def _typed(connection, field, sql):
    # PostgreSQL cannot tell the type of a VALUES column that holds only
    # NULLs; SQLite has no such types to name.
    if connection.vendor == "postgresql":
        return f"CAST({sql} AS {field.db_type(connection)})"
    return sql


def _signature(salt, user_id, secret):
    # Lower-case hex, because the token also travels as the local part of a
    # mailto address, where case may not survive. 80 bits are far beyond
    # guessing, and short enough that each List-Unsubscribe address fits on
    # one folded header line: Python's email package RFC 2047-encodes a
    # longer word, which mail clients would not read as an address.
    return salted_hmac(salt, str(user_id), secret=secret, algorithm="sha256").hexdigest()[:20]


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
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


class Pace(models.TextChoices):
    # Own: the schedule the person chose. Weekly: slowed down after many
    # unanswered prompts. Resting: paused after many more; any reply or web
    # entry brings back the person's own schedule.
    OWN = "own", "Their own schedule"
    WEEKLY = "weekly", "Slowed to weekly"
    RESTING = "resting", "Paused after weeks without a reply"


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
    questions = models.TextField(
        blank=True,
        max_length=question_lists.MAX_TEXT_CHARS,
        help_text="The person's own questions, one a line; empty for the usual one.",
    )
    question_order = models.CharField(
        max_length=10, choices=question_lists.ORDERS, default=question_lists.SAME
    )
    questions_asked = models.PositiveIntegerField(
        default=0, editable=False, help_text="Prompts sent so far: whose turn the next question is."
    )
    unanswered_prompts = models.PositiveIntegerField(
        default=0, editable=False, help_text="Prompts sent since the last reply or web entry."
    )
    prompt_pace = models.CharField(max_length=10, choices=Pace, default=Pace.OWN, editable=False)
    slowed_on = models.DateField(
        null=True, blank=True, editable=False, help_text="The day prompts slowed to weekly."
    )
    receipts_enabled = models.BooleanField(
        default=False, help_text="Email a short receipt when a reply is saved."
    )
    receipt_sent_on = models.DateField(null=True, blank=True, editable=False)
    monthly_recaps = models.BooleanField(default=True)
    yearly_recaps = models.BooleanField(default=True)
    next_recap_at = models.DateTimeField(null=True, blank=True, db_index=True, editable=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=now)

    objects = UserManager()

    # The schedule as the person sets it: all the dispatcher reads to work
    # out when their next prompt is due.
    SCHEDULE_FIELDS = [
        "timezone",
        "prompt_time",
        "prompt_weekdays",
        "prompts_paused",
        "paused_until",
        "questions",
        "question_order",
    ]
    # What moves when a prompt is scheduled, paused or resumed, so it is
    # always saved together (save_schedules writes it for many at once):
    # with each prompt, the turn of the questions and the count of prompts
    # unanswered, which slows the pace down.
    SCHEDULE_STATE = [
        "next_prompt_at",
        "prompts_paused",
        "paused_until",
        "questions_asked",
        "unanswered_prompts",
        "prompt_pace",
        "slowed_on",
    ]

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

    def schedule_next_prompt(self, now, *, after_day=None):
        """Work out next_prompt_at from the schedule (the caller saves).

        after_day is a local date that already has its prompt, so the next
        one must fall on a later day.
        """
        if self.prompts_paused and not self.paused_until:
            self.next_prompt_at = None
            return
        resume_on = self.paused_until if self.prompts_paused else None
        if after_day:
            # Slowed down: the next prompt a week after this one.
            weeks = 7 if self.prompt_pace == Pace.WEEKLY else 1
            day_after = after_day + dt.timedelta(days=weeks)
            resume_on = max(resume_on, day_after) if resume_on else day_after
        self.next_prompt_at = schedule.next_prompt_at(
            now,
            timezone=self.timezone,
            send_time=self.prompt_time,
            weekdays=self.prompt_weekdays,
            resume_on=resume_on,
        )

    def next_prompt_in_words(self):
        """When the next prompt arrives, e.g. "Saturday 28 November at 20:00, Europe/Paris"."""
        if self.next_prompt_at is None:
            return None
        local = self.next_prompt_at.astimezone(schedule.zone_named(self.timezone))
        return f"{dateformat.format(local, 'l j F')} at {local:%H:%M}, {self.timezone}"

    def local_date(self, instant):
        """The date it is (or was) in this person's timezone at instant."""
        return instant.astimezone(schedule.zone_named(self.timezone)).date()

    def pause_prompts(self):
        """Stop prompts until the person resumes them in settings (the caller saves)."""
        self.prompts_paused = True
        self.paused_until = None
        self.next_prompt_at = None

    # Questions

    def question_for(self, day):
        """The question the next prompt, on day, asks."""
        return question_lists.question_for(
            self.questions, self.question_order, day, self.questions_asked, seed=self.pk
        )

    # Considerate reminders

    def note_prompt(self, day):
        """Count a prompt for day going out; what it must tell its reader (the caller saves).

        "slowed" when this prompt starts the weekly pace, "resting" when it is
        the last one until the person writes again, "" otherwise. Nobody is
        slowed down or paused without the prompt saying so.
        """
        self.questions_asked += 1
        notice = ""
        if self.prompt_pace == Pace.OWN and self.unanswered_prompts >= SLOW_DOWN_AFTER:
            self.prompt_pace, self.slowed_on, notice = Pace.WEEKLY, day, "slowed"
        elif self.prompt_pace == Pace.WEEKLY and day >= (self.slowed_on or day) + REST_AFTER:
            self.prompt_pace, notice = Pace.RESTING, "resting"
            self.prompts_paused, self.paused_until = True, None
        self.unanswered_prompts += 1
        return notice

    def note_writing(self, now):
        """The person wrote (a reply, a web entry): back to their own schedule; saves.

        Returns True when their schedule changed (they had been slowed down or rested).
        """
        if self.unanswered_prompts == 0 and self.prompt_pace == Pace.OWN:
            return False
        changed = self.prompt_pace != Pace.OWN
        if self.prompt_pace == Pace.RESTING and self.prompts_paused and not self.paused_until:
            self.prompts_paused = False
        self.unanswered_prompts, self.prompt_pace, self.slowed_on = 0, Pace.OWN, None
        if changed:
            self.schedule_next_prompt(now)
        self.save(update_fields=self.SCHEDULE_STATE)
        return changed

    # Steering by email: each returns what it did in words, for the confirmation.

    def skip_days(self, days, now):
        """No prompt on the next `days` days (from tomorrow); the first day one may come."""
        today = self.local_date(now)
        self.prompts_paused, self.paused_until = False, None
        self.back_to_own_pace()
        self.schedule_next_prompt(now, after_day=today + dt.timedelta(days=days))
        self.save(update_fields=self.SCHEDULE_STATE)
        return today + dt.timedelta(days=days + 1)

    def pause_until_day(self, day, now):
        """Pause until day (None: until resumed); raises ValueError for a day not ahead."""
        today = self.local_date(now)
        if day is not None and not today < day <= today + LONGEST_PAUSE:
            raise ValueError(f"{day} is not between tomorrow and 400 days from now")
        self.prompts_paused, self.paused_until = True, day
        self.back_to_own_pace()
        self.schedule_next_prompt(now)
        self.save(update_fields=self.SCHEDULE_STATE)

    def resume_prompts(self, now):
        """Start prompts again, on the person's own schedule."""
        self.prompts_paused, self.paused_until = False, None
        self.back_to_own_pace()
        self.schedule_next_prompt(now)
        self.save(update_fields=self.SCHEDULE_STATE)

    def back_to_own_pace(self):
        """Forget unanswered prompts: the person is here (the caller schedules and saves)."""
        self.unanswered_prompts, self.prompt_pace, self.slowed_on = 0, Pace.OWN, None

    # Recaps

    def schedule_next_recap(self, now):
        """Work out next_recap_at: the next first-of-the-month morning a recap is due."""
        self.next_recap_at = schedule.next_recap_at(
            now,
            timezone=self.timezone,
            monthly=self.monthly_recaps,
            yearly=self.yearly_recaps,
        )

    @property
    def unsubscribe_token(self):
        """A token that lets whoever holds it pause this person's prompts."""
        return f"{self.pk}-{_signature(UNSUBSCRIBE_SALT, self.pk, settings.SECRET_KEY)}"

    @property
    def back_to_daily_token(self):
        """A token that lets whoever holds it bring back this person's own schedule."""
        return f"{self.pk}-{_signature(DAILY_SALT, self.pk, settings.SECRET_KEY)}"

    def delete_with_everything(self):
        """Delete this person and all that is theirs, at once and for good.

        Everything that references the user with a cascading foreign key
        (their journal, prompts, mail, imports, email addresses) goes with
        the row. Anything of theirs that does not, the app that keeps it
        deletes when told (signals.deleting_account), in the same
        transaction. No row for them is left for a prompt to be sent to.

        Their sessions are deleted by the worker once this commits: without
        the user row none of them logs anyone in any more, and finding them
        means reading every session in the table, which is no work for a
        request. (A session engine that stores the user id in a column would
        let them go with the row; it would also log everyone out once, when
        the session table changed.)
        """
        user_id = self.pk
        with transaction.atomic():
            signals.deleting_account.send(sender=type(self), user=self)
            self.delete()
            transaction.on_commit(lambda: tasks.delete_sessions_of(user_id))

    def addresses(self):
        """Every address that is or was theirs: the account's and any added in settings."""
        return {self.email, *self.emailaddress_set.values_list("email", flat=True)}
