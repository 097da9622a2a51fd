"""Daybook reads its own Markdown exports back."""

import io
import zipfile
from datetime import date

import pytest

from entries.tests.transfer.test_exporters import JOURNAL, imported, stored, written
from entries.transfer.exporters import export_markdown, export_markdown_zip
from entries.transfer.importers import FormatError, detect_format, parse
from entries.transfer.markdown import MAX_TEXT_BYTES


def error_of(data: bytes, format: str | None = None) -> str:
    with pytest.raises(FormatError) as caught:
        parse(data, format)
    return str(caught.value)


def test_a_markdown_export_imports_back():
    """The one-file Markdown export is recognised and gives back the same days and texts."""
    data = "".join(export_markdown(JOURNAL)).encode()
    assert detect_format(data, "daybook-2026-11-29.md") == "daybook-markdown"
    assert parse(data).entries == parse(data, "daybook-markdown").entries == imported(JOURNAL)


def test_a_line_that_looks_like_a_day_heading_stays_in_its_entry():
    """A body line that is a day's heading is escaped on export and restored on import."""
    tricky = stored(
        date(2026, 11, 27),
        "Wrote a title:\n# Friday, 27 November 2026\nand one escaped already:\n"
        "\\# Monday, 2 March 2026",
    )
    text = "".join(export_markdown([tricky]))
    assert "\n\\# Friday, 27 November 2026\n" in text
    assert parse(text.encode()).entries == imported([tricky])


def test_a_markdown_zip_imports_back_with_its_times():
    """The zip of day files is told from Day One's and keeps when each day was written."""
    data = b"".join(export_markdown_zip(JOURNAL))
    assert detect_format(data, "daybook.zip") == "daybook-markdown-zip"
    assert parse(data).entries == written(JOURNAL)


def day_zip(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_a_day_file_without_front_matter_takes_its_date_from_its_name():
    """Edited by hand, without front matter, a day file still imports under its file name."""
    data = day_zip({"2026/2026-11-20.md": "Just text.\n", "notes.txt": "ignored"})
    [entry] = parse(data).entries
    assert (entry.date, entry.body, entry.created) == (date(2026, 11, 20), "Just text.", None)
    unclosed = day_zip({"2026/2026-11-20.md": "---\ndate: 2026-11-21\nno end\n"})
    assert parse(unclosed).entries[0].body == "---\ndate: 2026-11-21\nno end"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"2026/2026-02-30.md": "Text.\n"},
            "2026/2026-02-30.md: 30 February 2026 isn't a date (found '2026-02-30')",
        ),
        (
            {"2026/2026-11-20.md": "---\ncreated: soon\n---\n\nText.\n"},
            "2026/2026-11-20.md: this is not a date and time",
        ),
    ],
)
def test_a_broken_day_file_names_itself(files, message):
    """An impossible day or a bad time in a day file is refused, naming the file."""
    assert error_of(day_zip(files)).startswith(message)


def test_a_markdown_zip_that_is_not_utf8_or_too_big_is_refused(monkeypatch):
    """A day file that is not UTF-8, or days that would unpack past the limit, are refused."""
    latin1 = day_zip({"2026/2026-11-20.md": b"caf\xe9"})
    assert error_of(latin1) == "2026/2026-11-20.md: is not UTF-8 text"
    monkeypatch.setattr("entries.transfer.markdown.MAX_TEXT_BYTES", 10)
    too_big = day_zip({"2026/2026-11-20.md": "x" * 100})
    assert "more than the 100 MB allowed" in error_of(too_big, "daybook-markdown-zip")
    assert MAX_TEXT_BYTES == 100 * 1024 * 1024


def test_a_damaged_markdown_zip_is_refused():
    """A truncated zip chosen as a Markdown folder says it is damaged."""
    data = b"".join(export_markdown_zip(JOURNAL))
    assert error_of(data[:40], "daybook-markdown-zip") == "The zip file is damaged or truncated"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "# Monday, 30 February 2026\n\nText.\n",
            "Line 1: 30 February 2026 isn't a date (the heading is '# Monday, 30 February 2026')",
        ),
        (
            "Preamble\n# Friday, 27 November 2026\n",
            "Line 1: this is not where a day starts (expected a heading such as "
            "'# Friday, 27 November 2026', found 'Preamble')",
        ),
    ],
)
def test_a_broken_markdown_export_says_where_in_words(text, message):
    """Errors in a Markdown file name the line and say what is wrong in words first."""
    assert error_of(text.encode(), "daybook-markdown") == message
