import io
import json
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from entries.rendering import MARKDOWN
from entries.transfer.exporters import (
    export_json,
    export_markdown,
    export_markdown_zip,
    export_text,
)
from entries.transfer.importers import ImportedEntry, parse

PARIS_WINTER = timezone(timedelta(hours=1))


@dataclass(frozen=True)
class Stored:
    """Stands in for the Django model: the four attributes the exporters read."""

    date: date
    body: str
    created: datetime
    updated: datetime


def stored(day: date, body: str) -> Stored:
    created = datetime(day.year, day.month, day.day, 21, 14, 3, tzinfo=PARIS_WINTER)
    return Stored(day, body, created, created + timedelta(hours=10))


JOURNAL = [
    stored(date(2026, 11, 26), "Called Grandma. She told the story about the goat again 🐐"),
    stored(
        date(2026, 11, 27),
        'Première neige ❄️ on the walk to work.\n\nA line with "quotes" and a \\ backslash.',
    ),
    stored(date(2026, 11, 29), "Checked the date:\n2026-11-30\nis tomorrow."),
]


def imported(entries) -> list[ImportedEntry]:
    return [ImportedEntry(entry.date, entry.body) for entry in entries]


def written(entries) -> list[ImportedEntry]:
    """What Daybook's own export carries: the day, the text, and when it was written."""
    return [ImportedEntry(e.date, e.body, e.created, e.updated) for e in entries]


def unzip(chunks) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(b"".join(chunks))) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name).decode() for name in archive.namelist()}


class Counting:
    """An iterable journal that counts how far the exporter has read it."""

    def __init__(self, days: int) -> None:
        self.days = days
        self.read = 0

    def __iter__(self):
        start = date(2017, 1, 1)
        for n in range(self.days):
            self.read += 1
            yield stored(start + timedelta(days=n), f"Day {n} was fine. ✨\n\nMore about day {n}.")


# Round trips ------------------------------------------------------------------


def test_json_round_trip():
    """export_json read back by parse gives the same dates, bodies and times."""
    data = "".join(export_json(JOURNAL)).encode()
    assert parse(data).entries == written(JOURNAL)
    assert parse(data, "daybook-json").entries == written(JOURNAL)


def test_text_round_trip():
    """export_text read back as OhLife gives the same dates and bodies."""
    data = "".join(export_text(JOURNAL)).encode()
    assert parse(data, "ohlife").entries == parse(data).entries == imported(JOURNAL)


def test_text_round_trip_keeps_a_date_only_line_in_the_body():
    """A body line that is only a date is indented on export and restored on import."""
    text = "".join(export_text([JOURNAL[2]]))
    assert text == "2026-11-29\n\nChecked the date:\n 2026-11-30\nis tomorrow.\n\n"
    assert parse(text.encode()).entries == imported([JOURNAL[2]])
    indented = stored(date(2026, 11, 29), "Two spaces:\n  2026-11-30")
    assert parse("".join(export_text([indented])).encode()).entries == imported([indented])


def test_round_trip_of_ten_years():
    """3,650 days survive the JSON round trip intact."""
    journal = list(Counting(3650))  # up to December 2026, so read as from January 2027
    exported = "".join(export_json(journal)).encode()
    assert parse(exported, latest=date(2027, 1, 1)).entries == written(journal)


# The shape of each export -----------------------------------------------------


def test_json_shape():
    """Daybook JSON has version 1 and each entry's fields, ISO formatted, tags derived."""
    document = json.loads("".join(export_json(JOURNAL[:1])))
    assert document == {
        "version": 1,
        "entries": [
            {
                "date": "2026-11-26",
                "body": "Called Grandma. She told the story about the goat again 🐐",
                "tags": [],
                "created": "2026-11-26T21:14:03+01:00",
                "updated": "2026-11-27T07:14:03+01:00",
            }
        ],
    }


