"""Who may open which settings page: every page but unsubscribe needs a login."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from entries.tests.factories import ImportJobFactory

pytestmark = pytest.mark.django_db

# (url name, takes a job pk, methods the view answers)
PRIVATE = [
    ("accounts:settings", False, ["get", "post"]),
    ("entries:export", False, ["get"]),
    ("entries:import", False, ["get", "post"]),
    ("entries:import_job", True, ["get"]),
    ("entries:import_progress", True, ["get"]),
    ("entries:import_confirm", True, ["post"]),
    ("entries:import_cancel", True, ["post"]),
    ("entries:delete_account", False, ["get", "post"]),
]


@pytest.mark.parametrize(("name", "takes_pk", "methods"), PRIVATE)
def test_logged_out_visitors_are_sent_to_log_in(client, name, takes_pk, methods):
    """Someone logged out who opens any settings page is sent to log in, never shown an error."""
    job = ImportJobFactory() if takes_pk else None
    url = reverse(name, args=[job.pk] if job else [])
    for method in methods:
        response = getattr(client, method)(url)
        assert response.status_code == 302, method
        assert response.url.startswith(reverse("account_login")), method


def test_the_import_page_answers_only_get_and_post(client):
    """The import page turns away other HTTP methods with 405 instead of an error page."""
    client.force_login(UserFactory())
    assert client.put(reverse("entries:import")).status_code == 405


def test_unsubscribing_needs_no_login(client):
    """The unsubscribe link in a prompt works logged out, and still only for GET and POST."""
    url = reverse("accounts:unsubscribe", args=[UserFactory().unsubscribe_token])
    assert client.get(url).status_code == 200
    assert client.put(url).status_code == 405
