"""Drafts: what someone typed on the write or edit page and has not saved yet."""

from django.conf import settings
from django.db import models

from entries import limits
from entries.text import with_lf

# A draft may run past the entry limit (the form then says so, and the words
# are still kept); past this much it is no longer someone typing.
MAX_DRAFT_CHARS = 2 * limits.MAX_ENTRY_CHARS


class DraftQuerySet(models.QuerySet):
    def keep(self, user, date, form, body, version=""):
        """Store the text typed for a day, replacing the day's earlier draft; blank text removes it.

        One draft a day, whichever page it was typed on: the latest words are
        the ones worth keeping.
        """
        if not body.strip():
            self.filter(user=user, date=date).delete()
            return None
        draft, _ = self.update_or_create(
            user=user,
            date=date,
            defaults={"form": form, "body": with_lf(body)[:MAX_DRAFT_CHARS], "version": version},
        )
        return draft

    def clear(self, user, date):
        self.filter(user=user, date=date).delete()


class Draft(models.Model):
    """Unsaved text for one day, kept by the server so no device loses it.

    A model of its own, not a flag on Entry: search, exports and memories
    read entries only, so a draft cannot reach them before it is saved.
    """

    class Form(models.TextChoices):
        WRITE = "write", "Write"
        EDIT = "edit", "Edit"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts"
    )
    date = models.DateField()
    form = models.CharField(max_length=5, choices=Form)
    body = models.TextField()
    # For an edit: the entry's version the text started from, so restoring
    # an old draft over a newer entry shows the conflict page, not a silent overwrite.
    version = models.CharField(max_length=20, blank=True)
    updated = models.DateTimeField(auto_now=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="one_draft_per_day"),
        ]

    def __str__(self):
        # Drafts are journal text: the admin and logs show the day only.
        return f"Draft {self.pk} for {self.date:%Y-%m-%d}"
