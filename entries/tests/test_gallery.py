"""Photos in the browser: added, shown, captioned, deleted and served to their owner only."""

import datetime as dt
import urllib.request

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from entries import gallery
from entries.models import Entry, Photo
from entries.tests import images
from entries.tests.factories import EntryFactory, make_photo

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def entry(user):
    return EntryFactory(user=user, date=TODAY)


def upload(name="IMG_1.jpg", data=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data or images.jpeg(), content_type=content_type)


def done_with(response):
    """Close a file response (and its file), as the server does once it is sent.

    Closing sends request_finished, whose handler would close the database
    connection under the test's transaction on PostgreSQL; the test client
    itself keeps that handler away while it answers, and so does this.
    """
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def day_url(date):
    return reverse("entries:day", args=[date.year, date.month, date.day])


def test_write_saves_several_photos_with_their_captions(
    client, user, django_capture_on_commit_callbacks
):
    """Two photos chosen on the write page are saved in order, each with its caption."""
    files = [upload("a.jpg", images.jpeg(color=(1, 1, 1))), upload("b.jpg", images.heic())]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("entries:write"),
            {"date": "2026-11-27", "body": "Snow.", "photos": files, "captions": ["Sledging", ""]},
        )
    assert response.status_code == 302
    photos = list(Photo.objects.filter(user=user).order_by("position"))
    assert [photo.caption for photo in photos] == ["Sledging", ""]
    assert [photo.state for photo in photos] == [Photo.State.READY, Photo.State.READY]
    page = client.get(day_url(TODAY)).content.decode()
    assert 'alt="Sledging"' in page
    assert 'alt="Photo 2 of 2, 27 November 2026"' in page
    assert photos[0].thumbnail_url in page


def test_photos_alone_make_an_entry(client, user):
    """A day of photos without words is saved; a day of nothing is still refused."""
    response = client.post(reverse("entries:write"), {"date": "2026-11-27", "photos": [upload()]})
    assert response.status_code == 302
    assert Entry.objects.get(user=user).photos.count() == 1
    response = client.post(reverse("entries:write"), {"date": "2026-11-26", "body": " "})
    assert response.status_code == 200
    assert "an empty entry" in response.content.decode()


def test_a_photo_over_the_limit_is_refused_with_its_name(client, user, settings):
    """A file larger than the per-file limit is refused, naming it, and nothing is saved."""
    settings.MAX_UPLOAD_BYTES = 1000
    response = client.post(
        reverse("entries:write"),
        {"date": "2026-11-27", "body": "Hi", "photos": [upload("big.jpg")]},
    )
    assert response.status_code == 200
    assert "big.jpg is" in response.content.decode()
    assert not Entry.objects.exists()


def test_too_many_photos_at_once_are_refused(client, monkeypatch):
    """More files than one save takes is a clear error, not a slow request."""
    monkeypatch.setattr("entries.forms.MAX_FILES_PER_SAVE", 1)
    response = client.post(
        reverse("entries:write"),
        {"date": "2026-11-27", "photos": [upload("a.jpg"), upload("b.jpg", images.png())]},
    )
    assert "Add up to 1 photos" in response.content.decode()


def test_edit_adds_photos(client, entry):
    """Saving an edit with photos adds them to the day."""
    url = reverse("entries:edit", args=[2026, 11, 27])
    form = client.get(url).context["form"]
    response = client.post(
        url, {"body": "Changed.", "version": form.initial["version"], "photos": [upload()]}
    )
    assert response.status_code == 302
    assert entry.photos.count() == 1


def test_edit_form_errors_keep_the_page(client, entry):
    """An empty edit is refused and shows the form again, photo field included."""
    url = reverse("entries:edit", args=[2026, 11, 27])
    response = client.post(url, {"body": "", "version": "1"})
    assert response.status_code == 400
    assert 'type="file"' in response.content.decode()


def test_a_failed_photo_says_it_could_not_be_read(client, entry):
    """A photo the worker could not read is shown as such, with the text and others intact."""
    make_photo(entry, b"not a photo", name="broken.jpg")
    make_photo(entry)
    page = client.get(day_url(TODAY)).content.decode()
    assert "could not be read" in page
    assert "Walked to the river" in page
    assert page.count('loading="lazy"') == 1


def test_a_photo_waiting_for_the_worker_is_shown_as_being_prepared(client, entry):
    """Before the worker has made its thumbnail, the day says the photo is being prepared."""
    Photo.objects.add(entry, upload())
    assert "being prepared" in client.get(day_url(TODAY)).content.decode()


def test_files_are_listed_with_name_type_and_size(client, entry):
    """Attached files are listed by name, type and size, and download as attachments."""
    pdf = make_photo(entry, b"%PDF-1.4 x", name="tickets.pdf", content_type="application/pdf")
    page = client.get(day_url(TODAY)).content.decode()
    assert "tickets.pdf" in page
    assert "application/pdf, 10\xa0bytes" in page
    response = client.get(pdf.original_url)
    done_with(response)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")


