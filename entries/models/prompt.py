"""Prompts: the daily email that asks someone about their day."""

import base64
import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import dateformat, timezone


def new_reply_token():
    """128 random bits, spelt in lower-case base32.

    The token is the local part of a reply address. Some mail systems change
    the case of addresses, so the alphabet has no case to lose.
    """
    return base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=").lower()


class Prompt(models.Model):
    """One daily email asking one person about one of their days."""

    class Status(models.TextChoices):
        # Queued: waiting for a worker. Sending: a worker has claimed it and
        # is talking to the provider; if that worker dies the prompt is
        # later failed rather than risk a second copy. Skipped: the person
        # paused or left between the claim and the send.
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="prompts"
    )
    date = models.DateField(help_text="The day asked about, in the person's timezone.")
    token = models.CharField(max_length=32, unique=True, default=new_reply_token, editable=False)
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    failure_reason = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(
        default=timezone.now,
        help_text="When a task to send it was last queued: on creation, or by a retry or sweep.",
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="one_prompt_per_day"),
        ]
        indexes = [
            # The dispatcher looks for prompts left queued by a lost worker.
            models.Index(fields=["status", "created"], name="prompt_status_created"),
        ]

    def __str__(self):
        return f"Prompt {self.pk} for {self.date:%Y-%m-%d}"

    @property
    def question(self):
        """What the prompt asks, and its subject: "It's Friday, Nov 27. How was your day?"."""
        return f"It's {dateformat.format(self.date, 'l, M j')}. How was your day?"

    @property
    def reply_address(self):
        return f"{self.token}@{settings.INBOUND_EMAIL_DOMAIN}"

    def expects_replies_at(self, when):
        """Whether a reply arriving then is in time.

        A reply address that never expires is a key that works for ever for
        whoever sees it; after REPLY_TOKEN_DAYS a reply is held for review.
        """
        start = self.sent_at or self.created
        return when <= start + dt.timedelta(days=settings.REPLY_TOKEN_DAYS)
