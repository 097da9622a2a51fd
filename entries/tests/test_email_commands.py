import datetime as dt

import pytest

from entries import email_commands
from entries.email_commands import Command


@pytest.mark.parametrize(
    ("line", "kind", "days", "day"),
    [
        ("skip", "skip", None, None),
        ("Skip.", "skip", None, None),
        ("skip 3 days", "skip", 3, None),
        ("skip 1 day", "skip", 1, None),
        ("pause", "pause", None, None),
        ("PAUSE 7 days", "pause", 7, None),
        ("pause until 2027-01-10", "pause", None, dt.date(2027, 1, 10)),
        ("resume", "resume", None, None),
        ("date: 2026-11-20", "date", None, dt.date(2026, 11, 20)),
        ("Date:2026-11-20", "date", None, dt.date(2026, 11, 20)),
        ("yesterday", "yesterday", None, None),
    ],
)
def test_every_command_is_read(line, kind, days, day):
    """Each command is understood whatever its case, spacing or full stop."""
    assert email_commands.parse_line(line) == Command(kind=kind, days=days, day=day, line=line)


@pytest.mark.parametrize(
    "line",
    [
        "Skipped lunch today",
        "skip the gym",
        "pause 0 days",
        "pause 900 days",
        "date: 2026-02-30",
        "yesterday was long",
        "resume " + "x" * 50,
    ],
)
def test_anything_else_is_text(line):
    """A line that is not a whole command, or names no real day, is just text."""
    assert email_commands.parse_line(line) is None


def test_commands_are_taken_off_the_top_of_the_reply():
    """Command lines at the top are read and removed; the rest is the entry."""
    steering = email_commands.read("\nyesterday\npause 3 days\n\nA long walk.\nskip")
    assert [command.kind for command in steering.commands] == ["yesterday", "pause"]
    assert steering.text == "A long walk.\nskip"


def test_a_reply_without_commands_is_left_as_it_is():
    """Text that starts with no command comes back untouched."""
    assert email_commands.read("Skip it.\nResume") == email_commands.Steering(
        text="Skip it.\nResume"
    )


def test_only_the_first_few_lines_are_read():
    """A wall of command lines is read for its first three; the rest stays text."""
    steering = email_commands.read("skip\n" * 10)
    assert len(steering.commands) == 3
    assert steering.text == "\n".join(["skip"] * 7)
