"""Inbound messages: every email that arrives, kept before anything is done with it."""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils.timezone import now

from entries.models.entry import Entry
from entries.models.prompt import Prompt


class InboundMessageQuerySet(models.QuerySet):
    def held_for(self, user):
        return self.filter(user=user, state=InboundMessage.State.HELD).select_related("prompt")

    def forget_raw(self, before):
        """Drop the raw message and request of everything older than then; records stay.

        Finished messages go a retention period after processing; one never
        finished (a worker that kept failing on it) a retention period after it
        came, closed as expired. Held replies keep theirs, with its photos and
        files, until their owner accepts or discards them.
        """
        State = InboundMessage.State
        forgotten = (
            self.filter(processed__lt=before)
            .exclude(state__in=[State.RECEIVED, State.HELD])
            .exclude(raw=None, payload=None)
            .update(raw=None, payload=None)
        )
        expired = self.filter(state=State.RECEIVED, received__lt=before).update(
            raw=None,
            payload=None,
            state=State.REJECTED,
            reason=InboundMessage.Reason.EXPIRED,
            processed=now(),
        )
        return forgotten + expired

    def unlinked_from(self, user):
        """Mail from any address of theirs that was never linked to them.

        Not processed yet, or rejected before it was: it still holds what they
        wrote. The From header is only read when a message is processed;
        until then the envelope sender is all that names who sent it.
        """
        match = models.Q()
        for address in user.addresses():
            match |= models.Q(sender__iexact=address) | models.Q(envelope_sender__iexact=address)
        return self.filter(match, user=None)

    def reprocessable(self):
        """Messages another run could change: not yet in an entry, and not acted upon.

        An unsubscribe request already paused someone (running it again would
        pause them after they resumed), a discarded reply was its owner's
        choice, and a duplicate's original is already stored.
        """
        Reason = InboundMessage.Reason
        return (
            self.exclude(state=InboundMessage.State.ACCEPTED)
            .exclude(reason__in=[Reason.DISCARDED, Reason.UNSUBSCRIBE, Reason.DUPLICATE])
            .exclude(raw=None, payload=None)
        )


