"""export_entries and import_entries, the journal in and out from the command line."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from accounts.tests.factories import UserFactory
from entries.models import Entry, ImportJob
from entries.tests.factories import EntryFactory

pytestmark = pytest.mark.django_db

JOURNAL = [
    (dt.date(2024, 2, 29), "Leap day.\n\nTwo paragraphs."),
    (dt.date(2025, 1, 1), "Line one\nline two — ünïcode 🎉"),
    (dt.date(2025, 1, 2), "2025-01-02\nA date alone on a line."),
]


@pytest.fixture
def writer():
    user = UserFactory(email="writer@example.com")
    for date, body in JOURNAL:
        EntryFactory(user=user, date=date, body=body)
    return user


def journal_of(user):
    return list(Entry.objects.for_user(user).order_by("date").values_list("date", "body"))


def export(*args):
    out = io.StringIO()
    call_command("export_entries", *args, stdout=out)
    return out.getvalue()


def import_(*args):
    out = io.StringIO()
    call_command("import_entries", *args, stdout=out)
    return out.getvalue()


def test_export_writes_json_to_standard_output(writer):
    """JSON is the default, written to standard output, oldest first."""
    document = json.loads(export("Writer@Example.com"))
    assert [entry["date"] for entry in document["entries"]] == [
        "2024-02-29",
        "2025-01-01",
        "2025-01-02",
    ]


@pytest.mark.parametrize("format", ["json", "text"])
def test_export_then_import_into_a_new_account_gives_the_same_journal(writer, tmp_path, format):
    """A round trip through a file, JSON or OhLife text, gives back the same journal."""
    path = tmp_path / f"journal.{format}"
    export("writer@example.com", "--format", format, "--output", str(path))
    newcomer = UserFactory(email="new@example.com")
    output = import_("new@example.com", str(path))
    assert journal_of(newcomer) == journal_of(writer) == JOURNAL
    assert output.startswith("Imported 3 days: 3 added, 0 merged, 0 skipped")


def test_a_json_round_trip_keeps_when_each_entry_was_written(writer, tmp_path):
    """Daybook's JSON carries each entry's created and updated times into the new account."""
    Entry.objects.filter(user=writer).update(
        created=dt.datetime(2020, 5, 1, 9, 0, tzinfo=dt.UTC),
        updated=dt.datetime(2021, 6, 2, 10, 30, tzinfo=dt.UTC),
    )
    path = tmp_path / "journal.json"
    export("writer@example.com", "--format", "json", "--output", str(path))
    newcomer = UserFactory(email="new@example.com")
    import_("new@example.com", str(path))

    def times(user):
        return list(
            Entry.objects.filter(user=user)
            .order_by("date")
            .values_list("date", "created", "updated")
        )

    assert times(newcomer) == times(writer)


def test_export_writes_markdown_files_into_a_zip(writer, tmp_path):
    """The Markdown zip has one file per day, each with front matter."""
    path = tmp_path / "journal.zip"
    export("writer@example.com", "--format", "markdown-zip", "--output", str(path))
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == [
            "2024/2024-02-29.md",
            "2025/2025-01-01.md",
            "2025/2025-01-02.md",
        ]
        assert archive.read("2024/2024-02-29.md").decode().startswith("---\ndate: 2024-02-29\n")


def test_export_markdown_has_a_heading_per_day(writer):
    """The single Markdown file heads each day with its long date."""
    assert export("writer@example.com", "--format", "markdown").startswith(
        "# Thursday, 29 February 2024\n\nLeap day."
    )


def test_a_zip_is_not_written_to_a_terminal(writer, monkeypatch):
    """Asking for a zip on a terminal is refused, with what to do instead."""
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    with pytest.raises(CommandError, match="use --output FILE"):
        export("writer@example.com", "--format", "markdown-zip")


def test_a_zip_goes_to_standard_output_when_piped(writer, monkeypatch):
    """Piped, the zip's bytes go to standard output."""
    buffer = io.BytesIO()

    class Piped:
        def isatty(self):
            return False

        @property
        def buffer(self):
            return buffer

    monkeypatch.setattr("sys.stdout", Piped())
    export("writer@example.com", "--format", "markdown-zip")
    assert zipfile.ZipFile(buffer).namelist()[0] == "2024/2024-02-29.md"


def test_an_unknown_address_is_an_error():
    """Both commands stop with a clear error for an address with no account."""
    with pytest.raises(CommandError, match=r"No account has the address nobody@example\.com"):
        export("nobody@example.com")
    with pytest.raises(CommandError, match=r"No account has the address nobody@example\.com"):
        import_("nobody@example.com", "missing.json")


def test_import_reads_each_sample_format(tmp_path):
    """Every sample file imports, its format worked out from the file."""
    from pathlib import Path

    samples = Path(__file__).parent / "samples"
    user = UserFactory(email="samples@example.com")
    for sample in [*sorted(samples.glob("*.*")), samples / "dayone" / "Journal.json"]:
        import_("samples@example.com", str(sample))
    # 18 days in seven files; dabble.me's text and JSON samples share three.
    assert Entry.objects.for_user(user).count() == 15


def test_import_is_all_or_nothing_and_says_where(tmp_path, writer):
    """A broken file imports nothing and the error names the line and what was expected."""
    path = tmp_path / "export.txt"
    path.write_bytes(b"2026-01-01\n\nfine\n\n2026-02-30\n\nno such day\n")
    with pytest.raises(CommandError) as caught:
        import_("writer@example.com", str(path))
    assert str(caught.value) == (
        "export.txt, Line 5: 30 February 2026 isn't a date (found '2026-02-30'). "
        "Nothing was imported."
    )
    assert journal_of(writer) == JOURNAL


def test_import_that_would_make_a_days_entry_too_long_says_which_day(tmp_path, writer):
    """The command refuses a file whose text would push a day's entry past the limit."""
    path = tmp_path / "export.txt"
    path.write_bytes(b"2025-01-01\n\nMore words for that day.\n")
    Entry.objects.filter(user=writer, date=dt.date(2025, 1, 1)).update(body="w" * 99_990)
    with pytest.raises(CommandError, match=r"^export.txt, 2025-01-01: with the entry already"):
        import_("writer@example.com", str(path))


def test_importing_the_same_file_twice_changes_nothing(tmp_path, writer):
    """The second import of a file skips every day."""
    path = tmp_path / "journal.json"
    export("writer@example.com", "--output", str(path))
    output = import_("writer@example.com", str(path), "--format", "daybook-json")
    assert output.startswith("Imported 3 days: 0 added, 0 merged, 3 skipped (3 already there")
    assert journal_of(writer) == JOURNAL


def test_import_reports_left_out_attachments(tmp_path):
    """Day One photos are counted in the command's summary."""
    from pathlib import Path

    UserFactory(email="a@example.com")
    sample = Path(__file__).parent / "samples" / "dayone" / "Journal.json"
    output = import_("a@example.com", str(sample))
    assert "1 with no text" in output
    assert "2 photos or other attachments were left out." in output


def test_import_refuses_a_missing_or_oversize_file(tmp_path, monkeypatch):
    """A file that is not there, or over 50 MB, is refused before reading."""
    UserFactory(email="a@example.com")
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.json: No such file"):
        import_("a@example.com", str(tmp_path / "missing.json"))
    monkeypatch.setattr(ImportJob, "MAX_BYTES", 5)
    path = tmp_path / "big.txt"
    path.write_bytes(b"2026-01-01\n\nhello\n")
    with pytest.raises(CommandError, match=r"is 18 bytes; imports are limited to 50 MB"):
        import_("a@example.com", str(path))
