"""What every importer shares: the records it returns, the error it raises,
and the checks it makes on bytes, JSON, fields and dates.

Plain Python, no Django: importers.py and dayone.py build on these, and
nothing here knows which service a file came from.
"""

import codecs
import datetime
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import ijson

DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_EXAMPLE = "2026-11-27"
# English names, whatever the server's locale, as the exports write them.
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class ImportedAttachment:
    """A photo or file that comes with an imported day, by its name inside the zip."""

    path: str
    name: str
    caption: str = ""
    content_type: str = ""
    # The SHA-256 the export recorded, checked against the bytes; empty: none recorded.
    sha256: str = ""


@dataclass(frozen=True, init=False)
class ImportedEntry:
    """One day of an imported journal; when it was written, where the format says.

    The text is held as UTF-8 and decoded when read: a whole journal waits in
    memory between reading and saving, and Python keeps a text with a single
    emoji at four bytes a character, so for a 50 MB export this is the
    difference between 50 MB and 200 MB held.
    """

    date: datetime.date
    utf8: bytes = field(repr=False)
    created: datetime.datetime | None = None
    updated: datetime.datetime | None = None
    attachments: tuple[ImportedAttachment, ...] = ()

    def __init__(
        self,
        date: datetime.date,
        body: str,
        created: datetime.datetime | None = None,
        updated: datetime.datetime | None = None,
        attachments: tuple[ImportedAttachment, ...] = (),
    ) -> None:
        for name, value in (
            ("date", date),
            ("utf8", body.encode()),
            ("created", created),
            ("updated", updated),
            ("attachments", attachments),
        ):
            object.__setattr__(self, name, value)

    @classmethod
    def of_utf8(cls, date, utf8, created=None, updated=None, attachments=()) -> "ImportedEntry":
        entry = cls(date, "", created, updated, attachments)
        object.__setattr__(entry, "utf8", utf8)
        return entry

    @property
    def body(self) -> str:
        return self.utf8.decode()


@dataclass(frozen=True)
class ImportedJournal:
    """A file's entries, one per day and sorted, and what was left out of them.

    `empty` counts entries in the file with no text (a Day One entry that was
    only a photo); `media` counts the attachments we do not import (videos,
    audio, photos the file names but does not hold). People are told both,
    so nothing disappears without a word.
    """

    entries: list[ImportedEntry] = field(default_factory=list)
    empty: int = 0
    media: int = 0
    # Images that stay where they are, as links in the text (dabble.me's).
    linked_images: int = 0

    @property
    def attachments(self) -> int:
        """Photos and files that come in with the entries."""
        return sum(len(entry.attachments) for entry in self.entries)


class FormatError(ValueError):
    """The file is not what we expected: `where` says where, `message` says what in words
    a person understands, and `detail`, if any, the technical particulars after it.

    Read as "Line 12: 30 February 2014 isn't a date (found '2014-02-30')"; an
    error about the whole file has no place to name: "The file is empty".
    """

    def __init__(self, where: str, message: str, detail: str = "") -> None:
        # Passing all three to ValueError keeps the exception picklable.
        super().__init__(where, message, detail)
        self.where = where
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        if self.where == "file":
            text = self.message[:1].upper() + self.message[1:]
        else:
            text = f"{self.where[:1].upper()}{self.where[1:]}: {self.message}"
        return f"{text} ({self.detail})" if self.detail else text


def decode(data: bytes, where: str = "file") -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start]
        raise FormatError(
            where, f"the file is not UTF-8 text (byte 0x{bad:02x} at offset {error.start})"
        ) from None
    if not text.strip():
        raise FormatError(where, "the file is empty")
    return text


_BOM = codecs.BOM_UTF8
# How much of one line the JSON parser is fed at a time: a minified export is
# one line of many megabytes, and a slice is a view, so this is all it copies.
_PIECE = 64 * 1024


