from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_journal_needs_a_login(client):
    """The journal is private: visitors are sent to log in."""
    response = client.get(reverse("entries:journal"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_health_check_answers_when_the_database_does(client):
    """/up says ok while the database answers."""
    response = client.get("/up")
    assert response.status_code == 200
    assert response.text == "ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_the_health_check_fails_when_the_database_does_not(client):
    """/up answers 503 when the database cannot be reached, so the platform can tell."""
    with mock.patch("project.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/up")
    assert response.status_code == 503
    assert response.text == "database unavailable\n"


@pytest.mark.parametrize(
    "name",
    ["account_login", "account_signup", "account_request_login_code", "account_reset_password"],
)
def test_account_pages_render_in_the_site_layout(client, name):
    """allauth's pages are dressed in Daybook's own layout and stylesheet."""
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert 'class="brand"' in response.text
    assert "daybook.css" in response.text


@pytest.mark.parametrize(
    "name",
    [
        "account_email",
        "account_set_password",
        "mfa_index",
        "usersessions_list",
        "entries:journal",
    ],
)
def test_pages_for_people_logged_in_render(client, name):
    """Account and journal pages render for someone logged in."""
    # The site's own test names no app: any user model will do.
    client.force_login(get_user_model().objects.create_user("ann@example.com"))
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "Log out" in response.text


def test_security_headers_are_on_every_response(client):
    """Pages carry a strict CSP, refuse framing, and keep the referrer on the site."""
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self';" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_production_redirects_to_https_and_sends_hsts(client, settings):
    """In production plain HTTP is redirected and HTTPS responses carry HSTS."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    assert client.get("/").status_code == 301
    assert client.get("/up").status_code == 200  # the platform's health check stays on HTTP
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_the_admin_is_not_at_slash_admin(client):
    """The admin lives at ADMIN_URL, and /admin/ is an ordinary 404."""
    assert client.get("/admin/").status_code == 404
    assert client.get("/staff/").status_code == 302


def test_a_missing_page_gets_the_friendly_404(client):
    """An unknown address shows Daybook's own not-found page."""
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
