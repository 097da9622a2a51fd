"""Bringing a journal into Daybook from the service someone is leaving.

Everything here is plain Python with no Django in sight: the caller hands us
the uploaded bytes and gets back an `ImportedJournal`, or a `FormatError` that
says where the file went wrong and what we expected there.

The promises every reader keeps:

* All or nothing. A reader stops at the first problem and raises; it never
  returns the entries it managed to read before it.
* One entry per day. Services that allow several entries a day have them
  joined, in the order they appear in the file, with a blank line between.
* Entries come back sorted by date, whatever order the file used.
* Bodies are plain text: line endings become "\\n", trailing spaces go, runs of
  blank lines shrink to one, and the whole is stripped. An entry left with no
  text is not imported, but counted, and so are attachments we cannot bring.

The formats, and what they look like (the format work's report says where
each was found):

``daybook-json``
    ``{"version": 1, "entries": [{"date", "body", "created", "updated"}]}``.
``ohlife``
    OhLife's ``export_YYYY-MM-DD.txt``: a line holding only a date such as
    ``2014-01-28``, a blank line, the entry text, a blank line, the next date.
    The files came with CRLF line endings. Only a line that is exactly a date
    starts an entry, so a date mentioned inside a sentence stays in the text.
``dabble-txt``
    dabble.me's text export: ``## YYYY-MM-DD`` on its own line, then the
    entry converted from HTML to Markdown, then a blank line.
``dabble-json``
    dabble.me's JSON export: a list of ``{"date", "body", "image"?}`` where the
    body is HTML (``<hr>`` separates entries dabble.me merged into one day).
    The image stays on dabble.me's servers; a line ``[image: URL]`` at the end
    of the entry keeps the way to it.
``trailmix-json``
    Trailmix's export: a compact list of ``{"body", "date"}``, plain text.
``journeyinbox-json``
    JourneyInbox's export: a list of ``{"body", "when"}``, plain text.
``dayone-json`` / ``dayone-zip``
    Day One's export; see dayone.py.
``daybook-archive``
    Daybook's archive: a zip of ``daybook.json`` (version 2, where each entry
    also lists its ``photos`` and ``files`` by path, with caption, content
    type and SHA-256) and the originals under ``photos/`` and ``files/``.
    Every listed file must be in the zip with the bytes its hash says.
"""

import dataclasses
import datetime
import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterable

from entries import limits
from entries.html_text import html_to_text
from entries.text import normalise
from entries.transfer import dayone, markdown
from entries.transfer.parsing import (
    DATE_EXAMPLE,
    DATE_SHAPE,
    FormatError,
    ImportedAttachment,
    ImportedEntry,
    ImportedJournal,
    StreamedJSON,
    decode,
    entries_list,
    field_of,
    kind,
    moment,
    show,
)
from entries.transfer.parsing import date as date_at

__all__ = [
    "FORMATS",
    "FormatError",
    "ImportedEntry",
    "ImportedJournal",
    "detect_format",
    "parse",
]

FORMATS = (
    "daybook-json",
    "ohlife",
    "dabble-txt",
    "dabble-json",
    "trailmix-json",
    "journeyinbox-json",
    "dayone-json",
    "dayone-zip",
    "daybook-markdown",
    "daybook-markdown-zip",
    "daybook-archive",
)
ARCHIVE_JOURNAL = "daybook.json"

_DABBLE_HEADING = re.compile(r"## (\d{4}-\d{2}-\d{2})")
# dabble.me's image, as its JSON export is imported ("[image: URL]") or as its
# text export writes it in Markdown.
_LINKED_IMAGE = re.compile(
    r"^\[image: https?://\S{1,2000}\]$|!\[[^\]\n]{0,500}\]\(https?://[^)\s]{1,2000}\)", re.M
)

# (date, body, where), or (date, body, where, created, updated) from a format
# that keeps when each entry was written (Daybook's own), and then the
# entry's attachments (Daybook's archive, Day One's zip). `where` names the
# entry's line or number for an error message. The JSON readers yield them
# one at a time, so each entry's raw text is let go once it is normalised.
Pairs = Iterable[tuple]


