"""Saying what a re-authentication is for."""

import pytest
from django.test import RequestFactory

from accounts.reauthentication import purpose_of


@pytest.mark.parametrize(
    ("next_url", "purpose"),
    [
        ("/settings/delete/", "delete your account"),
        ("/accounts/2fa/totp/activate/", "change how you log in"),
        ("/accounts/2fa/webauthn/add/?x=1", "change how you log in"),
        ("/journal/", None),
        ("/no/such/page/", None),
        ("https://evil.example/settings/delete/", "delete your account"),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_the_purpose_comes_from_the_page_asked_for(next_url, purpose):
    """The next page's view names the purpose; allauth's second-factor pages share one."""
    request = RequestFactory().get("/accounts/reauthenticate/", {"next": next_url})
    assert purpose_of(request) == purpose


def test_a_posted_next_counts_too():
    """The code request form posts next; that names the purpose as well."""
    request = RequestFactory().post("/", {"next": "/settings/delete/"})
    assert purpose_of(request) == "delete your account"
