"""Photos and files in replies: every way in, kept on the day, logos and pixels left out."""

import base64
import datetime as dt
import io
import json
import sys
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from entries.mail import attachments, payloads
from entries.mail import pipeline as inbound
from entries.models import Entry, InboundMessage, Photo
from entries.tests import images
from entries.tests import replies as mail
from entries.tests.factories import PromptFactory
from entries.tests.test_webhook_replies import AUTH, post_json, postmark_payload
from entries.tests.webhooks import anymail_settings

pytestmark = pytest.mark.django_db

LOGO = images.png((60, 20), color=(0, 90, 200))


def the_set():
    """Two JPEGs, a HEIC, a PNG logo, a PDF and a corrupt image, as a phone attaches them."""
    return [
        ("IMG_0001.jpg", "image/jpeg", images.jpeg(color=(200, 10, 10))),
        ("IMG_0002.jpg", "image/jpeg", images.jpeg(color=(10, 200, 10))),
        ("IMG_0003.HEIC", "image/heic", images.heic()),
        ("logo.png", "image/png", LOGO),
        ("tickets.pdf", "application/pdf", b"%PDF-1.4 two tickets"),
        ("IMG_0004.jpg", "image/jpeg", b"\xff\xd8\xff\xe0 cut off in the post"),
    ]


def parsed(raw):
    return message_from_bytes(raw, policy=policy.default)


def reply(prompt, files, text="Photos from the hill.", message_id="<photos-1@mail.example.com>"):
    raw = mail.gmail(prompt, text, message_id=message_id)
    email = parsed(raw)
    for name, content_type, data in files:
        maintype, subtype = content_type.split("/")
        email.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return email.as_bytes()


def assert_the_day_shows_three_photos_a_file_and_a_failure(prompt):
    entry = Entry.objects.get(user=prompt.user)
    assert entry.body == "Photos from the hill."
    photos, files = Photo.objects.of_day(entry)
    assert [photo.name for photo in photos] == [
        "IMG_0001.jpg",
        "IMG_0002.jpg",
        "IMG_0003.HEIC",
        "IMG_0004.jpg",
    ]
    assert [photo.state for photo in photos].count(Photo.State.READY) == 3
    assert [file.name for file in files] == ["tickets.pdf"]
    client = Client()
    client.force_login(prompt.user)
    page = client.get(entry.get_absolute_url()).content.decode()
    assert page.count('loading="lazy"') == 3
    assert page.count('class="photo-placeholder failed"') == 1
    assert "tickets.pdf" in page


@pytest.fixture(params=["filesystem", "s3"])
def storage(request):
    """Each test here runs on the disk and on object storage (moto's S3 server)."""
    if request.param == "s3":
        request.getfixturevalue("s3_storage")
    return request.param


def test_receive_email_keeps_every_photo_and_file(
    storage, monkeypatch, capsys, django_capture_on_commit_callbacks
):
    """Piped in by a mail server: three photos, the PDF, and the broken one shown as such."""
    prompt = PromptFactory()
    raw = reply(prompt, the_set())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(SystemExit):
        call_command("receive_email", "--recipient", prompt.reply_address)
    capsys.readouterr()
    assert_the_day_shows_three_photos_a_file_and_a_failure(prompt)


