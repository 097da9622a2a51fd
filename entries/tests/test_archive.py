"""The archive export and import: every photo and file out and back in, byte for byte."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from entries.models import Entry, ImportJob, Photo
from entries.tests import images
from entries.tests.factories import EntryFactory, make_photo
from entries.transfer import exporters, importers

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def download(client, format):
    response = client.get(reverse("entries:export"), {"format": format})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def import_file(client, data, name="daybook-archive.zip"):
    upload = SimpleUploadedFile(name, data, content_type="application/zip")
    client.post(reverse("entries:import"), {"file": upload, "format": ""})
    job = ImportJob.objects.latest("pk")
    client.post(reverse("entries:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    return job


def hashes(user):
    return sorted(
        (photo.date, photo.caption, photo.name, photo.sha256)
        for photo in Photo.objects.filter(user=user)
    )


@pytest.fixture
def journal():
    """A journal with two days of photos (one failed to read), a file, and a day of text."""
    user = UserFactory()
    snow = EntryFactory(user=user, body="Snow.")
    make_photo(snow, images.jpeg(exif=images.camera_exif()), name="IMG_1.JPG", caption="Sledging")
    make_photo(snow, images.heic(), name="IMG_2.HEIC", content_type="image/heic")
    make_photo(snow, b"%PDF-1.4 tickets", name="tickets.pdf", content_type="application/pdf")
    quiet = EntryFactory(user=user, body="")
    make_photo(quiet, b"corrupt", name="broken.jpg")
    EntryFactory(user=user, body="Just words.")
    deleted = make_photo(snow, images.png(), name="gone.png", content_type="image/png")
    deleted.soft_delete(deleted.created)
    return user


def test_the_archive_holds_daybook_json_v2_and_every_original(journal):
    """The zip has daybook.json (version 2) listing photos and files, and their exact bytes."""
    data = download(logged_in(journal), "archive")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document = json.loads(archive.read("daybook.json"))
        assert document["version"] == 2
        snow = next(entry for entry in document["entries"] if entry["body"] == "Snow.")
        assert [photo["caption"] for photo in snow["photos"]] == ["Sledging", ""]
        assert [file["name"] for file in snow["files"]] == ["tickets.pdf"]
        entries = document["entries"]
        listed = [item for entry in entries for item in entry["photos"] + entry["files"]]
        for item in listed:
            assert hashlib.sha256(archive.read(item["path"])).hexdigest() == item["sha256"]
        assert snow["photos"][0]["path"].startswith("photos/")
        assert snow["files"][0]["path"].startswith("files/")
        assert snow["photos"][0]["taken_at"] == "2026-11-27T08:30:00+00:00"  # 09:30 in Paris
    # The deleted photo stays out; the three kept photos and the file are in.
    assert len(listed) == 4


def test_an_archive_restores_every_byte_into_an_empty_account(journal):
    """Importing the archive into a new account brings every photo and file back, hash-equal."""
    data = download(logged_in(journal), "archive")
    newcomer = UserFactory()
    job = import_file(logged_in(newcomer), data)
    assert job.status == ImportJob.Status.DONE, job.error
    assert hashes(newcomer) == [row for row in hashes(journal) if row[2] != "gone.png"]
    days = dict(Entry.objects.filter(user=newcomer).values_list("date", "body"))
    assert sorted(days.values()) == ["", "Just words.", "Snow."]
    for photo in Photo.objects.filter(user=newcomer):
        with photo.original.open("rb") as original:
            assert hashlib.sha256(original.read()).hexdigest() == photo.sha256


def test_importing_the_same_archive_again_changes_nothing(journal):
    """A second import of the same archive adds no entry, text or photo."""
    data = download(logged_in(journal), "archive")
    newcomer = UserFactory()
    client = logged_in(newcomer)
    import_file(client, data)
    before = (hashes(newcomer), list(Entry.objects.filter(user=newcomer).values("date", "body")))
    job = import_file(client, data)
    assert job.status == ImportJob.Status.DONE
    assert job.added == job.merged == 0
    after = (hashes(newcomer), list(Entry.objects.filter(user=newcomer).values("date", "body")))
    assert after == before


def test_version_1_json_still_imports():
    """An export from before photos (version 1) still reads."""
    data = b'{"version": 1, "entries": [{"date": "2026-01-01", "body": "Hello."}]}'
    journal = importers.parse(data)
    assert [(entry.body, entry.attachments) for entry in journal.entries] == [("Hello.", ())]


def archive_of(document, members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("daybook.json", json.dumps(document))
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def one_photo(path="photos/2026/a.jpg", sha256=None, data=b"jpeg bytes"):
    item = {"path": path, "name": "a.jpg", "sha256": sha256 or hashlib.sha256(data).hexdigest()}
    entry = {"date": "2026-01-01", "body": "", "photos": [item]}
    return {"version": 2, "entries": [entry]}


@pytest.mark.parametrize(
    ("document", "members", "message"),
    [
        (one_photo(), {}, "not in the archive"),
        (one_photo(sha256="0" * 64), {"photos/2026/a.jpg": b"jpeg bytes"}, "does not match"),
        (one_photo(path="../etc/passwd"), {}, "expected a path under photos/"),
        (one_photo(sha256="nothex"), {}, "64 hexadecimal digits"),
        ({"version": 3, "entries": []}, {}, "versions 1 and 2"),
    ],
)
def test_a_damaged_or_altered_archive_is_refused(document, members, message):
    """A missing or changed file, or an odd path, stops the import with where and why."""
    with pytest.raises(importers.FormatError, match=message):
        importers.parse(archive_of(document, members), filename="daybook.zip")


@pytest.mark.parametrize(
    ("photos", "message"),
    [
        ("nope", "should be a list"),
        ([{"path": "photos/a.jpg", "caption": 3}], "should be text"),
    ],
)
def test_badly_listed_photos_are_refused(photos, message):
    """Photos listed in the wrong shape are refused, saying which entry."""
    document = {"version": 2, "entries": [{"date": "2026-01-01", "body": "x", "photos": photos}]}
    with pytest.raises(importers.FormatError, match=message):
        importers.parse(json.dumps(document).encode())


def test_a_zip_without_daybook_json_is_read_as_day_one():
    """Only a zip holding daybook.json is taken for Daybook's archive."""
    assert importers.detect_format(b"PK\x03\x04 broken", "x.zip") == "dayone-zip"
    with pytest.raises(importers.FormatError, match="damaged"):
        importers.parse(b"PK\x03\x04 broken", "daybook-archive")


