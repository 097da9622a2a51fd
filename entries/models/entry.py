"""Entries: what someone wrote on one day of their life."""

import datetime as dt
from collections import defaultdict
from contextlib import suppress

from django.conf import settings
from django.db import IntegrityError, connections, models, transaction
from django.db.models import DateField, Q
from django.urls import reverse

from accounts.questions import DEFAULT_QUESTION
from entries import limits, rendering, search, steering
from entries.models.tag import Tag
from entries.text import count_words, join_paragraphs, with_lf

# A deleted entry can be restored for this long; then a nightly task purges it.
RESTORE_DAYS = 30
EARLIEST_YEAR = limits.EARLIEST_DAY.year


def keep_tags_in_step(entries):
    """Give each entry the tags its text has now: none while it is deleted.

    The one place tags are written. Entry.save calls it for one entry and
    the import for a batch, since bulk writes skip save(). Costs one query
    when no entry's tags changed, five when some did, for any batch size.
    """
    wanted = {
        entry.pk: rendering.tags_in(entry.body) if entry.deleted_at is None else set()
        for entry in entries
    }
    owners = {entry.pk: entry.user_id for entry in entries}
    through = Entry.tags.through
    current = defaultdict(set)
    rows = through.objects.filter(entry_id__in=wanted).values_list("entry_id", "tag__name")
    for entry_id, name in rows:
        current[entry_id].add(name)
    changed = [pk for pk, names in wanted.items() if names != current[pk]]
    if not changed:
        return
    needed = {(owners[pk], name) for pk in changed for name in wanted[pk]}
    Tag.objects.bulk_create(
        [Tag(user_id=user, name=name) for user, name in needed], ignore_conflicts=True
    )
    tag_ids = {}
    if needed:
        found = Tag.objects.filter(
            user_id__in={user for user, _ in needed}, name__in={name for _, name in needed}
        ).values_list("user_id", "name", "pk")
        tag_ids = {(user, name): pk for user, name, pk in found}
    through.objects.filter(entry_id__in=changed).delete()
    through.objects.bulk_create(
        through(entry_id=pk, tag_id=tag_ids[owners[pk], name])
        for pk in changed
        for name in wanted[pk]
    )


class EditConflict(Exception):
    """The entry changed after the editor opened it; saving would lose that change."""

    def __init__(self, current):
        super().__init__("The entry changed since it was opened.")
        self.current = current


class EntryQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def for_export(self, user):
        """The user's entries oldest first, read in chunks so a long journal streams."""
        return (
            self.filter(user=user)
            .alive()
            .order_by("date")
            .only("date", "body", "question", "created", "updated")
            .iterator(chunk_size=500)
        )

    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def recently_deleted(self, now):
        return self.filter(deleted_at__gt=now - dt.timedelta(days=RESTORE_DAYS))

    def purgeable(self, now):
        return self.filter(deleted_at__lte=now - dt.timedelta(days=RESTORE_DAYS))

    def in_year(self, year):
        return self.filter(date__year=year)

    def on_this_day(self, date):
        """Entries written on this calendar day in earlier years.

        The days are listed, not computed per row, so the (user, date) index
        finds them. In a year without 29 February, the 28th also remembers
        leap days.
        """
        days = []
        for year in range(EARLIEST_YEAR, date.year):
            with suppress(ValueError):  # 29 February in a common year
                days.append(date.replace(year=year))
            if (date.month, date.day) == (2, 28) and not _is_leap(date.year) and _is_leap(year):
                days.append(dt.date(year, 2, 29))
        return self.filter(date__in=days)

    def runs(self):
        """Every run of consecutive days written: [(first day, last day, days)], oldest first.

        Worked out by the database in one pass (the "gaps and islands" trick:
        a day's date minus its position in the list is the same for every day
        of a run), so ten years of entries never travel to Python.
        """
        island = {
            "postgresql": "date - CAST(ROW_NUMBER() OVER (ORDER BY date) AS integer)",
            "sqlite": "julianday(date) - ROW_NUMBER() OVER (ORDER BY date)",
        }[connections[self.db].vendor]
        inner_sql, params = self.order_by().values("date").query.sql_with_params()
        # Both pieces are SQL written here; values travel as params.
        sql = (
            "SELECT MIN(date), MAX(date), COUNT(*) FROM "  # noqa: S608
            f"(SELECT date, {island} AS island FROM ({inner_sql}) AS written) AS days "
            "GROUP BY island ORDER BY MIN(date)"
        )
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        to_date = DateField().to_python
        return [(to_date(first), to_date(last), length) for first, last, length in rows]

    def search(self, query, *, by_relevance=False):
        """Entries matching a search.Query: newest first, or best match first."""
        found = search.matching(self, query)
        if by_relevance:
            return search.ranked(found, query).order_by("-rank", "-date")
        return found.order_by("-date")

    def file_reply(self, user, prompt, text, *, written, now, files=False):
        """File an accepted reply: follow its commands, add what is left to its day; the entry.

        The entry is None when the reply held only commands (and no files: a
        reply of photos alone still makes the day's entry). The person wrote,
        so a slowed-down schedule is theirs again. Raises what add_to_day
        raises; the caller holds the reply then, and the commands roll back
        with the transaction, to be followed when the owner accepts it.
        """
        outcome = steering.follow(user, text, day=prompt.date, now=now, written=written)
        entry = None
        if outcome.text or files:
            # The usual question says nothing about the entry; the person's own do.
            asked = "" if prompt.question == DEFAULT_QUESTION else prompt.question
            entry = self.add_to_day(user, outcome.day, outcome.text, question=asked)
        user.note_writing(now)
        steering.reply_filed.send(
            self.model, user=user, entry=entry, confirmations=outcome.confirmations
        )
        return entry

    def add_to_day(self, user, date, text, *, question=""):
        """Write text into the user's entry for that date, creating it if needed.

        A second text on the same day is added after the first, never in its place.
        question is what a reply answered; the entry keeps the first one it is given.
        Raises limits.OutOfRange for a day the journal does not hold, and
        limits.TooLong when the entry would grow past its limit (nothing is saved).
        """
        limits.check_day(date, limits.latest_day(user.timezone))
        entry = self.for_user(user).alive().filter(date=date).first()
        if entry is None:
            try:
                with transaction.atomic():
                    return self.create(user=user, date=date, body=text.strip(), question=question)
            except IntegrityError:
                # Someone else (a reply, another tab) created it a moment ago.
                entry = self.for_user(user).alive().get(date=date)
        return entry.append(text, question=question)


