"""Logging in the way a person does, for tests of what comes after it."""

import re

import pyotp
from django.urls import reverse

CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b")
SECRET = re.compile(r'id="authenticator_secret">([A-Z2-7]+)<')


def log_in_by_code(client, email, mailoutbox):
    """Ask for a code and type it; returns the last response (a redirect)."""
    client.post(reverse("account_request_login_code"), {"email": email})
    code = CODE.search(mailoutbox[-1].body).group()
    return client.post(reverse("account_confirm_login_code"), {"code": code})


def set_up_totp(client):
    """Turn on an authenticator app for the logged-in client; returns its secret."""
    page = client.get(reverse("mfa_activate_totp")).text
    secret = SECRET.search(page).group(1)
    response = client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302, response.text
    return secret


def reauthenticate_by_code(client, email, mailoutbox):
    """Prove it is you again with an emailed code, as the changes that matter ask."""
    client.post(reverse("account_request_reauthentication_code"), {"recipient": email})
    code = CODE.search(mailoutbox[-1].body).group()
    response = client.post(reverse("account_confirm_reauthentication_code"), {"code": code})
    assert response.status_code == 302, response.text