def test_json_lists_each_entrys_tags_and_import_reads_them_from_the_text():
    """Tags are exported for other programs; importing ignores them and keeps the text's."""
    data = "".join(export_json([stored(date(2026, 11, 1), "With #Maya and #garden.")]))
    assert json.loads(data)["entries"][0]["tags"] == ["garden", "maya"]
    data = data.replace('"garden", "maya"', '"invented"')
    (entry,) = parse(data.encode()).entries
    assert entry.body == "With #Maya and #garden."


def test_markdown_export_closes_an_open_code_block():
    """A day whose code block is never closed cannot swallow the next day's heading."""
    days = [
        stored(date(2026, 11, 1), "Code:\n\n```python\nprint(1)"),
        stored(date(2026, 11, 2), "Closed:\n\n~~~\nx\n~~~"),
        stored(date(2026, 11, 3), "Next day."),
    ]
    document = "".join(export_markdown(days))
    assert "print(1)\n```\n\n# Monday, 2 November 2026" in document
    assert "x\n~~~\n\n# Tuesday" in document
    headings = [t for t in MARKDOWN.parse(document) if t.type == "heading_open"]
    assert len(headings) == 3


def test_json_of_no_entries_is_valid():
    """An empty journal still exports as valid JSON."""
    assert json.loads("".join(export_json([]))) == {"version": 1, "entries": []}


def test_json_is_streamed_entry_by_entry():
    """The opening, each entry and the closing are separate chunks."""
    chunks = list(export_json(JOURNAL))
    assert len(chunks) == len(JOURNAL) + 2
    assert chunks[0] == '{"version": 1, "entries": [\n'
    assert chunks[-1] == "\n]}\n"


def test_markdown_shape():
    """Markdown has a '# Friday, 27 November 2026' heading per day, then the text."""
    assert "".join(export_markdown(JOURNAL[:2])) == (
        "# Thursday, 26 November 2026\n\n"
        "Called Grandma. She told the story about the goat again 🐐\n"
        "\n"
        "# Friday, 27 November 2026\n\n"
        'Première neige ❄️ on the walk to work.\n\nA line with "quotes" and a \\ backslash.\n'
    )


def test_markdown_merges_entries_of_one_day():
    """Two entries on one date share a single heading."""
    morning = stored(date(2026, 11, 27), "Morning.")
    evening = stored(date(2026, 11, 27), "Evening.")
    assert "".join(export_markdown([morning, evening])) == (
        "# Friday, 27 November 2026\n\nMorning.\n\nEvening.\n"
    )


def test_markdown_zip_layout_and_front_matter():
    """The zip holds YYYY/YYYY-MM-DD.md files with date, created, updated and words."""
    files = unzip(export_markdown_zip(JOURNAL))
    assert sorted(files) == ["2026/2026-11-26.md", "2026/2026-11-27.md", "2026/2026-11-29.md"]
    assert files["2026/2026-11-26.md"] == (
        "---\n"
        "date: 2026-11-26\n"
        "created: 2026-11-26T21:14:03+01:00\n"
        "updated: 2026-11-27T07:14:03+01:00\n"
        "words: 10\n"
        "---\n\n"
        "Called Grandma. She told the story about the goat again 🐐\n"
    )


def test_markdown_zip_one_file_per_day():
    """Entries sharing a date become one file, spanning first created to last updated."""
    morning = Stored(
        date(2026, 1, 1),
        "Morning.",
        datetime(2026, 1, 1, 8, tzinfo=UTC),
        datetime(2026, 1, 1, 9, tzinfo=UTC),
    )
    evening = Stored(
        date(2026, 1, 1),
        "Evening.",
        datetime(2026, 1, 1, 20, tzinfo=UTC),
        datetime(2026, 1, 2, 1, tzinfo=UTC),
    )
    files = unzip(export_markdown_zip([morning, evening]))
    assert list(files) == ["2026/2026-01-01.md"]
    assert (
        "created: 2026-01-01T08:00:00+00:00\nupdated: 2026-01-02T01:00:00+00:00\n"
        in files["2026/2026-01-01.md"]
    )
    assert files["2026/2026-01-01.md"].endswith("---\n\nMorning.\n\nEvening.\n")


