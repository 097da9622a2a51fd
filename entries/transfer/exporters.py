"""Taking a journal out of Daybook.

Each exporter takes an iterable of entries (anything with ``date``, ``body``,
``created`` and ``updated``; the datetimes aware) and is a generator of chunks,
``str`` for the text formats and ``bytes`` for the zip. Nothing here builds
the whole journal in memory: a ten-year journal is read one entry at a time
and written one entry at a time, so a view can hand the generator straight to
a streaming response. The caller decides the order (by date, normally).

``export_json``
    Daybook's own format, which `importers.parse` reads back unchanged.
    Each entry lists its ``tags``, read from the text for whoever reads the
    file; importing ignores them and reads the text again.
``export_text``
    OhLife's plain text, so the journal can go anywhere that took OhLife
    exports (dabble.me and Trailmix did) and can come back into Daybook.
``export_markdown``
    One Markdown file to read or print, a heading per day. The text is as
    stored (it is Markdown already); a code block left open is closed, so
    it cannot swallow the days after it.
``export_markdown_zip``
    A zip of one Markdown file per day, ``YYYY/YYYY-MM-DD.md``, each with a
    little YAML front matter, for note-taking apps and static site tools; a
    day's photos and files sit in ``YYYY/YYYY-MM-DD/`` and its text links them.
``export_archive``
    Everything: a zip of ``daybook.json`` (version 2: each entry also lists its
    photos and files) and their originals under ``photos/`` and ``files/``,
    which `importers.parse` reads back, byte for byte.

Entries may carry ``attachments``: objects with ``exported_kind`` ("photo" or
"file"), ``name``, ``caption``, ``content_type``, ``taken_at``, ``sha256``,
``suffix`` and ``chunks()``, which yields the original's bytes. They are
copied a piece at a time, so a journal of photos streams like one of text.

A round trip through `export_json` or `export_text` and `importers.parse`
gives back the same dates and bodies, for bodies already in the plain form
the importers produce (stripped, "\\n" line endings, no doubled blank lines).
"""

import datetime
import itertools
import json
import operator
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from django.utils import dateformat

from entries.rendering import closed_blocks, tags_in
from entries.text import count_words, join_paragraphs
from entries.transfer.markdown import LOOKS_LIKE_HEADING


class ExportableEntry(Protocol):
    date: datetime.date
    body: str
    question: str  # the person's own question it answered, or ""
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
            **({"question": entry.question} if getattr(entry, "question", "") else {}),
            "tags": sorted(tags_in(entry.body)),
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
        # An open code fence is closed (see closed_blocks), so the next day's
        # heading stays a heading. A line that is itself such a heading would start a day when read
        # back; a backslash makes Markdown show it as text, and the importer
        # takes it off again.
        body = "\n".join(
            "\\" + line if LOOKS_LIKE_HEADING.fullmatch(line) else line
            for line in closed_blocks(day.body).split("\n")
        )
        asked = f"*{day.question}*\n\n" if day.question else ""
        yield f"{separator}# {_long_date(day.date)}\n\n{asked}{body}\n"
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
            links = []
            for number, item in enumerate(day.attachments, 1):
                path = f"{d.isoformat()}/{number}{_safe_suffix(item.suffix)}"
                yield from _copy_into(archive, spool, f"{d.year:04d}/{path}", d, item)
                label = (item.caption if item.exported_kind == "photo" else item.name) or ""
                label = _LINK_LABEL.sub(" ", label)
                links.append(f"{'!' if item.exported_kind == 'photo' else ''}[{label}]({path})")
            text = closed_blocks(day.body) + ("\n\n" + "\n\n".join(links) if links else "")
            info = _member(f"{d.year:04d}/{d.isoformat()}.md", d, zipfile.ZIP_DEFLATED)
            archive.writestr(info, _front_matter(day) + text.lstrip("\n") + "\n")
            yield spool.drain()
    yield spool.drain()  # the central directory, written on close


_LINK_LABEL = re.compile(r"[\[\]\n\r]+")
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")


def _safe_suffix(suffix: str) -> str:
    return suffix.lower() if _SUFFIX.fullmatch(suffix or "") else ""


def _member(name: str, date: datetime.date, compression: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_zip_time(date))
    info.compress_type = compression
    info.external_attr = 0o644 << 16  # an ordinary readable file once unpacked
    return info


def _copy_into(archive, spool, name, date, item) -> Iterator[bytes]:
    """Copy one attachment into the zip, handing out what is written as it goes."""
    # Photos are compressed already; deflating them again costs time for nothing.
    compression = zipfile.ZIP_STORED if item.exported_kind == "photo" else zipfile.ZIP_DEFLATED
    with archive.open(_member(name, date, compression), "w", force_zip64=True) as member:
        for chunk in item.chunks():
            member.write(chunk)
            yield spool.drain()


def export_archive(entries: Iterable[ExportableEntry]) -> Iterator[bytes]:
    """Daybook's archive: every photo and file, then daybook.json listing them (version 2).

    The JSON is written to a temporary file while the originals stream out,
    and copied into the zip last, so memory holds neither the journal nor
    its photos.
    """
    spool = _Spool()
    with (
        tempfile.TemporaryFile() as journal,
        zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        journal.write(b'{"version": 2, "entries": [\n')
        separator = b""
        for entry in entries:
            d = entry.date
            record = {
                "date": d.isoformat(),
                "body": entry.body,
                "created": entry.created.isoformat(),
                "updated": entry.updated.isoformat(),
                "photos": [],
                "files": [],
            }
            for number, item in enumerate(getattr(entry, "attachments", ()), 1):
                folder = "photos" if item.exported_kind == "photo" else "files"
                path = f"{folder}/{d.year:04d}/{d.isoformat()}-{number}{_safe_suffix(item.suffix)}"
                yield from _copy_into(archive, spool, path, d, item)
                record[folder].append(
                    {
                        "path": path,
                        "name": item.name,
                        "caption": item.caption,
                        "content_type": item.content_type,
                        "taken_at": item.taken_at.isoformat() if item.taken_at else None,
                        "sha256": item.sha256,
                    }
                )
            journal.write(separator + json.dumps(record, ensure_ascii=False).encode())
            separator = b",\n"
        journal.write(b"\n]}\n")
        journal.seek(0)
        info = _member("daybook.json", datetime.date(1980, 1, 1), zipfile.ZIP_DEFLATED)
        with archive.open(info, "w", force_zip64=True) as member:
            while chunk := journal.read(1024 * 1024):
                member.write(chunk)
                yield spool.drain()
    yield spool.drain()


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
    question: str
    created: datetime.datetime
    updated: datetime.datetime
    attachments: tuple = ()


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
            question=next((e.question for e in same_day if getattr(e, "question", "")), ""),
            created=min(entry.created for entry in same_day),
            updated=max(entry.updated for entry in same_day),
            attachments=tuple(
                item for entry in same_day for item in getattr(entry, "attachments", ())
            ),
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
        # JSON is YAML: a question with a colon or quote in it stays one string.
        + (f"question: {json.dumps(day.question, ensure_ascii=False)}\n" if day.question else "")
        + "---\n\n"
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
        return self.extension == "zip"


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
    "archive": Format(
        "Archive",
        "a zip of everything: Daybook's JSON with every photo and file, to import again.",
        "zip",
        "application/zip",
        export_archive,
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
