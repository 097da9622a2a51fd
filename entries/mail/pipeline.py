"""How an email that arrives becomes part of someone's journal.

Every way in (a provider's webhook, `manage.py receive_email`, the dev mailbox)
calls the same two functions:

1. :func:`keep` stores the message exactly as it came, before anything else,
   so that no later failure can lose it.
2. :func:`process` takes it through the pipeline and leaves it in a final,
   recorded state with its reason:

   identify (which prompt, so whose journal and which day) →
   authenticate (is it really that person) →
   extract (only the new text) →
   store (append to the day's entry, once: InboundMessage.append) →
   notify (tell the owner when a reply is held for review).

Every outcome is recorded by InboundMessage.finish, the one place a
message's state changes, also used when its owner reviews a held reply.

Journal text and addresses never go into the log: log lines name messages
and users by id.
"""

import datetime as dt
import hashlib
import logging
import traceback
from email import policy
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, DataError, IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone

from accounts.models import User
from entries import limits
from entries.mail import attachments, authentication, mime, payloads, reply_body
from entries.models import InboundMessage, Prompt

logger = logging.getLogger(__name__)

# Sent with user_id= once a reply held for review has committed, at most once
# a day per person; entries/receivers.py queues the email that tells them.
reply_held = Signal()
# Sent with message_id= for each further email a provider posted in the same
# request, once it is kept; entries/receivers.py queues its processing.
another_email_kept = Signal()

State = InboundMessage.State
Reason = InboundMessage.Reason

# Most providers refuse more; a message this size is not a journal entry.
MAX_MESSAGE_BYTES = 25 * 1024 * 1024

# The unsubscribe link in every prompt mails this local part (plus a signed value).
UNSUBSCRIBE_LOCAL_PART = "unsubscribe"


# 1. Keep first


def keep(raw, *, provider, event_id="", recipient="", envelope_sender="", verdict="", size=None):
    """Store one message as received and return it, ready for :func:`process`.

    A provider that retries an event it already delivered gets the stored
    message back rather than a second copy. A message over the size limit is
    recorded, rejected, without its body.
    """
    size = len(raw) if size is None else size
    event_id = clean(event_id, 255)
    fields = {
        "raw": raw,
        "size": size,
        "recipient": clean(recipient, 320),
        "envelope_sender": clean(envelope_sender, 320),
        "provider_verdict": clean(verdict, 100),
    }
    if size > MAX_MESSAGE_BYTES:
        fields.update(
            raw=None, state=State.REJECTED, reason=Reason.TOO_LARGE, processed=timezone.now()
        )
    if not event_id:
        return InboundMessage.objects.create(provider=provider, **fields)
    # Insert first: a retry is the exception, and one statement is the fastest commit.
    try:
        with transaction.atomic():
            return InboundMessage.objects.create(provider=provider, event_id=event_id, **fields)
    except IntegrityError:
        return InboundMessage.objects.get(provider=provider, event_id=event_id)


def keep_payload(body, *, provider, headers, size=None):
    """Store an authenticated webhook request's body as it came, for the worker to read.

    A provider retrying a request sends the same bytes, so they are kept once.
    A body over the webhook's size limit comes as None: recorded, rejected.
    """
    if body is None:
        return InboundMessage.objects.create(
            provider=provider,
            payload_headers=headers,
            size=size or 0,
            state=State.REJECTED,
            reason=Reason.TOO_LARGE,
            processed=timezone.now(),
        )
    digest = hashlib.sha256(body).hexdigest()
    try:
        with transaction.atomic():
            return InboundMessage.objects.create(
                provider=provider,
                payload=body,
                payload_headers=headers,
                payload_digest=digest,
                size=len(body),
            )
    except IntegrityError:
        return (
            InboundMessage.objects.only("state")
            .filter(provider=provider, payload_digest=digest)
            .get()
        )


def clean(value, limit):
    """Text the database will store: no NUL bytes or lone surrogates, at most `limit` long.

    PostgreSQL refuses both in text; without this one odd header would fail
    the same save on every retry.
    """
    value = value.replace("\x00", "")
    value = value.encode("utf-8", "replace").decode("utf-8")
    return value[:limit]


# 2. The pipeline