def test_the_markdown_folder_links_each_photo_beside_its_day(journal):
    """The Markdown zip keeps each day's photos next to its file, linked from its text."""
    data = download(logged_in(journal), "markdown-zip")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        snow_day = next(name for name in names if archive.read(name).find(b"Snow.") >= 0)
        text = archive.read(snow_day).decode()
        folder = snow_day.removesuffix(".md").split("/")[-1]
        assert f"![Sledging]({folder}/1.jpg)" in text
        assert f"[tickets.pdf]({folder}/3.pdf)" in text
        assert archive.read(f"{snow_day.removesuffix('.md')}/2.heic")[4:12] == b"ftypheic"


def test_the_archive_streams_photo_by_photo(journal):
    """The archive is handed out in pieces as each photo is copied, not built whole first."""
    entries = Photo.objects.attached(Entry.objects.for_export(journal))
    pieces = [piece for piece in exporters.export_archive(entries) if piece]
    assert len(pieces) > 4


def test_a_day_one_zip_brings_its_photos_to_their_day(
    dayone_zip, django_capture_on_commit_callbacks
):
    """From the Day One zip, the photo it holds is imported onto its entry's day."""
    user = UserFactory()
    client = logged_in(user)
    upload = SimpleUploadedFile("Export.zip", dayone_zip, content_type="application/zip")
    response = client.post(reverse("entries:import"), {"file": upload, "format": ""})
    assert "1 photo or file comes with its day" in client.get(response.url).text
    with django_capture_on_commit_callbacks(execute=True):
        job = import_file(client, dayone_zip, "Export.zip")
    assert job.status == ImportJob.Status.DONE
    photo = Photo.objects.get(user=user)
    assert photo.date.isoformat() == "2026-03-02"
    assert photo.name == "5d41402abc4b2a76b9719d911017c592.jpeg"
    assert photo.state == Photo.State.FAILED  # the sample's photo is a stand-in, not a JPEG