def test_a_file_claiming_to_be_html_is_served_as_bytes(client, entry):
    """An attached HTML page is downloaded as plain bytes, never rendered."""
    page = make_photo(entry, b"<script>alert(1)</script>", name="x.html", content_type="text/html")
    response = client.get(page.original_url)
    done_with(response)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("variant", ["thumbnail", "large", "original"])
def test_the_owner_gets_each_size_privately(client, entry, variant):
    """Each size is an image type, private to the browser, nosniff, never HTML."""
    photo = make_photo(entry)
    response = client.get(photo.file_url(variant))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"].startswith("private")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    done_with(response)


def test_an_unknown_size_or_a_missing_derivative_is_not_found(client, entry):
    """Only the three sizes exist, and a file has only its original."""
    photo = make_photo(entry)
    assert client.get(photo.file_url("huge")).status_code == 404
    pdf = make_photo(entry, b"%PDF", name="a.pdf", content_type="application/pdf")
    assert client.get(pdf.file_url("thumbnail")).status_code == 404


def test_a_failed_photos_original_downloads_as_bytes(client, entry):
    """An original the worker could not read is offered as a download, not shown."""
    photo = make_photo(entry, b"<html>", name="trick.jpg")
    response = client.get(photo.original_url)
    done_with(response)
    assert response["Content-Type"] == "application/octet-stream"


def routes(photo):
    """Every route that names a photo, with its method."""
    return [
        ("get", photo.get_absolute_url()),
        ("post", reverse("entries:photo_caption", args=[photo.key])),
        ("post", reverse("entries:photo_delete", args=[photo.key])),
        ("post", reverse("entries:photo_restore", args=[photo.key])),
        ("get", photo.file_url("thumbnail")),
        ("get", photo.file_url("large")),
        ("get", photo.file_url("original")),
    ]


def test_nobody_else_finds_any_photo_route(entry):
    """Another person gets 404 on every photo and file route of someone else's, deleted or not."""
    photo = make_photo(entry)
    pdf = make_photo(entry, b"%PDF", name="a.pdf", content_type="application/pdf")
    stranger = Client()
    stranger.force_login(UserFactory())
    for item in (photo, pdf):
        for method, url in routes(item):
            assert getattr(stranger, method)(url).status_code == 404, url
    photo.soft_delete(NOW)
    for method, url in routes(photo):
        assert getattr(stranger, method)(url).status_code == 404, url
    assert Photo.objects.get(pk=photo.pk).caption == ""
    anonymous = Client()
    for method, url in routes(pdf):
        assert getattr(anonymous, method)(url).status_code == 302, url


def test_the_large_view_has_the_days_neighbours(client, entry):
    """The large view links the day's previous and next photos, for the arrow keys."""
    first, second, third = make_photo(entry), make_photo(entry), make_photo(entry, caption="Dusk")
    page = client.get(second.get_absolute_url()).content.decode()
    assert "Photo 2 of 3" in page
    assert f'rel="prev" href="{first.get_absolute_url()}"' in page
    assert f'rel="next" href="{third.get_absolute_url()}"' in page
    assert second.large_url in page
    assert 'alt="Dusk"' in client.get(third.get_absolute_url()).content.decode()


def test_the_caption_can_be_edited(client, entry):
    """A caption is saved from the large view; one that is too long is refused."""
    photo = make_photo(entry)
    url = reverse("entries:photo_caption", args=[photo.key])
    assert client.post(url, {"caption": "  The pier  "}).status_code == 302
    photo.refresh_from_db()
    assert photo.caption == "The pier"
    client.post(url, {"caption": "x" * 501})
    photo.refresh_from_db()
    assert photo.caption == "The pier"


def test_a_deleted_photo_waits_in_the_bin_and_comes_back(client, entry):
    """Deleting a photo hides it from its day; Recently deleted restores it."""
    photo = make_photo(entry, caption="Keep me")
    response = client.post(reverse("entries:photo_delete", args=[photo.key]))
    assert response.url == day_url(TODAY)
    assert photo.thumbnail_url not in client.get(day_url(TODAY)).content.decode()
    assert client.get(photo.get_absolute_url()).status_code == 404
    shown = client.get(photo.thumbnail_url)  # the bin shows it
    done_with(shown)
    assert shown.status_code == 200
    assert "Keep me" in client.get(reverse("entries:deleted")).content.decode()
    client.post(reverse("entries:photo_restore", args=[photo.key]))
    assert photo.thumbnail_url in client.get(day_url(TODAY)).content.decode()


def test_a_photo_cannot_be_restored_after_30_days(client, entry):
    """Past 30 days a deleted photo is no longer restorable."""
    photo = make_photo(entry)
    photo.soft_delete(NOW - dt.timedelta(days=31))
    assert client.post(reverse("entries:photo_restore", args=[photo.key])).status_code == 404