def test_a_postmark_webhook_keeps_every_photo_and_file(
    storage, client, settings, django_capture_on_commit_callbacks
):
    """Posted by Postmark as JSON: the attachments survive anymail rebuilding the message."""
    settings.ANYMAIL = anymail_settings()
    settings.INBOUND_PROVIDERS = list(payloads.VIEWS)
    prompt = PromptFactory()
    payload = postmark_payload(prompt, mail.gmail(prompt, "Photos from the hill."))
    payload["Attachments"] = [
        {
            "Name": name,
            "ContentType": content_type,
            "Content": base64.b64encode(data).decode(),
            "ContentLength": len(data),
        }
        for name, content_type, data in the_set()
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(client, "postmark", payload, HTTP_AUTHORIZATION=AUTH)
    assert response.status_code == 200
    assert_the_day_shows_three_photos_a_file_and_a_failure(prompt)


def test_inline_images_of_the_html_are_photos_in_order():
    """cid: images inside the HTML of a reply are kept, in the order of the message."""
    prompt = PromptFactory()
    raw = mail.gmail(prompt, "Look.")
    email = parsed(raw)
    html = email.get_body(("html",)) or email
    email.add_alternative('<p>Look.</p><img src="cid:one"><img src="cid:two">', subtype="html")
    html = email.get_body(("html",))
    for cid, color in (("one", (1, 100, 1)), ("two", (100, 1, 1))):
        html.add_related(images.jpeg(color=color), "image", "jpeg", cid=f"<{cid}>")
    message = inbound.process(inbound.keep(email.as_bytes(), provider="test"))
    assert message.state == InboundMessage.State.ACCEPTED
    assert Photo.objects.filter(user=prompt.user, kind=Photo.Kind.PHOTO).count() == 2


def test_a_reply_of_photos_alone_is_accepted():
    """A reply with a photo and no words is a reply: the photo joins the day."""
    prompt = PromptFactory()
    raw = reply(prompt, the_set()[:1], text="")
    message = inbound.process(inbound.keep(raw, provider="test"))
    assert message.state == InboundMessage.State.ACCEPTED
    assert Photo.objects.get(user=prompt.user).name == "IMG_0001.jpg"


def test_a_reply_with_only_a_logo_is_still_empty():
    """A tracking pixel or logo alone does not make an empty reply worth keeping."""
    prompt = PromptFactory()
    message = inbound.process(
        inbound.keep(reply(prompt, [("x.png", "image/png", LOGO)], text=""), provider="t")
    )
    assert message.state == InboundMessage.State.HELD
    assert message.reason == InboundMessage.Reason.EMPTY


def test_a_signature_image_in_three_earlier_messages_is_left_out():
    """An image large enough to pass for a photo, but in every message, is a signature."""
    user = PromptFactory().user
    signature = ("banner.png", "image/png", images.png((300, 120), color=(3, 3, 3)))
    for number in range(4):
        # A reply a day: the same bytes on one day would be kept once anyway.
        prompt = PromptFactory(user=user, date=dt.date(2026, 11, 20 + number))
        photo = ("IMG.jpg", "image/jpeg", images.jpeg(color=(number * 40, 9, 9)))
        raw = reply(prompt, [signature, photo], text=f"Day {number}.", message_id=f"<s{number}@x>")
        inbound.process(inbound.keep(raw, provider="test"))
    kept = Photo.objects.filter(user=user, name="banner.png").count()
    assert kept == 3  # messages 1 to 3; the fourth had it three times before
    assert Photo.objects.filter(user=user, name="IMG.jpg").count() == 4


def test_a_held_reply_keeps_its_photos_until_accepted(client):
    """A reply held for review brings its photos when its owner accepts it."""
    prompt = PromptFactory()
    raw = mail.gmail(prompt, "From work.", sender="work@example.net")
    email = parsed(raw)
    email.add_attachment(images.jpeg(), maintype="image", subtype="jpeg", filename="a.jpg")
    message = inbound.process(inbound.keep(email.as_bytes(), provider="test"))
    assert message.state == InboundMessage.State.HELD
    assert not Photo.objects.exists()
    # Held replies keep their raw message past the retention period.
    InboundMessage.objects.forget_raw(before=message.processed.replace(year=2100))
    client.force_login(prompt.user)
    client.post(reverse("entries:review_accept", args=[message.pk]))
    assert Photo.objects.get(user=prompt.user).name == "a.jpg"


def test_a_discarded_held_reply_keeps_nothing(client):
    """Discarding a held reply leaves its photos out of the journal."""
    prompt = PromptFactory()
    raw = reply(prompt, the_set()[:1])
    held = inbound.process(
        inbound.keep(raw.replace(prompt.user.email.encode(), b"w@x.net"), provider="t")
    )
    client.force_login(prompt.user)
    client.post(reverse("entries:review_discard", args=[held.pk]))
    assert not Photo.objects.exists()


def test_parts_are_bounded_and_broken_ones_skipped():
    """A part that cannot be decoded is skipped, and text bodies are never attachments."""
    email = EmailMessage()
    email.set_content("words")
    email.add_attachment(b"data", maintype="application", subtype="octet-stream")
    found = attachments.attachments_of(email)
    assert [(item.name, item.content_type) for item in found] == [
        ("attachment-1.bin", "application/octet-stream")
    ]


def test_a_mailgun_parsed_post_keeps_every_photo_and_file(
    client, settings, django_capture_on_commit_callbacks
):
    """Posted by Mailgun as form fields and files: the files come through byte for byte."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from entries.tests.webhooks import mailgun_signature

    settings.ANYMAIL = anymail_settings()
    settings.INBOUND_PROVIDERS = list(payloads.VIEWS)
    prompt = PromptFactory()
    timestamp, token = "1795742388", "b" * 50
    fields = {
        "timestamp": timestamp,
        "token": token,
        "signature": mailgun_signature(timestamp, token),
        "recipient": prompt.reply_address,
        "sender": prompt.user.email,
        "message-headers": json.dumps(
            [
                ["From", f"Person <{prompt.user.email}>"],
                ["To", prompt.reply_address],
                ["Subject", "Re: It's Friday"],
                ["Message-ID", "<mg-photos@mail.example.com>"],
                # Mailgun's own checks of the sender, which count as evidence.
                ["X-Mailgun-Spf", "Pass"],
                ["X-Mailgun-Dkim-Check-Result", "Pass"],
            ]
        ),
        "body-plain": "Photos from the hill.",
        "attachment-count": str(len(the_set())),
    }
    for number, (name, content_type, data) in enumerate(the_set(), 1):
        fields[f"attachment-{number}"] = SimpleUploadedFile(name, data, content_type)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/anymail/mailgun/inbound/", fields, HTTP_AUTHORIZATION=AUTH)
    assert response.status_code == 200
    assert_the_day_shows_three_photos_a_file_and_a_failure(prompt)
    originals = {photo.name: photo for photo in Photo.objects.filter(user=prompt.user)}
    for name, _, data in the_set():
        if name in originals:
            with originals[name].original.open("rb") as kept:
                assert kept.read() == data, name
