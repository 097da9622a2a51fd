"""Photos in a real browser: upload two while writing, see them, open one large, delete, restore."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from entries.models import Photo
from entries.tests import images
from entries.tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_upload_see_open_delete_and_restore_photos(page, live_server):
    """Two photos added while writing show in the day's gallery; one opens large, goes, returns."""
    user = UserFactory()
    log_in(page, live_server, user)
    page.goto("/journal/write/")
    page.get_by_label("What happened?").fill("Snow on the hill.")
    page.get_by_label("Photos").set_input_files(
        [
            {"name": "IMG_1.jpg", "mimeType": "image/jpeg", "buffer": images.jpeg(color=(9, 9, 9))},
            {"name": "IMG_2.png", "mimeType": "image/png", "buffer": images.png((500, 400))},
        ]
    )
    # The script offers a caption box for each chosen photo.
    page.get_by_label("Caption for IMG_1.jpg (optional)").fill("Sledging")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved your entry")).to_be_visible()

    gallery = page.get_by_role("region", name="Photos")
    expect(gallery.get_by_role("img")).to_have_count(2)
    expect(gallery.get_by_role("img", name="Sledging")).to_be_visible()
    second_name = re.compile(r"^Photo 2 of 2, \d+ \w+ \d{4}$")
    expect(gallery.get_by_role("img", name=second_name)).to_be_visible()
    assert Photo.objects.filter(user=user, state=Photo.State.READY).count() == 2

    gallery.get_by_role("img", name="Sledging").click()
    expect(page.get_by_role("heading", name=re.compile("^Photo 1 of 2"))).to_be_visible()
    large = page.locator(".large-view img")
    expect(large).to_be_visible()
    assert large.evaluate("image => image.naturalWidth") == 640
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", name=re.compile("^Photo 2 of 2"))).to_be_visible()
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("heading", name=re.compile("^Photo 1 of 2"))).to_be_visible()

    page.get_by_role("button", name="Delete this photo").click()
    expect(page.get_by_text("You can restore it from Recently deleted")).to_be_visible()
    expect(page.get_by_role("region", name="Photos").get_by_role("img")).to_have_count(1)

    page.get_by_role("link", name="Recently deleted").click()
    page.get_by_role("button", name=re.compile("^Restore Sledging")).click()
    expect(page.get_by_text("Photo restored")).to_be_visible()
    expect(page.get_by_role("region", name="Photos").get_by_role("img")).to_have_count(2)


def test_photo_pages_fit_a_phone_and_name_every_control(page, live_server):
    """At 360 px the gallery, the large view, the Photos page and the bin fit and label all."""
    from entries.tests.browser.test_layout import PHONE, assert_fits_a_phone
    from entries.tests.factories import EntryFactory, make_photo

    user = UserFactory()
    entry = EntryFactory(user=user, body="A long day.")
    photo = make_photo(entry, images.jpeg((3000, 1000)), caption="A very wide panorama " * 5)
    make_photo(
        entry, b"%PDF", name="a-very-long-file-name-" * 4 + ".pdf", content_type="application/pdf"
    )
    make_photo(entry, b"broken", name="broken.jpg")
    gone = make_photo(entry)
    gone.soft_delete(gone.created)
    log_in(page, live_server, user)
    page.set_viewport_size(PHONE)
    for path in (
        entry.get_absolute_url(),
        photo.get_absolute_url(),
        "/journal/photos/",
        "/journal/deleted/",
        "/journal/",
        entry.get_absolute_url() + "edit/",
    ):
        page.goto(path)
        assert_fits_a_phone(page)
    page.goto("/journal/write/")
    page.get_by_label("Photos").set_input_files(
        [{"name": "IMG_" + "9" * 60 + ".jpg", "mimeType": "image/jpeg", "buffer": images.jpeg()}]
    )
    assert_fits_a_phone(page)