def test_photos_go_to_the_bin_with_their_day(client, entry):
    """A deleted day's photos leave the Photos page, and return when the day is restored."""
    photo = make_photo(entry)
    client.post(reverse("entries:delete", args=[2026, 11, 27]))
    assert photo.thumbnail_url not in client.get(reverse("entries:photos")).content.decode()
    client.post(reverse("entries:restore", args=[entry.pk]))
    assert photo.thumbnail_url in client.get(reverse("entries:photos")).content.decode()


def test_purging_removes_photos_deleted_over_30_days_ago(entry, django_capture_on_commit_callbacks):
    """The nightly purge deletes photos (and their files) once they are past restoring."""
    from entries.tasks import purge_deleted_photos

    old, recent = make_photo(entry), make_photo(entry)
    old.soft_delete(NOW - dt.timedelta(days=31))
    recent.soft_delete(NOW - dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_deleted_photos.call_local() == 1
    assert list(Photo.objects.all()) == [recent]
    assert not old.original.storage.exists(old.original.name)


def test_journal_cards_show_the_first_thumbnail_and_a_count(client, entry):
    """A day with photos shows its first thumbnail and how many there are in the journal."""
    first = make_photo(entry)
    make_photo(entry)
    page = client.get(reverse("entries:journal")).content.decode()
    assert first.thumbnail_url in page
    assert "2 photos" in page


def test_the_photos_page_goes_by_month_newest_first_a_page_at_a_time(client, user, monkeypatch):
    """The Photos page lists months newest first and pages on with a key, not an offset."""
    monkeypatch.setattr(gallery, "PAGE_SIZE", 2)
    october = EntryFactory(user=user, date=dt.date(2026, 10, 3))
    november = EntryFactory(user=user, date=dt.date(2026, 11, 2))
    old, new1, new2 = make_photo(october), make_photo(november), make_photo(november)
    first = client.get(reverse("entries:photos"))
    page = first.content.decode()
    assert page.index(new1.thumbnail_url) < page.index(new2.thumbnail_url)
    assert "November 2026" in page
    assert old.thumbnail_url not in page
    second = client.get(reverse("entries:photos"), {"after": first.context["after"]})
    assert old.thumbnail_url in second.content.decode()
    assert "October 2026" in second.content.decode()
    assert second.context["after"] is None


@pytest.mark.parametrize("cursor", ["nonsense", "2026-13-45.0.1", "2026-11-27.x.1"])
def test_a_broken_photos_cursor_is_not_found(client, cursor):
    """A made-up page key is a 404, not an error."""
    assert client.get(reverse("entries:photos"), {"after": cursor}).status_code == 404


def test_an_empty_photos_page_says_how_to_add_some(client):
    """With no photos yet the page says where they come from."""
    assert "No photos yet" in client.get(reverse("entries:photos")).content.decode()
    old = client.get(reverse("entries:photos"), {"after": "2000-01-01.0.1"})
    assert "No older photos" in old.content.decode()


def count_queries(client, url):
    client.get(url)  # a session's first request records the session; count the next
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_day_page_costs_the_same_queries_for_1_or_12_photos(client, user):
    """The day page reads its photos in one query, however many there are."""
    one, twelve = EntryFactory(user=user), EntryFactory(user=user)
    make_photo(one)
    for _ in range(12):
        make_photo(twelve)
    assert count_queries(client, day_url(one.date)) == count_queries(client, day_url(twelve.date))


def test_the_photos_and_journal_pages_cost_the_same_queries_for_any_number(client, user):
    """The Photos page and the journal's covers cost a fixed number of queries."""
    entry = EntryFactory(user=user)
    make_photo(entry)
    photos_one = count_queries(client, reverse("entries:photos"))
    journal_one = count_queries(client, reverse("entries:journal"))
    for _ in range(5):
        day = EntryFactory(user=user)
        for _ in range(3):
            make_photo(day)
    assert count_queries(client, reverse("entries:photos")) == photos_one
    assert count_queries(client, reverse("entries:journal")) == journal_one


def test_settings_show_the_storage_a_person_uses(client, entry):
    """The settings page says how much storage the person's photos and files take."""
    make_photo(entry, b"x" * 2048, name="a.bin", content_type="application/octet-stream")
    page = client.get(reverse("accounts:settings")).content.decode()
    assert "2.0\xa0KB" in page


def test_object_storage_serves_by_a_short_lived_signed_redirect(client, entry, s3_storage):
    """With a bucket the owner is redirected to a signed URL that expires in minutes."""
    photo = make_photo(entry, caption="Signed")
    response = client.get(photo.thumbnail_url)
    assert response.status_code == 302
    assert "X-Amz-Expires=300" in response.url
    assert response["Cache-Control"].startswith("private")
    with urllib.request.urlopen(response.url) as signed:  # noqa: S310 (moto on loopback)
        assert signed.headers["Content-Type"] == "image/jpeg"
        assert signed.read()[:2] == b"\xff\xd8"
    unsigned = response.url.split("?")[0]
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(unsigned)  # noqa: S310
