"""Tags: the #words someone uses to gather days about one person or project."""

from django.conf import settings
from django.db import models
from django.urls import reverse

# The longest tag is 64 characters as written; lowercasing a few letters
# (İ, for one) makes two characters of one, so the column leaves room.
NAME_LENGTH = 128


class Tag(models.Model):
    """A #word in someone's journal. Entries carry it while their text does.

    Derived from the text, never edited on its own: Entry.save (and the bulk
    import, through the same function) keeps each entry's tags in step.
    A tag no entry carries any more stays, unseen, so that a save adding it
    again never races a save removing it; the pages list only tags in use.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tags"
    )
    name = models.CharField(max_length=NAME_LENGTH)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="one_tag_per_name")]

    def __str__(self):
        # Tag names are journal text: the admin and logs show the id only.
        return f"Tag {self.pk}"

    def get_absolute_url(self):
        # The tag's number, never its name: journal text stays out of URLs and logs.
        return reverse("entries:tag", args=[self.pk])
