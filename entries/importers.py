"""Bringing a journal into Daybook from the service someone is leaving.

Everything here is plain Python with no Django in sight: the view hands us the
uploaded bytes and gets back a list of `ImportedEntry`, or a `FormatError` that
says where the file went wrong and what we expected there.

The promises every reader keeps:

* All or nothing. A reader stops at the first problem and raises; it never
  returns the entries it managed to read before it.
* One entry per day. Services that allow several entries a day have them
  joined, in the order they appear in the file, with a blank line between.
* Entries come back sorted by date, whatever order the file used.
* Bodies are plain text: line endings become "\\n", trailing spaces go, runs of
  blank lines shrink to one, and the whole is stripped. An entry left with no
  text (a Day One entry that was only a photo, say) is dropped.

The formats, and what they look like (REPORT.md says where each was found):

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
``trailmix-json``
    Trailmix's export: a compact list of ``{"body", "date"}``, plain text.
``journeyinbox-json``
    JourneyInbox's export: a list of ``{"body", "when"}``, plain text.
``dayone-json`` / ``dayone-zip``
    Day One's ``{"metadata": {...}, "entries": [{"creationDate", "timeZone",
    "text", ...}]}``, alone or inside the export zip next to ``photos/``. The
    day is the creation time seen in the entry's own time zone; the text is
    Markdown whose punctuation Day One backslash-escapes, and photos appear as
    ``![](dayone-moment://...)`` links, which we drop since we import text only.
"""

import datetime
import html.parser
import io
import json
import re
import zipfile
import zlib
import zoneinfo
from dataclasses import dataclass

FORMATS = (
    "daybook-json",
    "ohlife",
    "dabble-txt",
    "dabble-json",
    "trailmix-json",
    "journeyinbox-json",
    "dayone-json",
    "dayone-zip",
)

# A zip member may claim any size; we refuse to inflate one that claims more
# than this, so a few kilobytes of upload cannot become gigabytes of memory.
MAX_MEMBER_BYTES = 200 * 1024 * 1024

_DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DABBLE_HEADING = re.compile(r"## (\d{4}-\d{2}-\d{2})")
_DATE_EXAMPLE = "2026-11-27"


@dataclass(frozen=True)
class ImportedEntry:
    date: datetime.date
    body: str


class FormatError(ValueError):
    """The file is not what we expected; `where` says where, `message` says what."""

    def __init__(self, where: str, message: str) -> None:
        # Passing both to ValueError keeps the exception picklable.
        super().__init__(where, message)
        self.where = where
        self.message = message

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def parse(data: bytes, format: str | None = None, filename: str = "") -> list[ImportedEntry]:
    """Read an export into entries, one per day, sorted by date."""
    if not data:
        raise FormatError("file", "the file is empty")
    document = None
    if format is None:
        format, document = _sniff(data, filename)
    if format == "dayone-zip":
        pairs = _read_dayone_zip(data)
    elif format in _TEXT_READERS:
        pairs = _TEXT_READERS[format](_decode(data))
    elif format in _JSON_READERS:
        if document is None:
            document = _load_json(_decode(data))
        pairs = _JSON_READERS[format](document, "")
    else:
        raise FormatError(
            "format", f"unknown format {format!r}; expected one of {', '.join(FORMATS)}"
        )
    return _one_per_day(pairs)


def detect_format(data: bytes, filename: str) -> str:
    """Name the format of an export from its content, using the filename only to break ties."""
    return _sniff(data, filename)[0]


def _sniff(data: bytes, filename: str) -> tuple[str, object]:
    # Returns the JSON document too when it had to be loaded, so that parse()
    # does not load a large export twice.
    if not data:
        raise FormatError("file", "the file is empty")
    if data.startswith(b"PK") or filename.lower().endswith(".zip"):
        return "dayone-zip", None
    text = _decode(data)
    if text.lstrip()[0] in "[{":
        document = _load_json(text)
        name = filename.replace("\\", "/").rsplit("/", 1)[-1].lower()
        return _sniff_json(document, name), document
    first_line = next(line.rstrip() for line in text.splitlines() if line.strip())
    if _DABBLE_HEADING.fullmatch(first_line):
        return "dabble-txt", None
    if _DATE_SHAPE.fullmatch(first_line):
        return "ohlife", None
    raise FormatError(
        "file",
        "cannot tell which journal this is: expected an export from Daybook, OhLife, "
        f"dabble.me, Trailmix, JourneyInbox or Day One, found {_show(first_line)}",
    )


def _sniff_json(document: object, name: str) -> str:
    if isinstance(document, dict):
        if "metadata" in document and "entries" in document:
            return "dayone-json"
        if "version" in document and "entries" in document:
            return "daybook-json"
    elif isinstance(document, list):
        first = document[0] if document and isinstance(document[0], dict) else {}
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


