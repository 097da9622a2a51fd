"""Reading Daybook's own Markdown exports back in.

``daybook-markdown``
    One document, ``# Friday, 27 November 2026`` before each day's text
    (exporters.export_markdown). A line of an entry that would read as such a
    heading was written with a backslash in front (``\\# Friday, ...``, which
    Markdown shows as the plain text), and loses it here.
``daybook-markdown-zip``
    ``YYYY/YYYY-MM-DD.md`` files, each opening with a little YAML front
    matter (date, created, updated, words) before the day's text
    (exporters.export_markdown_zip). Only those four keys are read, line by
    line: no YAML parser sees the file.
"""

import datetime
import io
import re
import zipfile
import zlib

from entries.transfer.parsing import FormatError, date, moment, show

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
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
HEADING = re.compile(rf"# (?:{'|'.join(_DAYS)}), (\d{{1,2}}) ({'|'.join(_MONTHS)}) (\d{{4}})")
ESCAPED_HEADING = re.compile(r"\\(\\*" + HEADING.pattern + ")")
# What the exporter escapes: a heading, or one already escaped any number of times.
LOOKS_LIKE_HEADING = re.compile(r"\\*" + HEADING.pattern)
MEMBER = re.compile(r"(?:.*/)?\d{4}/(\d{4}-\d{2}-\d{2})\.md")
# The zip's text together may unpack to this much, as for Day One's journals.
MAX_TEXT_BYTES = 100 * 1024 * 1024
_FRONT_MATTER_KEYS = ("date", "created", "updated", "words")


def heading_date(match: re.Match, where: str) -> datetime.date:
    day, month, year = int(match[1]), _MONTHS.index(match[2]) + 1, int(match[3])
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise FormatError(
            where, f"{day} {match[2]} {year} isn't a date", f"the heading is {show(match[0])}"
        ) from None


def read_markdown(text: str) -> list[tuple]:
    """(date, body, where) for each heading of a Markdown export."""
    pairs, day, lines, where = [], None, [], ""
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
        heading = HEADING.fullmatch(line.rstrip())
        if heading:
            if day is not None:
                pairs.append((day, "\n".join(lines), where))
            where = f"line {number}"
            day, lines = heading_date(heading, where), []
        elif day is not None:
            escaped = ESCAPED_HEADING.fullmatch(line.rstrip())
            lines.append(escaped[1] if escaped else line)
        elif line.strip():
            raise FormatError(
                f"line {number}",
                "this is not where a day starts",
                f"expected a heading such as '# Friday, 27 November 2026', found {show(line)}",
            )
    if day is not None:
        pairs.append((day, "\n".join(lines), where))
    return pairs


def is_markdown_zip(data: bytes) -> bool:
    """Whether a zip holds Daybook's Markdown files (YYYY/YYYY-MM-DD.md) and no Day One journal."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        return False
    has_days = any(MEMBER.fullmatch(name) for name in names)
    return has_days and not any(name.lower().endswith(".json") for name in names)


def read_markdown_zip(data: bytes) -> list[tuple]:
    """(date, body, where, created, updated) for each day file of a Markdown zip."""
    damaged = FormatError("file", "the zip file is damaged or truncated")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        raise damaged from None
    with archive:
        days = [info for info in archive.infolist() if MEMBER.fullmatch(info.filename)]
        total = sum(info.file_size for info in days)
        if total > MAX_TEXT_BYTES:
            raise FormatError(
                "file", f"its days would unpack to {total:,} bytes, more than the 100 MB allowed"
            )
        pairs = []
        for info in days:
            try:
                with archive.open(info) as member:
                    raw = member.read(MAX_TEXT_BYTES + 1)
            except (zipfile.BadZipFile, zlib.error, EOFError):
                raise damaged from None
            except (RuntimeError, NotImplementedError):
                raise FormatError(
                    info.filename, "cannot be read: export it again from Daybook"
                ) from None
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise FormatError(info.filename, "is not UTF-8 text") from None
            pairs.append(_day_file(info.filename, text))
        return pairs


def _day_file(name: str, text: str) -> tuple:
    fields, body = _front_matter(text)
    named = MEMBER.fullmatch(name)[1]
    day = date(fields.get("date", named), name)
    created = moment(fields["created"], name) if "created" in fields else None
    updated = moment(fields["updated"], name) if "updated" in fields else None
    return day, body, name, created, updated


def _front_matter(text: str) -> tuple[dict, str]:
    """({key: value} of the front matter, the text after it); no front matter, no fields."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}, text
    fields = {}
    for number, line in enumerate(lines[1:], 1):
        if line.rstrip() == "---":
            return fields, "\n".join(lines[number + 1 :])
        key, _, value = line.partition(":")
        if key.strip() in _FRONT_MATTER_KEYS:
            fields[key.strip()] = value.strip()
    return {}, text
