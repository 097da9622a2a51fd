"""Steering Daybook by email: the command line a reply may start with.

A reply whose first lines are commands, each on a line of its own, changes
the person's schedule or the day the reply is filed on:

    skip                    no prompt tomorrow
    skip 3 days             no prompt for the next three days
    pause                   no prompts until "resume"
    pause 7 days            no prompts for a week
    pause until 2027-01-10  no prompts until that day
    resume                  prompts again, on the person's own schedule
    date: 2026-11-20        file this reply on that day
    yesterday               file this reply on yesterday

Only lines that are a whole command count; "Skipped lunch today" is text.
The command lines are taken out of the reply, and what follows them is the
entry. This module only reads: what a command does is up to the caller,
on an accepted reply only (entries/steering.py). Plain Python, bounded: it
reads at most the first few lines, and each only up to a short length.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

# Commands come first; a reply's first few lines are where anyone would put them.
MAX_COMMAND_LINES = 3
# Every command fits in this; a longer line is text without being matched.
MAX_COMMAND_CHARS = 40
# A skip or a pause counted in days goes this far at most.
MAX_DAYS = 400

_NUMBER_OF_DAYS = r"(?P<days>\d{1,3})\s+days?"
_PATTERNS = [
    ("skip", re.compile(rf"skip(?:\s+{_NUMBER_OF_DAYS})?")),
    ("pause", re.compile(rf"pause(?:\s+{_NUMBER_OF_DAYS}|\s+until\s+(?P<day>\d{{4}}-\d\d-\d\d))?")),
    ("resume", re.compile(r"resume")),
    ("date", re.compile(r"date\s*:\s*(?P<day>\d{4}-\d\d-\d\d)")),
    ("yesterday", re.compile(r"yesterday")),
]


@dataclass(frozen=True)
class Command:
    """One command: its kind, and a number of days or a day where it takes one."""

    kind: str
    days: int | None = None
    day: dt.date | None = None
    line: str = ""


@dataclass(frozen=True)
class Steering:
    """What a reply asked: its commands, and the text left for the journal."""

    commands: list[Command] = field(default_factory=list)
    text: str = ""


def read(text):
    """The commands at the top of a reply's text, and the text without them."""
    lines = text.splitlines()
    commands = []
    index = 0
    while index < len(lines) and len(commands) < MAX_COMMAND_LINES:
        line = lines[index].strip()
        if line:
            command = parse_line(line)
            if command is None:
                break
            commands.append(command)
        index += 1
    if not commands:
        return Steering(text=text)
    return Steering(commands=commands, text="\n".join(lines[index:]).strip())


def parse_line(line):
    """The Command a line is, or None when it is text."""
    line = line.strip()
    if len(line) > MAX_COMMAND_CHARS:
        return None
    # Mail programs and people add a full stop or capitals; neither changes the command.
    words = " ".join(line.rstrip(".!").lower().split())
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(words)
        if match is None:
            continue
        found = match.groupdict()
        days = int(found["days"]) if found.get("days") else None
        if days is not None and not 1 <= days <= MAX_DAYS:
            return None
        day = None
        if found.get("day"):
            try:
                day = dt.date.fromisoformat(found["day"])
            except ValueError:  # 2026-02-30: not a day, so not a command
                return None
        return Command(kind=kind, days=days, day=day, line=line)
    return None
