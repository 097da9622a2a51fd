"""Import jobs: a file someone brings their old journal in with, and how its days
are merged into the journal."""

import datetime
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.db import models, transaction
from django.utils.timezone import now

from entries import limits
from entries.models.entry import Entry, keep_tags_in_step
from entries.models.photo import Photo
from entries.text import count_words, normalise


class ImportJobQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def abandoned(self, moment):
        """Uploads nobody confirmed within a day: they hold a file and will never import."""
        return self.filter(
            status=ImportJob.Status.READY, updated__lt=moment - ImportJob.KEEP_UNCONFIRMED
        )

    def interrupted(self, moment):
        """Work no worker is doing any more: a stopped worker does not pick its task up again."""
        return self.filter(
            status__in=[ImportJob.Status.CHECKING, ImportJob.Status.SAVING],
            updated__lt=moment - ImportJob.PRESUMED_LOST,
        )


class ImportJob(models.Model):
    """One file someone brings into their journal, from upload to summary.

    Checking reads the whole file and compares it with the journal, which
    is what the preview shows; saving writes every day in one transaction,
    so an import happens completely or not at all. A small file does both in
    the request; a large one in the worker, with the progress page polling
    `done` of `total`. The upload waits in `data`, in the database because on
    Heroku the web and worker dynos share no disk, and goes when the job ends.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", "Checking the file"
        READY = "ready", "Ready to import"
        SAVING = "saving", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    MAX_BYTES = 50 * 1024 * 1024
    # A file up to 1 MB (a few thousand typical entries) parses and compares in
    # well under a second, so the person sees the preview at once; a larger
    # one could take longer than a web request should, so the worker checks it.
    INLINE_BYTES = 1024 * 1024
    # Writing is one INSERT or UPDATE per 500 days; up to 500 days to write
    # is a fraction of a second, above that the worker saves.
    INLINE_DAYS = 500
    BATCH = 500
    PREVIEW_FIELDS = (
        "total",
        "done",
        "empty",
        "media",
        "attachments",
        "linked_images",
        "first_date",
        "last_date",
        "first_dates",
    )
    KEEP_UNCONFIRMED = datetime.timedelta(days=1)
    PRESUMED_LOST = datetime.timedelta(hours=1)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    filename = models.CharField(max_length=255, blank=True)
    format = models.CharField(max_length=20, blank=True, help_text="Empty: detect it.")
    data = models.BinaryField(null=True, editable=False, help_text="The upload, until the end.")
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status, default=Status.CHECKING)
    total = models.PositiveIntegerField(default=0, help_text="Days in the file.")
    done = models.PositiveIntegerField(default=0, help_text="Days checked so far.")
    added = models.PositiveIntegerField(default=0)
    merged = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    empty = models.PositiveIntegerField(default=0, help_text="Entries with no text, skipped.")
    media = models.PositiveIntegerField(default=0, help_text="Attachments not imported.")
    attachments = models.PositiveIntegerField(default=0, help_text="Photos and files imported.")
    linked_images = models.PositiveIntegerField(
        default=0, help_text="Images kept as links in the text (dabble.me)."
    )
    first_date = models.DateField(null=True, blank=True)
    last_date = models.DateField(null=True, blank=True)
    first_dates = models.JSONField(default=list, blank=True, help_text="A few dates, ISO.")
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    finished = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"Import {self.pk} ({self.status})"

    @property
    def skipped(self):
        return self.unchanged + self.empty

    @property
    def checks_in_worker(self):
        return self.size > self.INLINE_BYTES

    @property
    def saves_in_worker(self):
        return self.added + self.merged > self.INLINE_DAYS

    @property
    def is_working(self):
        return self.status in (self.Status.CHECKING, self.Status.SAVING)

    def progress(self):
        """What the progress page shows, small enough to poll every second."""
        return {"status": self.status, "total": self.total, "done": self.done}

    def check_file(self, journal):
        """Compare the file's days (an ImportedJournal) with the journal: the preview.

        Nothing is written to the journal. Reading the file is the transfer
        wing's part (entries/transfer/jobs.py), which hands the days here.
        """
        days = journal.entries
        self.total, self.done = len(days), 0
        self.empty, self.media = journal.empty, journal.media
        self.attachments, self.linked_images = journal.attachments, journal.linked_images
        self.first_date = days[0].date if days else None
        self.last_date = days[-1].date if days else None
        self.first_dates = [day.date.isoformat() for day in days[:5]]
        self.save(update_fields=[*self.PREVIEW_FIELDS, "updated"])
        counts = Counter()
        for batch in batches(days, self.BATCH):
            try:
                counts.update(add_imported(self.user, batch, save=False))
            except (limits.TooLong, limits.OutOfRange) as error:
                self.fail(self.limit_problem(error))
                return
            self.done += len(batch)
            self.save(update_fields=["done", "updated"])
        self._count(counts, self.Status.READY)

    def save_entries(self, journal):
        """Write the file's days into the journal in one transaction, then drop the file."""
        try:
            with transaction.atomic():
                counts = add_imported(self.user, journal.entries, save=True)
                if journal.attachments:
                    Photo.objects.add_imported(self.user, journal.entries, bytes(self.data))
                self.data, self.finished = None, now()
                self._count(counts, self.Status.DONE, "data", "finished")
        except (limits.TooLong, limits.OutOfRange) as error:
            # A reply may have grown a day's entry since the preview.
            self.fail(self.limit_problem(error))

    @staticmethod
    def limit_problem(error):
        """What to tell the person when the file's days do not fit the journal's limits.

        The reader already refused any entry too long by itself; what is left
        is a day whose entry in the journal, with the imported text added,
        would pass the limit (or a day that fell out of range meanwhile).
        """
        if isinstance(error, limits.TooLong):
            return (
                f"{error.day.isoformat()}: with the entry already in your journal that day, "
                f"{limits.length_problem(error.length)}"
            )
        return str(error)

    def fail(self, error):
        self.status, self.error, self.data, self.finished = self.Status.FAILED, error, None, now()
        self.save()

    def _count(self, counts, status, *fields):
        self.added, self.merged, self.unchanged = (
            counts["added"],
            counts["merged"],
            counts["unchanged"],
        )
        self.status = status
        # Named fields only: saving the whole row would write the upload again.
        self.save(
            update_fields=[
                *self.PREVIEW_FIELDS,
                "added",
                "merged",
                "unchanged",
                "status",
                "updated",
                *fields,
            ]
        )


