"""Property tests: whatever arrives, the pipeline ends it in a recorded state and never bounces it
wrongly. A small, fixed sample of bench/fuzz_mail.py's kinds, for every CI run; the harness
in bench/ runs thousands on PostgreSQL."""

import contextlib
import io
import random
import sys

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import fuzz_mail
from entries.mail import pipeline
from entries.models import InboundMessage
from entries.tests.factories import PromptFactory

pytestmark = pytest.mark.django_db

# Deterministic and bounded for CI: the same examples every run, a few dozen each, and no
# clock (speed is the bench's business). The database fixture spans a test's examples, so
# every message lands next to the ones before it, as in production.
CI = settings(
    derandomize=True,
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ALLOWED_EXITS = {0, 65, 67, 75}
# Kinds that stay small (the flood, nesting and huge-header kinds run in the bench).
CHEAP_KINDS = [
    "valid",
    "random-bytes",
    "headers-then-random-bytes",
    "truncated",
    "bad-charset",
    "bad-encoding",
    "nul-bytes",
    "no-message-id",
    "mangled",
]

odd_text = st.text(
    alphabet=st.characters(codec=None, exclude_categories=["Cs"]) | st.sampled_from("\x00\r\n=?"),
    max_size=300,
)


@pytest.fixture
def target():
    prompt = PromptFactory()
    return fuzz_mail.Target(prompt.token, prompt.user.email, prompt.message_id)


@st.composite
def hostile(draw, target):
    """Raw bytes of a message: one of the corpus' kinds, or a reply with drawn parts."""
    if draw(st.booleans()):
        kind = draw(st.sampled_from(CHEAP_KINDS))
        rng = random.Random(draw(st.integers(0, 2**32)))
        return fuzz_mail.KINDS[kind][0](rng, target, draw(st.integers(0, 10**6)))
    charset = draw(st.sampled_from(["utf-8", "undefined", "x-unknown", "utf-7", "latin-1", ""]))
    return fuzz_mail.reply(
        target,
        draw(odd_text | st.binary(max_size=300)),
        number=draw(st.integers(0, 10**6)),
        from_=draw(st.sampled_from([None, ""]) | odd_text.map(lambda t: f"{t} <{target.sender}>")),
        message_id=draw(st.sampled_from([None, ""]) | odd_text.map(lambda t: f"<{t}@x>")),
        content_type=f"text/plain; charset={charset}",
        encoding=draw(st.sampled_from(["8bit", "base64", "quoted-printable", ""])),
        headers=[("Subject", draw(odd_text))],
    )


def final(message):
    message.refresh_from_db()
    return message.state != InboundMessage.State.RECEIVED and bool(message.reason)


@CI
@given(data=st.data())
def test_every_message_ends_in_a_final_state_with_a_reason(target, data):
    """Any message kept and processed ends accepted, held, ignored or rejected, with a reason."""
    message = pipeline.keep(data.draw(hostile(target)), provider="test")
    pipeline.process(message)
    assert final(message)


@CI
@given(data=st.data())
def test_receive_email_exits_only_with_a_mail_server_code(target, data):
    """The pipe answers every message with 0, 65, 67 or 75, and never lets an error out."""
    raw = data.draw(hostile(target))
    assert pipe(raw, f"{target.token}@reply.localhost") in ALLOWED_EXITS


@CI
@given(data=st.data())
def test_receive_email_leaves_every_message_in_a_final_state(target, data):
    """After the pipe answers, the message it kept is in a final state."""
    pipe(data.draw(hostile(target)), f"{target.token}@reply.localhost")
    assert final(InboundMessage.objects.latest("pk"))


def pipe(raw, recipient):
    """receive_email's exit code for the message on its standard input."""
    old = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(raw))
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            call_command("receive_email", recipient=recipient)
    except SystemExit as exit:
        return exit.code
    finally:
        sys.stdin = old
    return 0


# The failure classes the fuzz harness found, one message each, so a fix can be seen to work.


@pytest.mark.parametrize(
    "charset",
    [
        "undefined",  # Python's codec raises UnicodeError, which is not UnicodeDecodeError
        "utf-8\x00",  # a NUL in the charset name: ValueError from bytes.decode
    ],
)
def test_a_reply_in_a_charset_python_refuses_ends_in_a_final_state(target, charset):
    """Found by the fuzz harness: these charsets raised out of extraction."""
    raw = fuzz_mail.reply(target, "Caf\u00e9.", content_type=f"text/plain; charset={charset}")
    message = pipeline.keep(raw, provider="test")
    with contextlib.suppress(Exception):
        pipeline.process(message)
    assert final(message)


@pytest.mark.parametrize(
    ("body", "message_id"),
    [
        ("Day\x00with NULs.", None),
        ("Clean.", "<nul\x00id@fuzz.example>"),
        ("Clean.", f"<{'m' * 2000}@fuzz.example>"),
    ],
    ids=["nul-in-text", "nul-in-message-id", "message-id-over-998"],
)
def test_values_postgresql_cannot_store_still_end_in_a_final_state(target, body, message_id):
    """Found by the fuzz harness on PostgreSQL: saving the outcome failed on the same value."""
    message = pipeline.keep(fuzz_mail.reply(target, body, message_id=message_id), provider="test")
    with contextlib.suppress(Exception):
        pipeline.process(message)
    assert final(message)