def process(message, *, again=False):
    """Move a kept message to its final state, and return it.

    Finished messages are left alone unless `again` is set (reprocessing after
    the extractor improved); an accepted message is never processed twice, so
    no reply is ever added to an entry twice.
    """
    if not _worth_processing(message, again):
        return message
    if message.raw is None:
        return _unpack(message, again)
    try:
        # One transaction: one commit per message, and no half-recorded outcome.
        with transaction.atomic():
            # The copy in hand may be stale: a provider's retry, the sweep and
            # reprocessing can each hold the same message. Decide on the row
            # as it is now, locked, so only one of them ever appends it.
            fresh = InboundMessage.objects.select_for_update().get(pk=message.pk)
            if not _worth_processing(fresh, again):
                message.refresh_from_db()
                return message
            message.refresh_from_db()
            was_held = message.state == State.HELD
            state, reason, text = _decide_or_reject(message)
            message.processed = timezone.now()
            if state == State.ACCEPTED:
                _store(message, text)
            else:
                message.finish(state, reason, text)
            if message.state == State.HELD and not was_held:
                _notify_owner(message)
    except DataError as error:
        # The database refused a value from the message: trying again would
        # fail the same way, so the message ends here, kept for staff.
        _log_failure(message, error)
        _give_up(message)
    except Exception as error:
        # Kept, not lost: the message stays "received" and is tried again by
        # the task's retry, the periodic sweep or reprocess_inbound.
        _log_failure(message, error)
        message.keep_for_retry()
        raise
    logger.info(
        "Inbound message %s for user %s: %s (%s)",
        message.pk,
        message.user_id,
        message.state,
        message.reason or "-",
    )
    return message


def _decide_or_reject(message):
    """_decide, where anything but the database failing ends the message as rejected.

    A message that breaks the pipeline (a parser's RecursionError, a codec
    error no one foresaw) breaks it every time: retrying would only fill the
    log. Rejected, it stays kept and reprocess_inbound can take it again once
    the code is fixed.
    """
    try:
        return _decide(message)
    except DatabaseError:
        raise
    except Exception as error:
        _log_failure(message, error)
        message.sender = message.message_id = ""
        return State.REJECTED, Reason.UNPROCESSABLE, ""


def _finish(message, state, reason, text=""):
    """Record an outcome (InboundMessage.finish), stamped as processed now."""
    message.processed = timezone.now()
    message.finish(state, reason, text)


def _give_up(message):
    message.sender = message.message_id = message.text = ""
    message.entry = None
    _finish(message, State.REJECTED, Reason.UNPROCESSABLE, "")


def _unpack(message, again):
    """Read a kept webhook request into its message(s), then process them.

    The request's first email goes into this record; any further one (some
    providers post several in one request) gets a record of its own. A
    request that cannot be read ends rejected, its body kept for staff.
    """
    try:
        emails = payloads.read(message.provider, bytes(message.payload), message.payload_headers)
    except payloads.Unreadable as error:
        logger.warning(
            "Inbound message %s: the %s request could not be read: %s",
            message.pk,
            message.provider,
            error,
        )
        _finish(message, State.REJECTED, Reason.UNREADABLE_PAYLOAD, "")
        return message
    if not emails:
        # A subscription check or a tracking event sent to the inbound address.
        _finish(message, State.IGNORED, Reason.NO_EMAIL, "")
        return message
    first, *others = emails
    for email in others:
        other = keep(email.raw, provider=message.provider, **_envelope(email))
        if not other.is_final:
            another_email_kept.send(sender=InboundMessage, message_id=other.pk)
    if not _fill(message, first):
        return message
    return process(message, again=again)


def _envelope(email):
    return {
        "event_id": email.event_id,
        "recipient": email.recipient,
        "envelope_sender": email.envelope_sender,
        "verdict": email.verdict,
    }


def _fill(message, email):
    """Put the email read from the request into its record; False if it is already stored."""
    message.raw, message.size = email.raw, len(email.raw)
    message.event_id = clean(email.event_id, 255)
    message.recipient = clean(email.recipient, 320)
    message.envelope_sender = clean(email.envelope_sender, 320)
    message.provider_verdict = clean(email.verdict, 100)
    fields = ["raw", "size", "event_id", "recipient", "envelope_sender", "provider_verdict"]
    if message.size > MAX_MESSAGE_BYTES:
        message.raw = message.payload = None
        message.state, message.reason = State.REJECTED, Reason.TOO_LARGE
        message.processed = timezone.now()
        fields += ["payload", "state", "reason", "processed"]
    try:
        with transaction.atomic():
            message.save(update_fields=fields)
    except IntegrityError:
        # The provider delivered this event before, in a request not byte for
        # byte the same: that copy is the one kept.
        message.raw = message.payload = None
        message.event_id = ""
        message.state, message.reason = State.IGNORED, Reason.DUPLICATE
        message.processed = timezone.now()
        message.save(update_fields=[*fields, "payload", "state", "reason", "processed"])
        return False
    return not message.is_final


def _worth_processing(message, again):
    """Accepted messages are done for good; other final ones only when asked again."""
    if message.state == State.ACCEPTED or (message.raw is None and message.payload is None):
        return False
    return again or not message.is_final