# Shared checks --------------------------------------------------------------


def _decode(data: bytes, where: str = "file") -> str:
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


def _load_json(text: str, where: str = "") -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        place = f"{where} line {error.lineno}" if where else f"line {error.lineno}"
        raise FormatError(place, f"not valid JSON ({error.msg} at column {error.colno})") from None


def _show(value: object) -> str:
    """Quote what we found, cut short, for an error message."""
    shown = f"'{value}'" if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _date(value: object, where: str) -> datetime.date:
    if isinstance(value, str) and _DATE_SHAPE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass  # right shape, impossible day such as 2014-02-30
    raise FormatError(where, f"expected a date such as '{_DATE_EXAMPLE}', found {_show(value)}")


def _field(item: object, key: str, where: str, kind: type = str) -> object:
    if not isinstance(item, dict):
        raise FormatError(where, f"expected an object with '{key}', found {_show(item)}")
    if key not in item:
        raise FormatError(where, f"missing field '{key}'")
    value = item[key]
    if not isinstance(value, kind):
        raise FormatError(where, f"expected '{key}' to be {kind.__name__}, found {_show(value)}")
    return value


def _entries_list(document: object, key: str | None, where: str, expected: str) -> list:
    """The export's list of entries: the document itself, or the list under `key`."""
    if key is not None:
        if not isinstance(document, dict) or key not in document:
            raise FormatError(where or "file", f"expected {expected}, found {_kind(document)}")
        document, expected = document[key], f"'{key}' to be a list"
    if not isinstance(document, list):
        raise FormatError(where or "file", f"expected {expected}, found {_kind(document)}")
    return document


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list"}.get(type(value)) or _show(value)