def test_markdown_zip_refuses_unsorted_entries():
    """A date that comes back after another day means unsorted input: refuse it."""
    days = [
        stored(date(2026, 1, 1), "a"),
        stored(date(2026, 1, 2), "b"),
        stored(date(2026, 1, 1), "c"),
    ]
    with pytest.raises(
        ValueError, match="entries must be sorted by date: 2026-01-01 appears twice"
    ):
        list(export_markdown_zip(days))


def test_markdown_zip_of_no_entries_is_a_valid_zip():
    """An empty journal gives an empty but valid zip."""
    assert unzip(export_markdown_zip([])) == {}


def test_markdown_zip_before_1980():
    """Days before 1980, which zip timestamps cannot hold, still export."""
    files = unzip(export_markdown_zip([stored(date(1975, 6, 1), "Old diary page.")]))
    assert list(files) == ["1975/1975-06-01.md"]


STRAY_DAYS = [
    date(1, 1, 1),
    date(1899, 12, 31),
    date(2107, 12, 31),
    date(2108, 1, 1),
    date(9999, 12, 31),
]


@pytest.mark.parametrize("day", STRAY_DAYS)
def test_markdown_zip_exports_any_stored_day(day):
    """A day outside zip's 1980-2107 timestamps (stored before dates were checked) still exports."""
    moment = datetime(2020, 1, 1, tzinfo=UTC)
    files = unzip(export_markdown_zip([Stored(day, "Stray.", moment, moment)]))
    name = f"{day.year:04d}/{day.isoformat()}.md"
    assert list(files) == [name]
    assert f"date: {day.isoformat()}" in files[name]


def test_markdown_zip_clamps_only_the_timestamp():
    """Out-of-range days get the nearest zip timestamp; days inside keep their own."""
    moment = datetime(2020, 1, 1, tzinfo=UTC)
    days = [date(1975, 6, 1), date(2026, 11, 27), date(2200, 3, 4)]
    chunks = export_markdown_zip([Stored(day, "x", moment, moment) for day in days])
    with zipfile.ZipFile(io.BytesIO(b"".join(chunks))) as archive:
        stamps = [info.date_time for info in archive.infolist()]
    assert stamps == [(1980, 1, 1, 12, 0, 0), (2026, 11, 27, 12, 0, 0), (2107, 12, 31, 12, 0, 0)]


@pytest.mark.parametrize("exporter", [export_json, export_text, export_markdown])
def test_text_exports_take_any_stored_day(exporter):
    """The text formats write any date a database can hold."""
    moment = datetime(2020, 1, 1, tzinfo=UTC)
    output = "".join(exporter([Stored(day, "Stray.", moment, moment) for day in STRAY_DAYS]))
    assert "9999-12-31" in output or "31 December 9999" in output


# Streaming --------------------------------------------------------------------


@pytest.mark.parametrize(
    "exporter", [export_json, export_text, export_markdown, export_markdown_zip]
)
def test_exporters_read_lazily(exporter):
    """Each exporter reads a day or two ahead of what it has written, never the whole journal."""
    journal = Counting(3650)
    chunks = exporter(journal)
    assert journal.read == 0  # a generator: nothing happens until asked
    for _ in range(5):
        next(chunks)
    assert journal.read <= 6
    rest = sum(1 for _ in chunks)
    assert journal.read == 3650
    assert rest > 3000  # it kept yielding as it went, not once at the end


def test_markdown_zip_chunks_stay_small():
    """Each zip chunk is about one day's file; only the closing directory is larger."""
    chunks = list(export_markdown_zip(Counting(3650)))
    assert len(chunks) == 3651
    assert max(len(chunk) for chunk in chunks[:-1]) < 1024
    files = unzip(chunks)
    assert len(files) == 3650
    last = date(2017, 1, 1) + timedelta(days=3649)
    assert files[f"{last.year}/{last}.md"].endswith(
        "Day 3649 was fine. ✨\n\nMore about day 3649.\n"
    )
