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

from accounts import schedule, signals, tasks
from accounts.timezones import validate_timezone

UNSUBSCRIBE_SALT = "daybook.accounts.unsubscribe"


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

    def save_schedules(self, people):
        """Write next_prompt_at and the pause fields of many people in one UPDATE.

        Django's bulk_update builds a CASE expression per person and field,
        which for a thousand people costs seconds of Python; joining a VALUES
        list costs milliseconds. UPDATE ... FROM works on PostgreSQL and on
        SQLite 3.33+, the two databases Daybook runs on.
        """
        if not people:
            return
        connection = connections[self.db]
        quote = connection.ops.quote_name
        fields = [self.model._meta.get_field(name) for name in self.model.SCHEDULE_STATE]
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
        user_id, _, signature = (token or "").partition("-")
        if not user_id.isdigit() or not signature:
            return None
        secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
        if not any(
            constant_time_compare(signature, _unsubscribe_signature(user_id, secret))
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


def _unsubscribe_signature(user_id, secret):
    # Lower-case hex, because the token also travels as the local part of a
    # mailto address, where case may not survive. 80 bits are far beyond
    # guessing, and short enough that each List-Unsubscribe address fits on
    # one folded header line: Python's email package RFC 2047-encodes a
    # longer word, which mail clients would not read as an address.
    return salted_hmac(
        UNSUBSCRIBE_SALT, str(user_id), secret=secret, algorithm="sha256"
    ).hexdigest()[:20]


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

    # The schedule as the person sets it: all the dispatcher reads to work
    # out when their next prompt is due.
    SCHEDULE_FIELDS = [
        "timezone",
        "prompt_time",
        "prompt_weekdays",
        "prompts_paused",
        "paused_until",
    ]
    # What moves when a prompt is scheduled, paused or resumed, so it is
    # always saved together (save_schedules writes it for many at once).
    SCHEDULE_STATE = ["next_prompt_at", "prompts_paused", "paused_until"]

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
            day_after = after_day + dt.timedelta(days=1)
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

    @property
    def unsubscribe_token(self):
        """A token that lets whoever holds it pause this person's prompts."""
        return f"{self.pk}-{_unsubscribe_signature(self.pk, settings.SECRET_KEY)}"

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