def _normalise(text: str) -> str:
    lines = [line.rstrip() for line in re.split(r"\r\n|\r|\n", text)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _one_per_day(pairs: list[tuple[datetime.date, str]]) -> list[ImportedEntry]:
    days: dict[datetime.date, list[str]] = {}
    for date, body in pairs:
        body = _normalise(body)
        if body:
            days.setdefault(date, []).append(body)
    return [ImportedEntry(date, "\n\n".join(days[date])) for date in sorted(days)]


# Daybook, dabble.me, Trailmix and JourneyInbox JSON ---------------------------


def _read_daybook(document: object, where: str) -> list[tuple[datetime.date, str]]:
    if not isinstance(document, dict) or "entries" not in document:
        raise FormatError(
            "file",
            "expected a Daybook export: an object with 'version' and 'entries', "
            f"found {_kind(document)}",
        )
    if "version" not in document:
        raise FormatError("file", "missing field 'version'")
    if document["version"] != 1:
        raise FormatError(
            "file",
            f"unsupported Daybook export version {_show(document['version'])}; "
            "this Daybook reads version 1",
        )
    pairs = []
    entries = _entries_list(document, "entries", "file", "a Daybook export")
    for number, item in enumerate(entries, 1):
        place = f"entry {number}"
        pairs.append((_date(_field(item, "date", place), place), _field(item, "body", place)))
        for key in ("created", "updated"):
            if key in item:
                _moment(item[key], place)
    return pairs


def _list_reader(date_key: str, to_text=lambda body: body):
    """A reader for the exports that are a bare list of {date_key, "body"}."""

    def read(document: object, where: str) -> list[tuple[datetime.date, str]]:
        entries = _entries_list(document, None, "file", "a list of entries")
        pairs = []
        for number, item in enumerate(entries, 1):
            place = f"entry {number}"
            date = _date(_field(item, date_key, place), place)
            pairs.append((date, to_text(_field(item, "body", place))))
        return pairs

    return read


class _HTMLText(html.parser.HTMLParser):
    """Turns dabble.me's HTML bodies into paragraphs of plain text."""

    # Tags that start a new paragraph when they open and when they close.
    BLOCKS = frozenset(
        {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr"}
        | {"ul", "ol", "table", "tr", "section", "article"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0  # inside <script> or <style>
        self.preformatted = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
        if tag == "pre":
            self.preformatted += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
        if tag == "pre" and self.preformatted:
            self.preformatted -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            # Outside <pre>, HTML treats any run of whitespace as one space.
            self.parts.append(data if self.preformatted else re.sub(r"\s+", " ", data))


def _html_to_text(body: str) -> str:
    # Bodies that came in by email before dabble.me stored HTML have no tags;
    # their newlines are the paragraphs, so leave them alone.
    if not re.search(r"<[a-zA-Z/!]", body):
        return body
    reader = _HTMLText()
    reader.feed(body)
    reader.close()
    # Collapsed whitespace leaves a space at the edges of lines: trim them.
    return "\n".join(line.strip() for line in "".join(reader.parts).split("\n"))


# Day One --------------------------------------------------------------------

_MOMENT = re.compile(r"!\[[^\]]*\]\(dayone-moment:[^)]*\)")
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation


def _moment(value: object, where: str) -> datetime.datetime:
    if isinstance(value, str):
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)
    raise FormatError(
        where, f"expected a date and time such as '2026-11-27T21:14:03Z', found {_show(value)}"
    )


def _read_dayone(document: object, where: str) -> list[tuple[datetime.date, str]]:
    entries = _entries_list(
        document, "entries", where, "a Day One export: an object with 'entries'"
    )
    pairs = []
    for number, item in enumerate(entries, 1):
        place = f"{where} entry {number}".strip()
        moment = _moment(_field(item, "creationDate", place), place)
        zone_name = item.get("timeZone") or "UTC"
        try:
            zone = zoneinfo.ZoneInfo(zone_name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
            raise FormatError(place, f"unknown time zone {_show(zone_name)}") from None
        text = _field(item, "text", place) if "text" in item else ""
        text = _MARKDOWN_ESCAPE.sub(r"\1", _MOMENT.sub("", text))
        pairs.append((moment.astimezone(zone).date(), text))
    return pairs


def _read_dayone_zip(data: bytes) -> list[tuple[datetime.date, str]]:
    damaged = FormatError("file", "the zip file is damaged or truncated")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        raise damaged from None
    with archive:
        # Day One writes one JSON file per journal ("Journal.json" or the
        # journal's name) at the top; media sit in photos/, videos/ and so on.
        # We only inflate the JSON, so only the JSON is held to the size limit.
        journals = [
            info
            for info in archive.infolist()
            if info.filename.lower().endswith(".json")
            and not info.is_dir()
            and "__MACOSX" not in info.filename
            and not info.filename.rsplit("/", 1)[-1].startswith(".")
        ]
        if not journals:
            raise FormatError(
                "file", "the zip file holds no Day One journal (a .json file such as Journal.json)"
            )
        pairs = []
        for info in journals:
            if info.file_size > MAX_MEMBER_BYTES:
                raise FormatError(
                    info.filename,
                    f"would unpack to {info.file_size:,} bytes, more than the 200 MB allowed",
                )
            try:
                with archive.open(info) as member:
                    raw = member.read(MAX_MEMBER_BYTES + 1)
            except (zipfile.BadZipFile, zlib.error, EOFError):
                raise damaged from None
            except RuntimeError:  # zipfile's word for "needs a password"
                raise FormatError(
                    info.filename, "is encrypted; export it again without a password"
                ) from None
            except NotImplementedError:
                raise FormatError(
                    info.filename, "uses a compression method Daybook cannot read"
                ) from None
            document = _load_json(_decode(raw, info.filename), info.filename)
            pairs.extend(_read_dayone(document, info.filename))
        return pairs


# Plain-text exports ---------------------------------------------------------


def _text_reader(start: re.Pattern, expected: str, unindent: re.Pattern | None = None):
    """A reader for text where a line matching `start` opens each entry.

    A body line matching `unindent` loses one leading space: that is how
    Daybook's text export keeps a line holding only a date inside its entry.
    """

    def read(text: str) -> list[tuple[datetime.date, str]]:
        pairs: list[tuple[datetime.date, str]] = []
        date, lines = None, []
        for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
            # Leading spaces are not trimmed before matching, so an indented
            # date stays in the body.
            match = start.fullmatch(line.rstrip())
            if match:
                if date is not None:
                    pairs.append((date, "\n".join(lines)))
                date, lines = _date(match.group(match.lastindex or 0), f"line {number}"), []
            elif date is not None:
                lines.append(line[1:] if unindent and unindent.fullmatch(line.rstrip()) else line)
            elif line.strip():
                raise FormatError(
                    f"line {number}", f"expected {expected}, found {_show(line.strip())}"
                )
        if date is not None:
            pairs.append((date, "\n".join(lines)))
        return pairs

    return read


_TEXT_READERS = {
    "ohlife": _text_reader(
        _DATE_SHAPE, f"a date such as '{_DATE_EXAMPLE}'", re.compile(r" +\d{4}-\d{2}-\d{2}")
    ),
    "dabble-txt": _text_reader(_DABBLE_HEADING, f"a heading such as '## {_DATE_EXAMPLE}'"),
}
_JSON_READERS = {
    "daybook-json": _read_daybook,
    "dabble-json": _list_reader("date", _html_to_text),
    "trailmix-json": _list_reader("date"),
    "journeyinbox-json": _list_reader("when"),
    "dayone-json": _read_dayone,
}