def parse(
    data: bytes,
    format: str | None = None,
    filename: str = "",
    latest: datetime.date | None = None,
) -> ImportedJournal:
    """Read an export into entries, one per day, sorted by date.

    Every entry must be on a day the journal holds (limits: 1900 to `latest`,
    the importing person's tomorrow; UTC's when not given) and within the
    entry length limit, or the whole file is refused, naming the entry.
    """
    latest = latest or limits.latest_day("UTC")
    if not data:
        raise FormatError("file", "the file is empty")
    document = None
    if format is None:
        format, document = _sniff(data, filename)
    media = 0
    if format == "daybook-archive":
        pairs = _read_archive(data)
    elif format == "dayone-zip":
        pairs, media = dayone.read_zip(data)
    elif format == "daybook-markdown-zip":
        pairs = markdown.read_markdown_zip(data)
    elif format in _TEXT_READERS:
        pairs = _TEXT_READERS[format](decode(data))
    elif format in _JSON_READERS:
        if document is None:
            if _first_byte(data) is None:
                raise FormatError("file", "the file is empty")
            document = StreamedJSON(data)
        if format == "dayone-json":
            pairs, media = dayone.read_json(document)
        else:
            pairs = _JSON_READERS[format](document)
    else:
        raise FormatError(
            "format", f"unknown format {format!r}; expected one of {', '.join(FORMATS)}"
        )
    journal = _one_per_day(pairs, media, latest)
    if format.startswith("dabble"):
        # No network at import time: dabble.me's images stay links in the text.
        linked = sum(len(_LINKED_IMAGE.findall(entry.body)) for entry in journal.entries)
        journal = dataclasses.replace(journal, linked_images=linked)
    return journal


def detect_format(data: bytes, filename: str) -> str:
    """Name the format of an export from its content, using the filename only to break ties."""
    return _sniff(data, filename)[0]


def _sniff(data: bytes, filename: str) -> tuple[str, object]:
    # Returns the JSON document too when it had to be loaded, so that parse()
    # does not load a large export twice.
    if not data:
        raise FormatError("file", "the file is empty")
    if data.startswith(b"PK") or filename.lower().endswith(".zip"):
        # The archive names its journal; a zip of day files without one is a
        # Markdown export; anything else is Day One's.
        if _is_archive(data):
            return "daybook-archive", None
        return ("daybook-markdown-zip" if markdown.is_markdown_zip(data) else "dayone-zip"), None
    if _first_byte(data) in (b"[", b"{"):
        # Read as a stream: only its outline, never the whole document, is kept.
        document = StreamedJSON(data)
        name = filename.replace("\\", "/").rsplit("/", 1)[-1].lower()
        return _sniff_json(document, name), document
    text = decode(data)
    first_line = next(line.rstrip() for line in text.splitlines() if line.strip())
    if _DABBLE_HEADING.fullmatch(first_line):
        return "dabble-txt", None
    if DATE_SHAPE.fullmatch(first_line):
        return "ohlife", None
    if markdown.HEADING.fullmatch(first_line):
        return "daybook-markdown", None
    raise FormatError(
        "file",
        "Daybook cannot tell which journal this file comes from",
        "expected an export from Daybook, OhLife, dabble.me, Trailmix, JourneyInbox or "
        f"Day One, found {show(first_line)}",
    )


def _first_byte(data: bytes) -> bytes | None:
    """The first byte that is not white space or a byte-order mark, or None."""
    found = re.compile(rb"[^\s\xef\xbb\xbf]").search(data)
    return found.group() if found else None


def _sniff_json(document: StreamedJSON, name: str) -> str:
    if document.kind == "an object":
        if "metadata" in document.fields and "entries" in document.fields:
            return "dayone-json"
        if "version" in document.fields and "entries" in document.fields:
            return "daybook-json"
    elif document.kind == "a list":
        first = document.first if isinstance(document.first, dict) else {}
        if "when" in first or name.startswith("journeyinbox"):
            return "journeyinbox-json"
        # dabble.me and Trailmix both write a list of {date, body}. Their file
        # names differ, and so does the key order: Trailmix's Rails
        # serialisation puts "body" first, dabble.me builds "date" first.
        if name.startswith("trailmix"):
            return "trailmix-json"
        if name.startswith("dabble") or not first:
            return "dabble-json"
        if "date" in first:
            return "trailmix-json" if next(iter(first)) == "body" else "dabble-json"
    raise FormatError(
        "file",
        "cannot tell which journal this JSON comes from: expected a Daybook, dabble.me, "
        "Trailmix, JourneyInbox or Day One export",
    )