def _log_failure(message, error):
    # The error's type and where it happened, not its message: that can quote
    # the text that failed to parse.
    where = "".join(traceback.format_tb(error.__traceback__))
    logger.error(
        "Inbound message %s could not be processed: %s\n%s",
        message.pk,
        type(error).__name__,
        where,
    )


def _decide(message):
    """The state a message should end in, its reason, and its new text."""
    email = parse(bytes(message.raw))
    if email is None:
        return State.REJECTED, Reason.UNPARSEABLE, ""
    message.sender = clean(mime.sender(email), 320)
    message.message_id = _message_id(email)

    if mime.is_automatic(email, message.envelope_sender):
        return State.IGNORED, Reason.AUTOMATIC, ""
    if mime.is_list_mail(email):
        return State.IGNORED, Reason.MAILING_LIST, ""
    unsubscribe_tokens = list(_unsubscribe_tokens(email, message.recipient))
    if unsubscribe_tokens:
        return _unsubscribe(message, unsubscribe_tokens)

    message.prompt = identify(email, message.recipient)
    if message.prompt is None:
        return State.REJECTED, Reason.UNKNOWN_RECIPIENT, ""
    message.user = message.prompt.user
    if not message.user.is_active:
        return State.REJECTED, Reason.ACCOUNT_CLOSED, ""
    if not message.sender:
        return State.REJECTED, Reason.NO_SENDER, ""

    doubt = authenticate(email, message)
    text = clean(extract(email), len(message.raw))
    if not doubt and (text or attachments.worth_keeping(email)):
        # A second copy of an accepted reply is stopped by a database
        # constraint when it is appended (InboundMessage.append), without a query here.
        return State.ACCEPTED, Reason.APPENDED, text
    if message.is_duplicate():
        return State.IGNORED, Reason.DUPLICATE, ""
    return State.HELD, doubt or Reason.EMPTY, text


def parse(raw):
    """The message as an EmailMessage, or None when it is not an email at all.

    The compat32 policy leaves headers as the text that came, where the
    default policy models every header it is asked for, at ten times the
    cost. Daybook reads addresses and a few flags, never display names, so
    the text is all it needs; get_body() and the part helpers work the same.
    """
    try:
        email = BytesParser(_class=mime.Message, policy=policy.compat32).parsebytes(raw)
    except Exception:  # the parser is lenient; anything it raises means garbage
        return None
    # Without a single header line there is nothing to say who it is from or for.
    if not email.keys():
        return None
    return email


def _message_id(email):
    """The Message-ID, or a fingerprint of the content when it has none (or an unusable one)."""
    found = mime.message_id(email)
    if not found:
        return fingerprint(email)
    if len(found) > _MAX_MESSAGE_ID or clean(found, _MAX_MESSAGE_ID) != found:
        # Still the same key for every copy, in a form the column holds.
        return _hashed_id(found.encode("utf-8", "surrogateescape"))
    return found


# RFC 5322 lines (and the column) hold 998 characters.
_MAX_MESSAGE_ID = 998


def fingerprint(email):
    """A key that spots a second delivery of a message that has no Message-ID.

    It must be the same whichever way the message came: raw through the pipe,
    or rebuilt by anymail from a provider's JSON, with new MIME boundaries,
    other header folding and encodings. So it hashes what both say, in a
    canonical form: the Date (as an instant), the From and To addresses, the
    decoded Subject, and the text (plain, else HTML) with line ends and
    trailing spaces normalised.
    """
    canonical = "\n".join(
        [
            _instant(mime.header(email, "Date")),
            mime.sender(email).lower(),
            ",".join(sorted(address.lower() for address in mime.addresses(email, "To"))),
            _collapse(mime.decoded_header(email, "Subject")),
            _body_text(email),
        ]
    )
    return _hashed_id(canonical.encode("utf-8", "surrogateescape"))


def _hashed_id(data):
    return f"<sha256-{hashlib.sha256(data).hexdigest()}@daybook.invalid>"


def _instant(date):
    try:
        moment = parsedate_to_datetime(date)
    except (TypeError, ValueError, IndexError, OverflowError):
        return _collapse(date)
    if moment.tzinfo is None:  # "-0000": the time is UTC, its zone unknown
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat()


def _collapse(text):
    return " ".join(text.split())


def _body_text(email):
    part = email.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    lines = mime.decoded_text(part).split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


# Identify


