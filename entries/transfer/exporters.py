"""Taking a journal out of Daybook.

Each exporter takes an iterable of entries (anything with ``date``, ``body``,
``created`` and ``updated``; the datetimes aware) and is a generator of chunks,
``str`` for the text formats and ``bytes`` for the zip. Nothing here builds
the whole journal in memory: a ten-year journal is read one entry at a time
and written one entry at a time, so a view can hand the generator straight to
a streaming response. The caller decides the order (by date, normally).

``export_json``
    Daybook's own format, which `importers.parse` reads back unchanged.
``export_text``
    OhLife's plain text, so the journal can go anywhere that took OhLife
    exports (dabble.me and Trailmix did) and can come back into Daybook.
``export_markdown``
    One Markdown file to read or print, a heading per day.
``export_markdown_zip``
    A zip of one Markdown file per day, ``YYYY/YYYY-MM-DD.md``, each with a
    little YAML front matter, for note-taking apps and static site tools.

A round trip through `export_json` or `export_text` and `importers.parse`
gives back the same dates and bodies, for bodies already in the plain form
the importers produce (stripped, "\\n" line endings, no doubled blank lines).
"""

import datetime
import itertools
import json
import operator
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from django.utils import dateformat

from entries.text import count_words, join_paragraphs
from entries.transfer.markdown import LOOKS_LIKE_HEADING


class ExportableEntry(Protocol):
    date: datetime.date
    body: str
    created: datetime.datetime
    updated: datetime.datetime


_DATE_LINE = re.compile(r" *\d{4}-\d{2}-\d{2}")


def export_json(entries: Iterable[ExportableEntry]) -> Iterator[str]:
    """Daybook's JSON, written entry by entry: the opening, each entry, the closing."""
    yield '{"version": 1, "entries": [\n'
    separator = ""
    for entry in entries:
        record = {
            "date": entry.date.isoformat(),
            "body": entry.body,
            "created": entry.created.isoformat(),
            "updated": entry.updated.isoformat(),
        }
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


def export_text(entries: Iterable[ExportableEntry]) -> Iterator[str]:
    """OhLife's layout: a date line, a blank line, the text, a blank line."""
    for entry in entries:
        # A body line that is only a date would start a new entry when read
        # back; one more leading space keeps it in this entry's text, and the
        # importer takes that space off again.
        body = "\n".join(
            " " + line if _DATE_LINE.fullmatch(line) else line
            for line in entry.body.strip().split("\n")
        )
        yield f"{entry.date.isoformat()}\n\n{body}\n\n"


def export_markdown(entries: Iterable[ExportableEntry]) -> Iterator[str]:
    """One Markdown document: '# Friday, 27 November 2026', then that day's text."""
    separator = ""
    for day in _days(entries):
        # A line that is itself such a heading would start a day when read
        # back; a backslash makes Markdown show it as text, and the importer
        # takes it off again.
        body = "\n".join(
            "\\" + line if LOOKS_LIKE_HEADING.fullmatch(line) else line
            for line in day.body.split("\n")
        )
        yield f"{separator}# {_long_date(day.date)}\n\n{body}\n"
        separator = "\n"


def export_markdown_zip(entries: Iterable[ExportableEntry]) -> Iterator[bytes]:
    """A zip of YYYY/YYYY-MM-DD.md files, yielded in pieces as each file is added."""
    spool = _Spool()
    # zipfile notices that the spool cannot tell() or seek() and then writes
    # each member in one forward pass, sizes in a trailing data descriptor,
    # which is what lets us hand out every byte as soon as it is written.
    # What it keeps is the central directory: a small record per file.
    written: set[datetime.date] = set()
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for day in _days(entries):
            d = day.date
            if d in written:
                # Same-day entries are merged only when they are neighbours;
                # a date seen again means the caller forgot to sort by date,
                # and a zip with two files of one name helps nobody.
                raise ValueError(f"entries must be sorted by date: {d} appears twice, apart")
            written.add(d)
            info = zipfile.ZipInfo(f"{d.year:04d}/{d.isoformat()}.md", date_time=_zip_time(d))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # an ordinary readable file once unpacked
            archive.writestr(info, _front_matter(day) + day.body + "\n")
            yield spool.drain()
    yield spool.drain()  # the central directory, written on close


# A zip entry's timestamp is MS-DOS time: years 1980 to 2107 and nothing
# else (zipfile raises mid-stream otherwise). The journal's days are checked
# on the way in, but an export must not fail on any stored row, so the
# timestamp is clamped; the file's name and front matter keep the true date.
_ZIP_FIRST, _ZIP_LAST = (1980, 1, 1, 12, 0, 0), (2107, 12, 31, 12, 0, 0)


def _zip_time(day: datetime.date) -> tuple[int, int, int, int, int, int]:
    stamp = (day.year, day.month, day.day, 12, 0, 0)
    return min(max(stamp, _ZIP_FIRST), _ZIP_LAST)


@dataclass(frozen=True)
class _Day:
    date: datetime.date
    body: str
    created: datetime.datetime
    updated: datetime.datetime


def _days(entries: Iterable[ExportableEntry]) -> Iterator[_Day]:
    """Merge neighbouring entries that share a date, so each day is written once.

    groupby reads lazily, one entry past the day it is finishing, so only one
    day's entries are ever held at a time.
    """
    for date, group in itertools.groupby(entries, key=operator.attrgetter("date")):
        same_day = list(group)
        yield _Day(
            date=date,
            body=join_paragraphs(*(entry.body for entry in same_day)),
            created=min(entry.created for entry in same_day),
            updated=max(entry.updated for entry in same_day),
        )


def _long_date(date: datetime.date) -> str:
    # Django's dateformat, as everywhere in Daybook: English names from the
    # site's language, where strftime would follow the server's locale.
    return dateformat.format(date, "l, j F Y")


def _front_matter(day: _Day) -> str:
    return (
        "---\n"
        f"date: {day.date.isoformat()}\n"
        f"created: {day.created.isoformat()}\n"
        f"updated: {day.updated.isoformat()}\n"
        f"words: {count_words(day.body)}\n"
        "---\n\n"
    )


@dataclass(frozen=True)
class Format:
    """How one export format is named, offered and served."""

    label: str
    description: str
    extension: str
    content_type: str
    write: Callable[[Iterable[ExportableEntry]], Iterator[str] | Iterator[bytes]]

    @property
    def binary(self) -> bool:
        return self.write is export_markdown_zip


FORMATS = {
    "json": Format(
        "JSON",
        "Daybook's own format, to keep or to import again.",
        "json",
        "application/json; charset=utf-8",
        export_json,
    ),
    "markdown": Format(
        "Markdown",
        "one file to read or print, a heading per day.",
        "md",
        "text/markdown; charset=utf-8",
        export_markdown,
    ),
    "markdown-zip": Format(
        "Markdown folder",
        "a zip of one file per day, for Obsidian and similar apps.",
        "zip",
        "application/zip",
        export_markdown_zip,
    ),
    "text": Format(
        "Plain text",
        "OhLife's layout, which other journal services import.",
        "txt",
        "text/plain; charset=utf-8",
        export_text,
    ),
}


class _Spool:
    """A write-only file that holds what zipfile wrote until the next drain()."""

    def __init__(self) -> None:
        self._pending = bytearray()

    def write(self, data: bytes) -> int:
        self._pending += data
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = bytes(self._pending)
        self._pending.clear()
        return data
