"""Recaps: the email that looks back on a month, or a year, of someone's journal."""

from django.conf import settings
from django.db import models
from django.utils import dateformat, timezone


class Recap(models.Model):
    """One recap email for one person and one period, sent at most once.

    The unique (user, period, starts) row is what makes it exactly once, as
    the (user, date) row does for prompts: the dispatcher inserts it with
    conflicts ignored, and sending claims it by a conditional update.
    """

    class Period(models.TextChoices):
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    class Status(models.TextChoices):
        # As for prompts (entries/models/prompt.py); skipped also covers a
        # period with nothing written, which has nothing to recap.
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recaps"
    )
    period = models.CharField(max_length=5, choices=Period)
    starts = models.DateField(help_text="The first day of the month or year recapped.")
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    failure_reason = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "period", "starts"], name="one_recap_per_period"
            ),
        ]
        indexes = [models.Index(fields=["status", "created"], name="recap_status_created")]

    def __str__(self):
        return f"Recap {self.pk} of {self.period} {self.starts:%Y-%m}"

    @property
    def ends(self):
        """The day after the period: the recap covers starts <= date < ends."""
        if self.period == self.Period.YEAR:
            return self.starts.replace(year=self.starts.year + 1)
        if self.starts.month == 12:
            return self.starts.replace(year=self.starts.year + 1, month=1)
        return self.starts.replace(month=self.starts.month + 1)

    @property
    def name(self):
        """The period in words: "November 2026", or "2026"."""
        if self.period == self.Period.YEAR:
            return str(self.starts.year)
        return dateformat.format(self.starts, "F Y")
