import datetime as dt
import json

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from entries.models import Draft, Entry
from entries.models.draft import MAX_DRAFT_CHARS
from entries.tests.factories import EntryFactory
from entries.transfer import exporters

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 27, 20, 40, tzinfo=dt.UTC)  # 21:40 in Paris
TODAY = dt.date(2026, 11, 27)
SAVE = reverse("entries:save_draft")


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


def keep(client, text, form="write", date=TODAY, **extra):
    return client.post(SAVE, {"date": date.isoformat(), "form": form, "body": text, **extra})


def test_typing_keeps_a_draft_for_the_day(client, user):
    """What the browser sends while someone types is kept as the day's draft, not an entry."""
    assert keep(client, "Half a thought").status_code == 204
    draft = Draft.objects.get(user=user)
    assert (draft.date, draft.form, draft.body) == (TODAY, "write", "Half a thought")
    assert not Entry.objects.exists()
    keep(client, "Half a thought, and the rest")
    assert Draft.objects.get(user=user).body == "Half a thought, and the rest"


def test_an_emptied_box_removes_the_draft(client, user):
    """Deleting everything typed leaves no draft behind."""
    keep(client, "Something")
    keep(client, "   ")
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"date": "2026-02-30", "form": "write"}, 400),
        ({"date": "1899-12-31", "form": "write"}, 400),
        ({"date": "2026-11-27", "form": "photo"}, 400),
        ({"date": "2026-11-27", "form": "write", "body": "x" * (MAX_DRAFT_CHARS + 1)}, 413),
    ],
)
def test_a_draft_outside_the_rules_is_refused(client, data, status):
    """A draft for a day the journal does not hold, an unknown form or a huge text is not kept."""
    assert client.post(SAVE, {"body": "text", **data}).status_code == status
    assert not Draft.objects.exists()


def test_a_draft_is_offered_back_from_any_device(client, user):
    """Another browser is offered the server's draft, with its time, and can restore it."""
    keep(client, "Typed on the phone")
    other = Client()
    other.force_login(user)
    html = other.get(reverse("entries:write")).content.decode()
    assert "You have an unsaved draft from" in html
    assert "21:40" in html
    assert "Typed on the phone</textarea>" not in html
    restored = other.get(reverse("entries:write"), {"date": "2026-11-27", "restore": "draft"})
    assert "Typed on the phone</textarea>" in restored.content.decode()
    assert "data-server-draft" not in restored.content.decode()


def test_a_draft_from_another_day_says_which_day(client, user):
    """A draft typed yesterday says when: 21:40 on Thursday 26 November."""
    with time_machine.travel(NOW - dt.timedelta(days=1), tick=False):
        keep(client, "Yesterday's words", date=TODAY)
    html = client.get(reverse("entries:write")).content.decode()
    assert "21:40 on Thursday 26 November" in html


def test_the_day_page_points_to_its_draft(client, user):
    """Returning to the day shows that a draft waits, with a link that restores it."""
    keep(client, "Unfinished")
    html = client.get(reverse("entries:day", args=[2026, 11, 27])).content.decode()
    assert "You have an unsaved draft for this day." in html
    assert "?date=2026-11-27&amp;restore=draft" in html


def test_an_edit_draft_is_restored_with_the_version_it_started_from(client, user):
    """Restoring an old edit over a changed entry shows the conflict page, not an overwrite."""
    entry = EntryFactory(user=user, date=TODAY, body="First version.")
    keep(client, "My edit.", form="edit", version=entry.version)
    entry.append("Added by email.")
    url = reverse("entries:edit", args=[2026, 11, 27])
    page = client.get(url, {"restore": "draft"}).content.decode()
    assert "My edit.</textarea>" in page
    day_page = client.get(reverse("entries:day", args=[2026, 11, 27])).content.decode()
    assert f"{url}?restore=draft" in day_page
    token = page.split('name="token" value="')[1].split('"')[0]
    response = client.post(url, {"body": "My edit.", "version": "1", "token": token})
    assert response.status_code == 409
    assert Entry.objects.get().body == "First version.\n\nAdded by email."


def test_saving_clears_the_days_draft(client, user):
    """Once the entry is saved, its draft is gone: nothing is offered again."""
    keep(client, "Nearly done")
    client.post(reverse("entries:write"), {"date": "2026-11-27", "body": "Done."})
    assert not Draft.objects.exists()
    entry = Entry.objects.get()
    keep(client, "Edited", form="edit", version=entry.version)
    client.post(
        reverse("entries:edit", args=[2026, 11, 27]), {"body": "Edited", "version": entry.version}
    )
    assert not Draft.objects.exists()


def test_a_draft_already_in_the_box_is_not_offered(client, user):
    """An edit draft identical to the saved text is nothing to restore."""
    entry = EntryFactory(user=user, date=TODAY, body="Same.")
    keep(client, "Same.", form="edit", version=entry.version)
    html = client.get(reverse("entries:edit", args=[2026, 11, 27])).content.decode()
    assert "data-server-draft" not in html


def test_discarding_a_draft_removes_it_and_goes_back(client, user):
    """Discard throws the draft away and returns to the page it was offered on."""
    keep(client, "Not wanted")
    response = client.post(
        reverse("entries:discard_draft"), {"date": "2026-11-27", "next": "/journal/write/"}
    )
    assert response.url == "/journal/write/"
    assert not Draft.objects.exists()
    elsewhere = client.post(
        reverse("entries:discard_draft"), {"date": "2026", "next": "https://evil.example/"}
    )
    assert elsewhere.url == reverse("entries:write")


def test_drafts_stay_out_of_search_exports_and_memories(client, user):
    """A draft's words are found by no search, in no export and in no memory."""
    EntryFactory(user=user, date=dt.date(2025, 11, 27), body="A saved day.")
    keep(client, "zanzibar secret")
    keep(client, "zanzibar too", date=dt.date(2025, 11, 26))
    response = client.post(reverse("entries:search"), {"q": "zanzibar"}, follow=True)
    assert "zanzibar" not in response.content.decode().split("</form>")[-1]
    exported = "".join(exporters.export_json(Entry.objects.for_export(user)))
    assert "zanzibar" not in exported
    assert json.loads(exported)
    memories = client.get(reverse("entries:on_this_day")).content.decode()
    assert "zanzibar" not in memories


def test_drafts_go_with_the_account(client, user):
    """Deleting the account deletes its drafts."""
    keep(client, "Private words")
    user.delete_with_everything()
    assert not Draft.objects.exists()


def test_drafts_need_logging_in():
    """A logged-out browser cannot keep or discard drafts."""
    response = Client().post(SAVE, {"date": "2026-11-27", "form": "write", "body": "x"})
    assert response.status_code == 302
    assert not Draft.objects.exists()
