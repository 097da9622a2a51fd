"""What every importer shares: the records it returns, the error it raises,
and the checks it makes on bytes, JSON, fields and dates.

Plain Python, no Django: importers.py and dayone.py build on these, and
nothing here knows which service a file came from.
"""

import datetime
import json
import re
from dataclasses import dataclass, field

DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_EXAMPLE = "2026-11-27"


@dataclass(frozen=True)
class ImportedAttachment:
    """A photo or file that comes with an imported day, by its name inside the zip."""

    path: str
    name: str
    caption: str = ""
    content_type: str = ""
    # The SHA-256 the export recorded, checked against the bytes; empty: none recorded.
    sha256: str = ""


@dataclass(frozen=True)
class ImportedEntry:
    """One day of an imported journal; when it was written, where the format says."""

    date: datetime.date
    body: str
    created: datetime.datetime | None = None
    updated: datetime.datetime | None = None
    attachments: tuple[ImportedAttachment, ...] = ()


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
    """The file is not what we expected; `where` says where, `message` says what."""

    def __init__(self, where: str, message: str) -> None:
        # Passing both to ValueError keeps the exception picklable.
        super().__init__(where, message)
        self.where = where
        self.message = message

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


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


def load_json(text: str, where: str = "") -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        place = f"{where} line {error.lineno}" if where else f"line {error.lineno}"
        raise FormatError(place, f"not valid JSON ({error.msg} at column {error.colno})") from None


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
    raise FormatError(where, f"expected a date such as '{DATE_EXAMPLE}', found {show(value)}")


def moment(value: object, where: str) -> datetime.datetime:
    if isinstance(value, str):
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)
    raise FormatError(
        where, f"expected a date and time such as '2026-11-27T21:14:03Z', found {show(value)}"
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


def entries_list(document: object, key: str | None, where: str, expected: str) -> list:
    """The export's list of entries: the document itself, or the list under `key`."""
    if key is not None:
        if not isinstance(document, dict) or key not in document:
            raise FormatError(where or "file", f"expected {expected}, found {kind(document)}")
        document, expected = document[key], f"'{key}' to be a list"
    if not isinstance(document, list):
        raise FormatError(where or "file", f"expected {expected}, found {kind(document)}")
    return document
