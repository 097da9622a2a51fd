"""The send_prompts command: one synchronous pass, as of now or a given instant."""

import datetime as dt
from io import StringIO

import pytest
from anymail.exceptions import AnymailAPIError
from django.core.management import CommandError, call_command

from accounts.tests.factories import UserFactory
from entries.management.commands.send_prompts import Command
from entries.models import Prompt

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def run(*args):
    out = StringIO()
    call_command("send_prompts", *args, stdout=out)
    return out.getvalue()


def scheduled_people(count, timezone="Europe/Paris"):
    people = UserFactory.create_batch(count, timezone=timezone)
    for user in people:
        user.schedule_next_prompt(dt.datetime(2026, 11, 27, 12, tzinfo=UTC))
        user.save()
    return people


def test_sends_due_prompts_and_says_how_many(mailoutbox):
    """Run at 20:00 Paris time, the command sends each Parisian's prompt and prints the count."""
    scheduled_people(3)
    scheduled_people(2, timezone="America/New_York")
    assert run("--now", "2026-11-27T19:00:00Z") == "Sent 3 prompts.\n"
    assert len(mailoutbox) == 3


def test_a_second_run_at_the_same_instant_sends_nothing(mailoutbox):
    """Running it again as of the same instant sends no second prompt."""
    scheduled_people(1)
    assert run("--now", "2026-11-27T20:00:00+01:00") == "Sent 1 prompt.\n"
    assert run("--now", "2026-11-27T20:00:00+01:00") == "Sent 0 prompts.\n"
    assert len(mailoutbox) == 1


def test_writes_one_eml_file_per_due_person(settings, tmp_path):
    """With the file provider, one .eml per due person, and none on a rerun."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "project.email_backends.EmlFileBackend",
            "OPTIONS": {"file_path": tmp_path},
        }
    }
    scheduled_people(4)
    run("--now", "2026-11-27T19:00Z")
    run("--now", "2026-11-27T19:00Z")
    files = list(tmp_path.glob("*.eml"))
    assert len(files) == 4
    assert all(b"How was your day?" in file.read_bytes() for file in files)


def test_prompts_the_provider_refuses_are_left_to_retries(monkeypatch, mailoutbox):
    """If sending fails, the command says so and the prompt is queued for the worker."""
    scheduled_people(1)

    def down(prompt):
        raise AnymailAPIError("down")

    monkeypatch.setattr("entries.prompts.emails.send_prompt", down)
    output = run("--now", "2026-11-27T19:00Z")
    assert output == "Sent 0 prompts.\n1 could not be sent now and were queued for retry.\n"
    assert Prompt.objects.get().status == "queued"


@pytest.mark.parametrize(
    ("value", "message"),
    [("tomorrow", "must be an ISO 8601 instant"), ("2026-11-27T19:00", "has no offset")],
)
def test_a_bad_instant_is_refused_clearly(value, message):
    """A --now that is not an ISO 8601 instant with an offset stops with a clear message."""
    with pytest.raises(CommandError, match=message):
        run("--now", value)


def test_a_bad_instant_on_the_command_line_prints_usage_not_a_traceback(capsys):
    """From a shell, a garbled --now prints the usage and a clear reason, and exits with 2."""
    with pytest.raises(SystemExit) as stopped:
        Command().run_from_argv(["manage.py", "send_prompts", "--now", "garbage"])
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert "usage: manage.py send_prompts" in error
    reason = "argument --now: must be an ISO 8601 instant such as 2026-11-27T19:00Z, not 'garbage'."
    assert reason in error
    assert "Traceback" not in error


def test_without_now_it_uses_the_clock(mailoutbox):
    """With no --now the pass runs as of the current time."""
    assert run() == "Sent 0 prompts.\n"