def check_utf8(data: bytes, where: str = "file") -> None:
    """Raise unless the bytes are UTF-8, a megabyte at a time (nothing is kept)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for start in range(0, len(data), 1024 * 1024):
        try:
            decoder.decode(view[start : start + 1024 * 1024])
        except UnicodeDecodeError as error:
            offset = start + error.start
            raise FormatError(
                where, f"the file is not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset})"
            ) from None
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise FormatError(where, "the file is not UTF-8 text (its last character is cut)") from None


class StreamedJSON:
    """A JSON export read as a stream, so a large file never sits in memory as objects.

    Parsing builds one entry at a time (ijson, over the yajl C library);
    what is kept is the file's bytes, which the caller holds anyway, and the
    entries as they are read. The parser is fed a line at a time so that a
    syntax error names its line, as the people fixing their file need.

    `kind` is "an object" or "a list"; for an object, `fields` maps each
    top-level key to its value when that is a plain value (a number, a
    string...) or to "an object"/"a list"; for a list, `first` is its first
    item (None for an empty list). :meth:`items` reads the entries.
    """

    def __init__(self, data: bytes, where: str = "") -> None:
        check_utf8(data, where or "file")
        self.data = data[len(_BOM) :] if data.startswith(_BOM) else data
        self.where = where
        self.kind, self.fields, self.first = self._outline()

    def items(self, key: str | None) -> Iterator[object]:
        """Each value of the list at the top level (key None) or under the top-level key."""
        prefix = "item" if key is None else f"{key}.item"
        builder = None
        for path, event, value in self._events():
            if builder is None:
                if path == prefix and event in ("start_map", "start_array"):
                    builder = ijson.ObjectBuilder()
                elif path == prefix:
                    yield value
                    continue
                else:
                    continue
            builder.event(event, value)
            if path == prefix and event in ("end_map", "end_array"):
                yield builder.value
                builder = None

    def _outline(self) -> tuple[str, dict, object]:
        events = self._events()
        _, event, _ = next(events)
        if event == "start_array":
            first = next(self.items(None), None)
            return "a list", {}, first
        if event != "start_map":
            # A number or string alone is valid JSON, but no export.
            raise FormatError(self.where or "file", "expected an object or a list of entries")
        fields: dict[str, object] = {}
        key, depth = None, 0
        for _, event, value in events:
            if depth == 0 and event == "map_key":
                key = value
            elif event in ("start_map", "start_array"):
                if depth == 0:
                    fields[key] = "an object" if event == "start_map" else "a list"
                depth += 1
            elif event in ("end_map", "end_array"):
                depth -= 1
            elif depth == 0:
                fields[key] = value
        return "an object", fields, None

    def _events(self) -> Iterator[tuple[str, str, object]]:
        events = ijson.sendable_list()
        parser = ijson.parse_coro(events, use_float=True)
        view, line, start = memoryview(self.data), 0, 0
        try:
            while start < len(self.data):
                line += 1
                end = self.data.find(b"\n", start)
                end = len(self.data) if end == -1 else end + 1
                for piece in range(start, end, _PIECE):
                    parser.send(view[piece : min(piece + _PIECE, end)])
                    yield from events
                    del events[:]
                start = end
            parser.close()
            yield from events
        except ijson.JSONError as error:
            place = f"{self.where} line {max(line, 1)}".strip()
            raise FormatError(place, f"not valid JSON ({_problem(error)})") from None


def _problem(error: Exception) -> str:
    """What yajl says went wrong, without the piece of the file it quotes."""
    said = str(error).strip().split("\n", 1)[0].strip("b'\"")
    return said.split(": ", 1)[-1] or "unreadable"


def show(value: object) -> str:
    """Quote what we found, cut short, for an error message."""
    shown = f"'{value}'" if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def kind(value: object) -> str:
    return {dict: "an object", list: "a list"}.get(type(value)) or show(value)


def date(value: object, where: str) -> datetime.date:
    if isinstance(value, str) and DATE_SHAPE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass  # right shape, impossible day such as 2014-02-30
        year, month, day = (int(part) for part in value.split("-"))
        if 1 <= month <= 12:
            name = _MONTH_NAMES[month - 1]
            raise FormatError(where, f"{day} {name} {year} isn't a date", f"found {show(value)}")
        raise FormatError(where, f"there is no month {month}", f"found {show(value)}")
    raise FormatError(
        where,
        "this is not a date",
        f"expected a date such as '{DATE_EXAMPLE}', found {show(value)}",
    )


def moment(value: object, where: str) -> datetime.datetime:
    if isinstance(value, str):
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)
    raise FormatError(
        where,
        "this is not a date and time",
        f"expected one such as '2026-11-27T21:14:03Z', found {show(value)}",
    )


def field_of(item: object, key: str, where: str, kind_: type = str) -> object:
    if not isinstance(item, dict):
        raise FormatError(where, f"expected an object with '{key}', found {show(item)}")
    if key not in item:
        raise FormatError(where, f"missing field '{key}'")
    value = item[key]
    if not isinstance(value, kind_):
        raise FormatError(where, f"expected '{key}' to be {kind_.__name__}, found {show(value)}")
    return value


def entries_list(
    document: StreamedJSON, key: str | None, where: str, expected: str
) -> Iterator[object]:
    """The export's entries, one at a time: the document's list, or the list under `key`."""
    found = document.kind
    if key is not None:
        if document.kind != "an object" or key not in document.fields:
            raise FormatError(where or "file", f"expected {expected}, found {found}")
        found, expected = document.fields[key], f"'{key}' to be a list"
        if found not in ("an object", "a list"):
            found = show(found)
    if found != "a list":
        raise FormatError(where or "file", f"expected {expected}, found {found}")
    return document.items(key)