class InboundMessage(models.Model):
    """One email that arrived for Daybook, kept before anything else is done with it.

    Every way in (a provider's webhook, the `receive_email` command, the dev
    mailbox) stores the message here first, so that nothing is lost if a later
    step fails; then the pipeline in entries/mail/pipeline.py moves it to a final
    state and records why.
    """

    class State(models.TextChoices):
        RECEIVED = "received", "Received"
        ACCEPTED = "accepted", "Accepted"
        HELD = "held", "Held for review"
        IGNORED = "ignored", "Ignored"
        REJECTED = "rejected", "Rejected"

    class Reason(models.TextChoices):
        # A fixed list, so staff can filter by it and code can act on it.
        NEW = "", "Not processed yet"
        PROCESSING_FAILED = "processing failed", "Processing failed; will be retried"
        APPENDED = "appended", "Added to the day's entry"
        ACCEPTED_ON_REVIEW = "accepted on review", "Added to the entry by its owner"
        UNVERIFIED_SENDER = "unverified sender", "Sender is not a verified address of the account"
        AUTHENTICATION_FAILED = "authentication failed", "DMARC, SPF or DKIM check failed"
        UNAUTHENTICATED = "unauthenticated", "No proof it was sent from its From address"
        ENVELOPE_MISMATCH = "envelope mismatch", "Its return path is another domain than its From"
        LATE_REPLY = "late reply", "It came after its reply address had expired"
        SPAM = "spam", "Flagged as spam"
        EMPTY = "empty", "No new text in the reply"
        AUTOMATIC = "automatic", "Automatic reply or bounce"
        MAILING_LIST = "mailing list", "Mailing-list mail"
        DUPLICATE = "duplicate", "Duplicate of a reply already stored"
        UNSUBSCRIBE = "unsubscribe request", "Unsubscribe request"
        DISCARDED = "discarded", "Discarded by its owner"
        UNKNOWN_RECIPIENT = "unknown recipient", "No prompt matches the recipient"
        ACCOUNT_CLOSED = "account closed", "The account is no longer active"
        NO_SENDER = "no sender", "No From address"
        UNPARSEABLE = "unparseable", "Not a readable email message"
        TOO_LARGE = "too large", "Larger than the size limit"
        UNREADABLE_PAYLOAD = "unreadable payload", "The provider's request could not be read"
        NO_EMAIL = "no email", "The provider's request held no email"
        UNPROCESSABLE = "unprocessable", "Could not be processed; kept for staff"
        EXPIRED = "expired", "Not processed within the retention period"
        # Held, not rejected: the reply is the owner's writing. Its text waits
        # whole on the review page until they make room in the entry.
        TOO_LONG = "too long", "Would make the day's entry longer than 100,000 characters"
        OUT_OF_RANGE = "day out of range", "Its day is outside the journal (1900 to tomorrow)"

    raw = models.BinaryField(null=True, help_text="The message as received (RFC 5322).")
    # A webhook keeps the provider's request as it came; the worker reads the
    # message out of it (entries/mail/payloads.py) into raw.
    payload = models.BinaryField(null=True, help_text="A webhook request's body, as received.")
    payload_headers = models.JSONField(
        default=dict, blank=True, help_text="The request's headers, without its credentials."
    )
    payload_digest = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the payload, to keep a retry once."
    )
    size = models.PositiveBigIntegerField(default=0, help_text="Bytes, even when not kept.")
    provider = models.CharField(max_length=30, help_text="The way in, e.g. postmark or pipe.")
    event_id = models.CharField(max_length=255, blank=True)
    recipient = models.CharField(max_length=320, blank=True, help_text="Envelope recipient.")
    envelope_sender = models.CharField(
        max_length=320, blank=True, help_text="'<>' for the null sender of bounces."
    )
    sender = models.CharField(max_length=320, blank=True, help_text="The From address.")
    message_id = models.CharField(max_length=998, blank=True, db_index=True)
    provider_verdict = models.CharField(
        max_length=100, blank=True, help_text="The provider's own spam or authentication verdict."
    )
    received = models.DateTimeField(default=now, db_index=True)
    processed = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State, default=State.RECEIVED)
    reason = models.CharField(max_length=30, choices=Reason, default=Reason.NEW, blank=True)
    prompt = models.ForeignKey(
        Prompt, null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    # A person's mail goes when they do.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="inbound_messages",
    )
    entry = models.ForeignKey(
        Entry, null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    text = models.TextField(blank=True, help_text="The new text, kept while held for review.")
    notified = models.DateTimeField(null=True, blank=True, help_text="When the owner was told.")

    objects = InboundMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-received"]
        indexes = [models.Index(fields=["user", "state"])]
        constraints = [
            # Provider retries carry the same event id: keep the message once.
            models.UniqueConstraint(
                fields=["provider", "event_id"],
                condition=~models.Q(event_id=""),
                name="one_message_per_provider_event",
            ),
            # A retried request is the same bytes, before anything is read from it.
            models.UniqueConstraint(
                fields=["provider", "payload_digest"],
                condition=~models.Q(payload_digest=""),
                name="one_message_per_provider_payload",
            ),
            # A reply delivered twice must not be added to the entry twice.
            models.UniqueConstraint(
                fields=["user", "message_id"],
                condition=models.Q(state="accepted"),
                name="one_accepted_reply_per_message_id",
            ),
        ]

    def __str__(self):
        return f"Inbound message {self.pk} ({self.state})"

    @property
    def is_final(self):
        return self.state != self.State.RECEIVED

    # Everything processing decides; the raw message, often the largest row, is never rewritten.
    OUTCOME_FIELDS = [
        "sender",
        "message_id",
        "prompt",
        "user",
        "entry",
        "state",
        "reason",
        "text",
        "processed",
    ]

    def finish(self, state, reason, text=""):
        """Record where the message ends up and why (text: what a held reply said)."""
        self.state, self.reason, self.text = state, reason, text
        self.save(update_fields=self.OUTCOME_FIELDS)

    def keep_for_retry(self):
        """Leave the message received, to be processed again (the task's retry, the sweep).

        Only the state and the reason are written: a value read from the
        message may be what failed to save.
        """
        self.state, self.reason = self.State.RECEIVED, self.Reason.PROCESSING_FAILED
        self.save(update_fields=["state", "reason"])

    def append(self, text, reason, keep_files=None):
        """Add text to the day's entry and accept the message, unless it is already there.

        A reply delivered twice at once gets past every check but this one:
        the constraint on accepted Message-IDs stops the second copy, which
        ends as a duplicate.
        """
        try:
            with transaction.atomic():
                self.entry = Entry.objects.add_to_day(self.user, self.prompt.date, text)
                if keep_files is not None:
                    keep_files(self.entry)
                self.finish(self.State.ACCEPTED, reason)
        except IntegrityError:
            self.entry = None
            self.finish(self.State.IGNORED, self.Reason.DUPLICATE)

    def is_duplicate(self):
        """Whether this reply (same Message-ID) is already in the journal or awaiting review."""
        return (
            type(self)
            .objects.filter(
                user=self.user,
                message_id=self.message_id,
                state__in=[self.State.ACCEPTED, self.State.HELD],
            )
            .exclude(pk=self.pk)
            .exists()
        )

    def accept(self, keep_files=None):
        """Add a held reply to its day's entry, on its owner's word. False if it brings nothing.

        `keep_files(entry)`, when given, keeps the reply's photos and files on
        that entry (the mail wing reads them from the raw message).
        """
        if not self.text.strip() and keep_files is None:
            return False
        with transaction.atomic():
            # A second click, or reprocessing at the same moment, must not
            # add the same reply twice: only a row still held is accepted.
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            if locked.state != self.State.HELD:
                self.refresh_from_db()
                return True
            self.append(self.text, self.Reason.ACCEPTED_ON_REVIEW, keep_files)
        return True

    def discard(self):
        self.finish(self.State.IGNORED, self.Reason.DISCARDED)
