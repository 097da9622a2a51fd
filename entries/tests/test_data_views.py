"""Settings, "Your data": export, and import with its preview, progress and summary."""

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import UserFactory
from entries.models import Entry, ImportJob
from entries.tests.factories import EntryFactory, ImportJobFactory
from entries.transfer import importers

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "samples"
OHLIFE = b"2026-01-01\n\nNew year.\n\n2026-01-02\n\nSecond day.\n"


@pytest.fixture
def user(client):
    user = UserFactory(timezone="Pacific/Auckland")
    client.force_login(user)
    return user


def upload(client, data, name="export.txt", format=""):
    return client.post(
        reverse("entries:import"), {"file": SimpleUploadedFile(name, data), "format": format}
    )


def journal_of(user):
    return list(Entry.objects.for_user(user).order_by("date").values_list("date", "body"))


# Export ---------------------------------------------------------------------


def test_the_export_page_offers_every_format(client, user):
    """The export page lists the four formats, JSON chosen, with a download button."""
    response = client.get(reverse("entries:export"))
    assert response.status_code == 200
    for name in ("json", "markdown", "markdown-zip", "text"):
        assert f'value="{name}"' in response.text
    assert "Download" in response.text


def test_exporting_needs_a_login(client):
    """Someone logged out is sent to log in, not given a journal."""
    response = client.get(reverse("entries:export"), {"format": "json"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@time_machine.travel("2026-11-27 12:00Z", tick=False)
@pytest.mark.parametrize(
    ("format", "filename", "content_type"),
    [
        ("json", "daybook-2026-11-28.json", "application/json; charset=utf-8"),
        ("markdown", "daybook-2026-11-28.md", "text/markdown; charset=utf-8"),
        ("markdown-zip", "daybook-2026-11-28.zip", "application/zip"),
        ("text", "daybook-2026-11-28.txt", "text/plain; charset=utf-8"),
    ],
)
def test_export_streams_a_dated_download(client, user, format, filename, content_type):
    """The download streams, named for today in the person's own timezone."""
    EntryFactory(user=user, date=dt.date(2026, 11, 27), body="Kia ora.")
    response = client.get(reverse("entries:export"), {"format": format})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    content = b"".join(response.streaming_content)
    if format == "markdown-zip":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            assert archive.namelist() == ["2026/2026-11-27.md"]
    else:
        assert "Kia ora." in content.decode()


@pytest.mark.parametrize("format", ["json", "markdown", "markdown-zip", "text"])
def test_export_finishes_with_rows_stored_outside_the_journals_days(client, user, format):
    """Rows from before dates were checked (years 1 and 2200) export whole in every format."""
    EntryFactory(user=user, date=dt.date(1, 1, 1), body="Year one.")
    EntryFactory(user=user, date=dt.date(2026, 11, 27), body="Today.")
    EntryFactory(user=user, date=dt.date(2200, 1, 1), body="After 2107.")
    response = client.get(reverse("entries:export"), {"format": format})
    content = b"".join(response.streaming_content)
    if format == "markdown-zip":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            assert archive.testzip() is None
            assert archive.namelist() == [
                "0001/0001-01-01.md",
                "2026/2026-11-27.md",
                "2200/2200-01-01.md",
            ]
    else:
        assert b"After 2107." in content


def test_export_holds_only_your_own_entries_oldest_first(client, user):
    """The JSON export has the person's entries, sorted by date, and nobody else's."""
    EntryFactory(user=user, date=dt.date(2026, 3, 1), body="Later.")
    EntryFactory(user=user, date=dt.date(2025, 3, 1), body="Earlier.")
    EntryFactory(date=dt.date(2025, 6, 1), body="Not mine.")
    response = client.get(reverse("entries:export"), {"format": "json"})
    document = json.loads(b"".join(response.streaming_content))
    assert document["version"] == 1
    assert [entry["body"] for entry in document["entries"]] == ["Earlier.", "Later."]


def test_an_unknown_export_format_shows_the_page_again(client, user):
    """A made-up format gets the form back with an error, not a download."""
    response = client.get(reverse("entries:export"), {"format": "pdf"})
    assert response.status_code == 200
    assert not response.streaming
    assert "Select a valid choice" in response.text


def test_json_export_imports_into_a_new_account_identically(client, user):
    """A journal exported as JSON and imported into a new account is the same journal."""
    EntryFactory(user=user, date=dt.date(2024, 2, 29), body="Leap day.\n\nTwo paragraphs.")
    EntryFactory(user=user, date=dt.date(2025, 1, 1), body="Line one\nline two — ünïcode 🎉")
    EntryFactory(user=user, date=dt.date(2025, 1, 2), body="2025-01-02\nA date alone on a line.")
    exported = b"".join(client.get(reverse("entries:export"), {"format": "json"}).streaming_content)
    newcomer = UserFactory()
    client.force_login(newcomer)
    job = ImportJob.objects.get(pk=_job_pk(upload(client, exported, "daybook-2026-11-27.json")))
    client.post(reverse("entries:import_confirm", args=[job.pk]))
    assert journal_of(newcomer) == journal_of(user)


def _job_pk(response):
    assert response.status_code == 302, response.content
    return int(response.url.rstrip("/").rsplit("/", 1)[-1])


# Import ---------------------------------------------------------------------


def test_the_import_page_has_a_labelled_upload_form(client, user):
    """The import page asks for a file and, optionally, where it comes from."""
    response = client.get(reverse("entries:import"))
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert '<label for="id_file">' in response.text
    assert '<label for="id_format">' in response.text


def test_a_small_file_is_previewed_then_imported_on_confirmation(client, user):
    """Upload shows what will be added and merged; nothing changes until confirmed."""
    EntryFactory(user=user, date=dt.date(2026, 1, 2), body="Mine.")
    response = upload(client, OHLIFE)
    job_url = response.url
    preview = client.get(job_url)
    assert "Add</dt><dd>1 new day" in preview.text
    assert "Merge</dt><dd>1 day" in preview.text
    assert '<time datetime="2026-01-01">' in preview.text
    assert "Import 2 days" in preview.text
    assert journal_of(user) == [(dt.date(2026, 1, 2), "Mine.")]

    job = ImportJob.objects.get(user=user)
    response = client.post(reverse("entries:import_confirm", args=[job.pk]))
    assert response.url == job_url
    summary = client.get(job_url)
    assert "Added</dt><dd>1 new day" in summary.text
    assert "Read your journal" in summary.text
    assert journal_of(user) == [
        (dt.date(2026, 1, 1), "New year."),
        (dt.date(2026, 1, 2), "Mine.\n\nSecond day."),
    ]


def test_importing_the_same_file_again_offers_nothing_to_do(client, user):
    """A second upload of an imported file has nothing to add and says so."""
    first = ImportJob.objects.get(pk=_job_pk(upload(client, OHLIFE)))
    client.post(reverse("entries:import_confirm", args=[first.pk]))
    response = client.get(upload(client, OHLIFE).url)
    assert "Skip</dt><dd>2 days already in your journal" in response.text
    assert "nothing in this file that your journal does not already have" in response.text


def test_confirming_twice_imports_once(client, user):
    """A double click on Import does not import twice."""
    job = ImportJob.objects.get(pk=_job_pk(upload(client, OHLIFE)))
    client.post(reverse("entries:import_confirm", args=[job.pk]))
    client.post(reverse("entries:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.added) == (ImportJob.Status.DONE, 2)
    assert len(journal_of(user)) == 2


def test_the_preview_mentions_left_out_attachments_and_empty_entries(client, user):
    """A Day One import says how many photos and empty entries it leaves out."""
    data = (SAMPLES / "dayone" / "Journal.json").read_bytes()
    response = client.get(upload(client, data, "Journal.json").url)
    assert "2 other attachments (videos, audio, or photos the file names" in response.text
    assert "1 entry with no text" in response.text


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            b"2026-01-01\n\nfine\n\n2026-02-30\n\nno such day\n",
            "export.txt",
            "Line 5: 30 February 2026 isn&#x27;t a date (found &#x27;2026-02-30&#x27;)",
        ),
        (b"2026-01-01\n\ncaf\xe9\n", "export.txt", "byte 0xe9 at offset 15"),
        (
            b"<html>My page</html>",
            "page.html",
            "Daybook cannot tell which journal this file comes from",
        ),
        (b"PK\x03\x04 and then nothing", "Export.zip", "The zip file is damaged or truncated"),
        (b'{"version": 3, "entries": []}', "x.json", "Unsupported Daybook export version 3"),
    ],
)
def test_a_broken_file_imports_nothing_and_says_why(client, user, data, name, message):
    """Bad date, bad encoding, wrong format, truncated zip: nothing imported, and why."""
    response = client.get(upload(client, data, name).url)
    assert "Nothing was imported." in response.text
    assert message in response.text
    assert journal_of(user) == []
    assert ImportJob.objects.get(user=user).data is None


def test_a_file_over_50_mb_is_refused_with_its_size(client, user, monkeypatch):
    """An oversize upload gets a clear error naming its size and the limit."""
    monkeypatch.setattr(ImportJob, "MAX_BYTES", 1024)
    response = upload(client, b"2026-01-01\n\n" + b"x" * 2048)
    assert response.status_code == 200
    assert "imports files up to 50 MB" in response.text
    assert not ImportJob.objects.exists()


def test_choosing_the_wrong_format_says_what_was_expected(client, user):
    """Naming a format the file is not gives that format's complaint."""
    response = client.get(upload(client, OHLIFE, format="dabble-txt").url)
    assert "Line 1: this is not where a day starts" in response.text
    assert "(expected a heading such as &#x27;## 2026-11-27&#x27;" in response.text


def test_cancelling_throws_the_upload_away(client, user):
    """Cancel deletes the job and its file, and the journal is untouched."""
    job = ImportJob.objects.get(pk=_job_pk(upload(client, OHLIFE)))
    response = client.post(reverse("entries:import_cancel", args=[job.pk]), follow=True)
    assert "your journal is as it was" in response.text
    assert not ImportJob.objects.exists()
    assert journal_of(user) == []


def test_someone_elses_import_is_not_found(client, user):
    """Another person's import job, its progress and its buttons answer 404."""
    job = ImportJobFactory()
    for name, method in [
        ("import_job", client.get),
        ("import_progress", client.get),
        ("import_confirm", client.post),
        ("import_cancel", client.post),
    ]:
        assert method(reverse(f"entries:{name}", args=[job.pk])).status_code == 404


# Large files, in the worker ---------------------------------------------------


@pytest.fixture
def small_limits(monkeypatch):
    """Make any file "large", so it goes to the worker."""
    monkeypatch.setattr(ImportJob, "INLINE_BYTES", 10)
    monkeypatch.setattr(ImportJob, "INLINE_DAYS", 1)


def test_a_large_file_is_checked_and_saved_by_the_worker(
    client, user, small_limits, django_capture_on_commit_callbacks
):
    """A large upload is queued; the worker checks it, and after confirming, saves it."""
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = ImportJob.objects.get(pk=_job_pk(upload(client, OHLIFE)))
    assert job.status == ImportJob.Status.CHECKING
    assert len(queued) == 1
    queued[0]()  # the worker's turn (huey runs tasks at once in tests)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY

    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(reverse("entries:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SAVING
    assert journal_of(user) == []
    queued[0]()
    job.refresh_from_db()
    assert (job.status, job.added) == (ImportJob.Status.DONE, 2)
    assert len(journal_of(user)) == 2


def test_the_progress_page_updates_with_and_without_javascript(client, user):
    """While working, the page has a progress bar, a polling script and a no-script refresh."""
    job = ImportJobFactory(user=user, total=3650, done=1200)
    response = client.get(reverse("entries:import_job", args=[job.pk]))
    progress_url = reverse("entries:import_progress", args=[job.pk])
    assert f'data-progress-url="{progress_url}"' in response.text
    assert 'max="3650" value="1200"' in response.text
    assert "Checked 1,200 of 3,650 days" in response.text
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in response.text
    assert "js/import-progress.js" in response.text
    assert client.get(progress_url).json() == {"status": "checking", "total": 3650, "done": 1200}


def test_a_finished_import_page_stops_refreshing(client, user):
    """Once an import is done, the page neither refreshes nor polls."""
    job = ImportJobFactory(user=user, status=ImportJob.Status.DONE, data=None, added=2)
    response = client.get(reverse("entries:import_job", args=[job.pk]))
    assert "refresh" not in response.text
    assert "import-progress.js" not in response.text
    assert "Added</dt><dd>2 new days" in response.text


def test_the_import_page_lists_recent_imports(client, user):
    """Past imports are listed with their state, to find a summary again."""
    ImportJobFactory(user=user, status=ImportJob.Status.DONE, data=None)
    response = client.get(reverse("entries:import"))
    assert "Recent imports" in response.text
    assert "Imported" in response.text


def test_import_formats_offered_match_the_importers():
    """Every format the importers read can be chosen on the form."""
    from entries.forms import IMPORT_FORMATS

    assert [name for name, _ in IMPORT_FORMATS[1:]] == list(importers.FORMATS)


def test_the_preview_says_dabble_images_stay_links(client, user):
    """dabble.me's images are not downloaded; the preview says they stay as links."""
    data = b'[{"date": "2024-01-01", "body": "<p>Hi</p>", "image": "https://dabble.me/i/1.jpg"}]'
    response = client.get(upload(client, data, "dabble.json").url)
    assert "1 image stays on dabble.me" in response.text