def _one_per_day(pairs: Pairs, media: int, latest: datetime.date) -> ImportedJournal:
    # Pieces kept as UTF-8 until the end, for the reason ImportedEntry gives.
    days: dict[datetime.date, list[bytes]] = {}
    # A day written in several pieces began with the first and ended with the last.
    created: dict[datetime.date, datetime.datetime] = {}
    updated: dict[datetime.date, datetime.datetime] = {}
    empty = 0
    lengths: dict[datetime.date, int] = {}
    attachments: dict[datetime.date, list[ImportedAttachment]] = {}
    for date, body, where, *rest in pairs:
        if problem := limits.day_problem(date, latest):
            raise FormatError(where, problem)
        body = normalise(body)
        moments, files = rest[:2], (rest[2] if len(rest) > 2 else ())
        if not body and not files:
            empty += 1
            continue
        if files:
            attachments.setdefault(date, []).extend(files)
        if not body:
            # A day of photos alone is still a day.
            days.setdefault(date, [])
            continue
        # Joined with a blank line to the day's earlier pieces, if any.
        lengths[date] = lengths.get(date, -2) + 2 + len(body)
        if lengths[date] > limits.MAX_ENTRY_CHARS:
            together = " with the other entries for that day" if days.get(date) else ""
            raise FormatError(
                where,
                f"too long{together}: {limits.length_problem(lengths[date])}",
            )
        days.setdefault(date, []).append(body.encode())
        first, last = moments if any(moments) else (None, None)
        if first and (date not in created or first < created[date]):
            created[date] = first
        if last and (date not in updated or last > updated[date]):
            updated[date] = last
    entries = [
        ImportedEntry.of_utf8(
            date,
            b"\n\n".join(days.pop(date)),
            created.get(date),
            updated.get(date),
            tuple(attachments.get(date, ())),
        )
        for date in sorted(days)
    ]
    return ImportedJournal(entries, empty=empty, media=media)


# Daybook, dabble.me, Trailmix and JourneyInbox JSON ---------------------------


def _read_daybook(document: StreamedJSON) -> Pairs:
    fields = document.fields
    if document.kind != "an object" or "entries" not in fields:
        raise FormatError(
            "file",
            "expected a Daybook export: an object with 'version' and 'entries', "
            f"found {document.kind}",
        )
    if "version" not in fields:
        raise FormatError("file", "missing field 'version'")
    version = fields["version"]
    if version not in (1, 2) or isinstance(version, bool):
        shown = version if version in ("an object", "a list") else show(version)
        raise FormatError(
            "file",
            f"unsupported Daybook export version {shown}; this Daybook reads versions 1 and 2",
        )
    entries = entries_list(document, "entries", "file", "a Daybook export")
    return _daybook_entries(entries, version)


def _daybook_entries(entries: Iterable[object], version: int = 1) -> Pairs:
    for number, item in enumerate(entries, 1):
        place = f"entry {number}"
        date = date_at(field_of(item, "date", place), place)
        body = field_of(item, "body", place)
        created, updated = (
            moment(item[key], place) if key in item else None for key in ("created", "updated")
        )
        files = _attachments(item, place) if version == 2 else ()
        yield date, body, place, created, updated, files