def _is_leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


class Entry(models.Model):
    """What someone wrote on one day of their life, in their own timezone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entries"
    )
    date = models.DateField()
    body = models.TextField()
    question = models.CharField(
        max_length=200, blank=True, help_text="The question the first reply that day answered."
    )
    words = models.PositiveIntegerField(default=0, editable=False)
    # Counts saves, so an editor can tell whether the text changed under it.
    revision = models.PositiveIntegerField(default=0, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Derived from the text on every save; see keep_tags_in_step.
    tags = models.ManyToManyField(Tag, related_name="entries", blank=True, editable=False)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "entries"
        ordering = ["-date"]
        constraints = [
            # A deleted entry waits in the bin while a new one is written that day.
            models.UniqueConstraint(
                fields=["user", "date"],
                condition=Q(deleted_at__isnull=True),
                name="one_entry_per_day",
            ),
        ]
        indexes = [models.Index(fields=["user", "deleted_at"], name="entry_user_deleted")]

    def __str__(self):
        # Entries are private: the admin and logs show the day, never the text.
        return f"Entry {self.pk} for {self.date:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        # Every write of the text comes through here (bulk imports check for
        # themselves), so this is where an entry is kept within its limit.
        if kwargs.get("update_fields") is None or "body" in kwargs["update_fields"]:
            self.body = with_lf(self.body)
            limits.check_length(self.body, self.date)
        self.words = count_words(self.body)
        self.revision += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "words", "revision", "updated"}
        super().save(*args, **kwargs)
        keep_tags_in_step([self])

    def get_absolute_url(self):
        return reverse("entries:day", args=[self.date.year, self.date.month, self.date.day])

    @property
    def month(self):
        return self.date.replace(day=1)

    @property
    def version(self):
        """What an editor saw: any save since then changes it."""
        return str(self.revision)

    def append(self, text, *, question=""):
        """Add text after what is there, as a new paragraph, without losing a concurrent write.

        Returns the entry that now holds the text: if this one was deleted
        since it was read, the text goes to the day's living entry instead
        (created if there is none) rather than into the bin with it.
        """
        with transaction.atomic():
            current = type(self).objects.select_for_update().get(pk=self.pk)
            if current.deleted_at is not None:
                return type(self).objects.add_to_day(self.user, self.date, text, question=question)
            current.body = join_paragraphs(current.body, text)
            current.question = current.question or question
            current.save()
        self._take(current)
        return self

    def revise(self, body, seen_version):
        """Replace the text, unless it changed since the editor saw `seen_version`."""
        with transaction.atomic():
            current = type(self).objects.select_for_update().get(pk=self.pk)
            if current.version != seen_version or current.deleted_at is not None:
                raise EditConflict(current)
            current.body = body.strip()
            current.save()
        self._take(current)

    def soft_delete(self, now):
        self.deleted_at = now
        self.save(update_fields=["deleted_at"])

    def restore(self):
        """Bring the entry back; if that day has a new entry, the old text joins it."""
        with transaction.atomic():
            # Locked, so a reply appended to it meanwhile is not overwritten.
            living = (
                type(self)
                .objects.select_for_update()
                .for_user(self.user_id)
                .alive()
                .filter(date=self.date)
                .first()
            )
            if living is None:
                self.deleted_at = None
                self.save(update_fields=["deleted_at"])
                return self
            living.body = join_paragraphs(self.body, living.body)
            living.save()
            # Its photos join the living entry too, before the row goes.
            for photo in self.photos.order_by("position", "pk"):
                photo.move_to(living)
            self.delete()
            return living

    def _take(self, other):
        for field in ("body", "question", "words", "revision", "updated", "deleted_at"):
            setattr(self, field, getattr(other, field))
