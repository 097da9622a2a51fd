"""Every page a signed-in person sees, the journal's and their settings, is never stored
(project/privacy.py); the public ones stay cacheable."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from entries.models import ImportJob
from entries.tests.factories import EntryFactory, ImportJobFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def client(user):
    client = Client()
    client.force_login(user)
    return client


def day(name, date=TODAY):
    return reverse(f"entries:{name}", args=[date.year, date.month, date.day])


PRIVATE_PAGES = [
    lambda job: reverse("entries:journal"),
    lambda job: day("day"),
    lambda job: reverse("entries:write"),
    lambda job: day("edit"),
    lambda job: day("delete"),
    lambda job: reverse("entries:search"),
    lambda job: reverse("entries:on_this_day"),
    lambda job: reverse("entries:deleted"),
    lambda job: reverse("entries:year", args=[2026]),
    lambda job: reverse("entries:review"),
    lambda job: reverse("accounts:settings"),
    lambda job: reverse("entries:export"),
    lambda job: reverse("entries:export") + "?format=json",
    lambda job: reverse("entries:export") + "?format=markdown-zip",
    lambda job: reverse("entries:import"),
    lambda job: reverse("entries:import_job", args=[job.pk]),
    lambda job: reverse("entries:import_progress", args=[job.pk]),
    lambda job: reverse("entries:delete_account"),
]
NAMES = [
    "journal",
    "day",
    "write",
    "edit",
    "delete",
    "search",
    "on this day",
    "recently deleted",
    "year",
    "review",
    "settings",
    "export page",
    "json export",
    "markdown zip export",
    "import",
    "import job",
    "import progress",
    "delete account",
]


@pytest.mark.parametrize("url", PRIVATE_PAGES, ids=NAMES)
def test_private_pages_are_never_stored(client, user, url):
    """Each page a signed-in person sees says no-store, so Back after logging out shows nothing."""
    EntryFactory(user=user, date=TODAY, body="Private.")
    job = ImportJobFactory(user=user, status=ImportJob.Status.READY)
    response = client.get(url(job))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_form_answers_to_a_signed_in_person_are_not_stored_either(client):
    """A refused form (it echoes the text back) is as private as the page."""
    response = client.post(reverse("entries:write"), {"date": "2026-11-27", "body": " "})
    assert "no-store" in response["Cache-Control"]


def test_public_pages_stay_cacheable():
    """The front page for a visitor carries no no-store: only private pages do."""
    response = Client().get(reverse("landing"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
