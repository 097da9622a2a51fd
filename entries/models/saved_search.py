"""Searches, each under its own opaque key, so the words never reach a URL."""

import secrets

from django.conf import settings
from django.db import models

# A person's newest searches are kept; older keys stop working (the page
# says the search has gone). Enough for many tabs and a bookmark or two.
KEEP_PER_USER = 50


class SavedSearchQuerySet(models.QuerySet):
    def start(self, user, q, order):
        """A new search with a fresh key; the person's oldest beyond KEEP_PER_USER are dropped."""
        search = self.create(user=user, key=secrets.token_urlsafe(12), q=q, order=order)
        stale = self.filter(user=user).order_by("-created", "-pk").values_list("pk", flat=True)
        self.filter(pk__in=list(stale[KEEP_PER_USER:])).delete()
        return search


class SavedSearch(models.Model):
    """What someone searched for, under a key that can sit in a URL.

    The key says nothing about the words, so they stay out of browser
    history, server logs and Referer headers, while each tab's search has an
    address of its own that can be reloaded, paged and bookmarked.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=24, unique=True)
    q = models.CharField(max_length=200)
    order = models.CharField(max_length=10, default="newest")
    created = models.DateTimeField(auto_now_add=True)

    objects = SavedSearchQuerySet.as_manager()

    def __str__(self):
        # The words are journal text: never shown in the admin or logs.
        return f"Search {self.pk}"