_ARCHIVE_PATH = re.compile(r"(photos|files)/[A-Za-z0-9._/-]{1,200}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _attachments(item: dict, place: str) -> tuple[ImportedAttachment, ...]:
    found = []
    for key in ("photos", "files"):
        listed = item.get(key, [])
        if not isinstance(listed, list):
            raise FormatError(place, f"'{key}' should be a list, found {kind(listed)}")
        for number, record in enumerate(listed, 1):
            where = f"{place} {key[:-1]} {number}"
            path = field_of(record, "path", where)
            if not _ARCHIVE_PATH.fullmatch(path) or ".." in path:
                raise FormatError(
                    where, f"expected a path under photos/ or files/, found {show(path)}"
                )
            digest = record.get("sha256", "")
            if not isinstance(digest, str) or (digest and not _SHA256.fullmatch(digest)):
                raise FormatError(where, "'sha256' should be 64 hexadecimal digits")
            text = {name: record.get(name) or "" for name in ("name", "caption", "content_type")}
            if not all(isinstance(value, str) for value in text.values()):
                raise FormatError(where, "'name', 'caption' and 'content_type' should be text")
            name = text["name"][:255] or path.rsplit("/", 1)[-1]
            found.append(
                ImportedAttachment(path, name, text["caption"], text["content_type"][:100], digest)
            )
    return tuple(found)


def _is_archive(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return ARCHIVE_JOURNAL in archive.namelist()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        return False


def _read_archive(data: bytes) -> list[tuple]:
    """Daybook's archive: daybook.json, and every photo and file it lists, hash-checked."""
    damaged = FormatError("file", "the zip file is damaged or truncated")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        raise damaged from None
    with archive:
        try:
            info = archive.getinfo(ARCHIVE_JOURNAL)
        except KeyError:
            raise FormatError("file", f"the archive holds no {ARCHIVE_JOURNAL}") from None
        if info.file_size > dayone.MAX_JSON_BYTES:
            raise FormatError(ARCHIVE_JOURNAL, "is larger than the 100 MB allowed")
        try:
            document = StreamedJSON(archive.read(info), ARCHIVE_JOURNAL)
            pairs = list(_read_daybook(document))
            names = set(archive.namelist())
            for pair in pairs:
                for item in pair[5]:
                    _check_member(archive, names, item)
        except (zipfile.BadZipFile, zlib.error, EOFError):
            raise damaged from None
        except (RuntimeError, NotImplementedError):
            raise FormatError(
                "file", "the zip is encrypted or compressed in an unknown way"
            ) from None
    return pairs


def _check_member(archive: zipfile.ZipFile, names: set, item: ImportedAttachment) -> None:
    if item.path not in names:
        raise FormatError(item.path, "is listed in daybook.json but not in the archive")
    if not item.sha256:
        return
    digest = hashlib.sha256()
    with archive.open(item.path) as member:
        while chunk := member.read(1024 * 1024):
            digest.update(chunk)
    if digest.hexdigest() != item.sha256:
        raise FormatError(item.path, "does not match its SHA-256 in daybook.json: it changed")


def _list_reader(date_key: str, to_text=lambda item, body: body):
    """A reader for the exports that are a bare list of {date_key, "body"}."""

    def read(document: StreamedJSON) -> Pairs:
        entries = entries_list(document, None, "file", "a list of entries")
        for number, item in enumerate(entries, 1):
            place = f"entry {number}"
            date = date_at(field_of(item, date_key, place), place)
            yield date, to_text(item, field_of(item, "body", place)), place

    return read


def _dabble_text(item: dict, body: str) -> str:
    text = _html_to_text(body)
    image = item.get("image")
    if isinstance(image, str) and image.strip():
        text = f"{text.rstrip()}\n\n[image: {image.strip()}]"
    return text


def _html_to_text(body: str) -> str:
    # Bodies that came in by email before dabble.me stored HTML have no tags;
    # their newlines are the paragraphs, so leave them alone.
    if not re.search(r"<[a-zA-Z/!]", body):
        return body
    return html_to_text(body)


# Plain-text exports ---------------------------------------------------------


def _text_reader(start: re.Pattern, expected: str, unindent: re.Pattern | None = None):
    """A reader for text where a line matching `start` opens each entry.

    A body line matching `unindent` loses one leading space: that is how
    Daybook's text export keeps a line holding only a date inside its entry.
    """

    def read(text: str) -> Pairs:
        pairs: Pairs = []
        date, lines, where = None, [], ""
        for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
            # Leading spaces are not trimmed before matching, so an indented
            # date stays in the body.
            match = start.fullmatch(line.rstrip())
            if match:
                if date is not None:
                    pairs.append((date, "\n".join(lines), where))
                where = f"line {number}"
                date, lines = date_at(match.group(match.lastindex or 0), where), []
            elif date is not None:
                lines.append(line[1:] if unindent and unindent.fullmatch(line.rstrip()) else line)
            elif line.strip():
                raise FormatError(
                    f"line {number}",
                    "this is not where a day starts",
                    f"expected {expected}, found {show(line.strip())}",
                )
        if date is not None:
            pairs.append((date, "\n".join(lines), where))
        return pairs

    return read


_TEXT_READERS = {
    "ohlife": _text_reader(
        DATE_SHAPE, f"a date such as '{DATE_EXAMPLE}'", re.compile(r" +\d{4}-\d{2}-\d{2}")
    ),
    "dabble-txt": _text_reader(_DABBLE_HEADING, f"a heading such as '## {DATE_EXAMPLE}'"),
    "daybook-markdown": markdown.read_markdown,
}
_JSON_READERS = {
    "daybook-json": _read_daybook,
    "dabble-json": _list_reader("date", _dabble_text),
    "trailmix-json": _list_reader("date"),
    "journeyinbox-json": _list_reader("when"),
    "dayone-json": dayone.read_json,  # called by parse(), which also keeps its media count
}