# Merging imported days into a journal -----------------------------------------


def add_imported(user, days: Iterable, *, save: bool):
    """Add imported days to the journal, or with save=False only count what would change.

    days are ImportedEntry records (entries/transfer/parsing.py): anything
    with a date, a body, and when it was created and updated, or None.

    Returns a Counter of days "added" (new), "merged" (added to an existing
    entry) and "unchanged" (already there). Saving locks the affected
    entries, so call it inside a transaction: a reply arriving meanwhile
    waits, and is not overwritten.
    """
    counts = Counter(added=0, merged=0, unchanged=0)
    # A few hundred dates per query keeps under every database's limit
    # on query parameters.
    for batch in batches(list(days), 500):
        counts.update(_add_imported_batch(user, batch, save=save))
    return counts


def merged_body(existing, imported):
    """The existing text with the imported text added as a new paragraph,
    or None when the imported text is already there as whole paragraphs.

    Whole paragraphs, not any substring: importing "ok" must still add to a
    day that says "I'm ok today". This is what makes importing the same file
    twice change nothing.
    """
    paragraphs = normalise(existing)
    if not paragraphs:
        return imported
    if f"\n\n{imported}\n\n" in f"\n\n{paragraphs}\n\n":
        return None
    return f"{existing.rstrip()}\n\n{imported}"


def batches(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _add_imported_batch(user, days, *, save):
    latest = limits.latest_day(user.timezone)
    for day in days:
        limits.check_day(day.date, latest)
    existing = Entry.objects.alive().filter(user=user, date__in=[day.date for day in days])
    if save:
        existing = existing.select_for_update()
    by_date = {entry.date: entry for entry in existing}
    counts = Counter()
    new, changed = [], []
    for day in days:
        entry, text = by_date.get(day.date), day.body
        if entry is None:
            limits.check_length(text, day.date)
            new.append(Entry(user=user, date=day.date, body=text, words=count_words(text)))
            counts["added"] += 1
            continue
        # A day of photos alone adds no text to the day it joins.
        body = merged_body(entry.body, text) if text else None
        if body is None:
            counts["unchanged"] += 1
        else:
            # bulk_update skips save(), so do its bookkeeping and checks here.
            limits.check_length(body, day.date)
            entry.body, entry.updated = body, now()
            entry.words, entry.revision = count_words(body), entry.revision + 1
            changed.append(entry)
            counts["merged"] += 1
    if save:
        Entry.objects.bulk_create(new)
        Entry.objects.bulk_update(changed, ["body", "words", "revision", "updated"])
        # Bulk writes skip Entry.save, which keeps tags in step; so do it here.
        keep_tags_in_step(new + changed)
        _keep_imported_times(new, days)
    return counts


def _keep_imported_times(created_entries, days):
    """Give new entries the times the file says they were written, where it says.

    Creating a row stamps it with the present (auto_now_add, auto_now);
    an update names its fields, so the file's times stick.
    """
    times = {day.date: (day.created, day.updated) for day in days if day.created}
    dated = []
    for entry in created_entries:
        if entry.date in times:
            created, updated = times[entry.date]
            entry.created, entry.updated = created, updated or created
            dated.append(entry)
    Entry.objects.bulk_update(dated, ["created", "updated"])