def identify(email, envelope_recipient):
    """The prompt this message answers, from its address or else its thread headers."""
    prompts = Prompt.objects.select_related("user")
    # A reply has a handful of recipients and references; a message with
    # thousands must not become a query past the database's parameter limit.
    tokens = list(dict.fromkeys(_reply_tokens(email, envelope_recipient)))[:_MAX_LOOKUPS]
    if tokens:
        found = {prompt.token: prompt for prompt in prompts.filter(token__in=tokens)}
        for token in tokens:
            if token in found:
                return found[token]
    ids = mime.thread_ids(email)[:_MAX_LOOKUPS]
    if ids:
        return prompts.filter(message_id__in=ids).first()
    return None


_MAX_LOOKUPS = 100


def _local_parts(email, envelope_recipient):
    """Local parts of every recipient at Daybook's inbound domain, envelope first."""
    domain = settings.INBOUND_EMAIL_DOMAIN.lower()
    addresses = [envelope_recipient, *mime.recipients(email)]
    for address in addresses:
        local, _, address_domain = address.strip().rpartition("@")
        if local and address_domain.lower() == domain:
            yield local.lower()


def _reply_tokens(email, envelope_recipient):
    for local in _local_parts(email, envelope_recipient):
        # Some providers add a "+tag"; the token is what comes before it.
        yield local.split("+", 1)[0]


def _unsubscribe_tokens(email, envelope_recipient):
    """The signed values of unsubscribe+<value>@ addresses the message was sent to."""
    for local in _local_parts(email, envelope_recipient):
        name, _, token = local.partition("+")
        if name == UNSUBSCRIBE_LOCAL_PART:
            yield token


def _unsubscribe(message, tokens):
    """Pause the prompts of whoever the signed value names (RFC 8058's mailto route).

    The signed value is the proof, as it is for the HTTPS link: the mail
    client sends it without the person writing anything.
    """
    for token in tokens:
        user = User.objects.from_unsubscribe_token(token)
        if user is not None:
            message.user = user
            user.pause_prompts()
            user.save(update_fields=User.SCHEDULE_STATE)
            logger.info("Paused prompts for user %s by unsubscribe email", user.pk)
            return State.IGNORED, Reason.UNSUBSCRIBE, ""
    return State.REJECTED, Reason.UNKNOWN_RECIPIENT, ""


# Authenticate


def authenticate(email, message):
    """Why this message cannot be trusted to be its owner's, or "" when it can.

    Held unless there is positive evidence that the From address sent it
    (entries/mail/authentication.py), and only while its reply address is valid.
    """
    verified = message.user.emailaddress_set.filter(
        email__iexact=message.sender, verified=True
    ).exists()
    if not verified:
        return Reason.UNVERIFIED_SENDER
    if not message.prompt.expects_replies_at(message.received):
        return Reason.LATE_REPLY
    evidence = authentication.authenticate(
        email,
        provider_verdict=message.provider_verdict,
        envelope_sender=message.envelope_sender,
        raw=message.raw,
    )
    # A failing verdict is enough to hold: a forger gains nothing by adding one.
    if evidence.failed:
        return Reason.AUTHENTICATION_FAILED
    if evidence.spam or mime.is_flagged_as_spam(email):
        return Reason.SPAM
    if evidence.envelope_mismatch:
        return Reason.ENVELOPE_MISMATCH
    if not evidence.passed:
        return Reason.UNAUTHENTICATED
    return ""


# Extract


def extract(email):
    """Only the new text of the reply (entries/mail/reply_body.py chooses and reads the part)."""
    return reply_body.new_text(email)


# Store


def _store(message, text):
    """Add the text to the day's entry, unless this reply is already in it.

    A reply the entry cannot take (it would pass the entry's length limit, or
    its prompt's day is outside the journal) is held with its whole text and
    the reason: it is the owner's writing, so it is neither cut nor dropped,
    and only the owner can decide what to shorten or where else it belongs.
    """
    try:
        message.append(text, Reason.APPENDED, attachments.keeper(message))
    except (limits.TooLong, limits.OutOfRange) as error:
        message.entry = None
        if message.is_duplicate():
            message.finish(State.IGNORED, Reason.DUPLICATE)
        elif isinstance(error, limits.TooLong):
            message.finish(State.HELD, Reason.TOO_LONG, text)
        else:
            message.finish(State.HELD, Reason.OUT_OF_RANGE, text)


# Notify


def _notify_owner(message):
    """Tell the owner a reply waits for review, at most once on any of their days."""
    user = message.user
    local_now = timezone.localtime(timezone.now(), ZoneInfo(user.timezone))
    start_of_day = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    told_today = (
        InboundMessage.objects.filter(user=user, notified__gte=start_of_day)
        .exclude(pk=message.pk)
        .exists()
    )
    if told_today:
        return
    message.notified = timezone.now()
    message.save(update_fields=["notified"])
    transaction.on_commit(lambda: reply_held.send(sender=InboundMessage, user_id=user.pk))
