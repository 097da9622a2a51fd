import pytest
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.create_superuser("staff@example.com", password="pw-12345678"))
    return client


def test_staff_can_add_a_person_by_address(staff_client):
    """Adding a user in the admin needs only an address and a timezone; they log in by code."""
    response = staff_client.post(
        reverse("admin:accounts_user_add"), {"email": "New@Example.com", "timezone": "Asia/Tokyo"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.com")
    assert user.timezone == "Asia/Tokyo"
    assert not user.has_usable_password()


def test_staff_see_people_listed_by_address(staff_client):
    """The user list shows addresses and timezones."""
    UserFactory(email="listed@example.com")
    response = staff_client.get(reverse("admin:accounts_user_changelist"))
    assert "listed@example.com" in response.text


def test_staff_see_second_factors_but_never_their_secrets(staff_client):
    """An authenticator's page shows its kind and use, not its secret, and cannot be edited."""
    from allauth.mfa.totp.internal.auth import TOTP

    person = UserFactory(email="factor@example.com")
    totp = TOTP.activate(person, "JBSWY3DPEHPK3PXPJBSWY3DP").instance
    page = staff_client.get(reverse("admin:mfa_authenticator_change", args=[totp.pk])).text
    assert "factor@example.com" in page
    assert "JBSWY3DPEHPK3PXP" not in page
    assert 'type="submit" value="Save"' not in page
    listing = staff_client.get(reverse("admin:mfa_authenticator_changelist")).text
    assert "factor@example.com" in listing
    assert staff_client.get(reverse("admin:mfa_authenticator_add")).status_code == 403


def test_staff_see_sessions_but_never_their_keys(staff_client, client):
    """A session's admin page shows where and when, never the key that would log in."""
    from allauth.usersessions.models import UserSession

    staff_client.get(reverse("entries:journal"))  # records the staff member's own session
    session = UserSession.objects.get()
    page = staff_client.get(reverse("admin:usersessions_usersession_change", args=[session.pk]))
    assert session.session_key not in page.text
    assert "127.0.0.1" in page.text


def test_deleting_a_session_in_the_admin_signs_that_browser_out(staff_client):
    """Staff deleting someone's session ends it: that browser is logged out."""
    from allauth.usersessions.models import UserSession
    from django.test import Client

    browser = Client()
    browser.force_login(UserFactory())
    browser.get(reverse("entries:journal"))
    session = UserSession.objects.get()
    staff_client.post(
        reverse("admin:usersessions_usersession_delete", args=[session.pk]), {"post": "yes"}
    )
    assert browser.get(reverse("entries:journal")).status_code == 302
    assert not UserSession.objects.filter(pk=session.pk).exists()


def test_deleting_sessions_in_bulk_signs_each_browser_out(staff_client):
    """The admin's "delete selected" ends every chosen session."""
    from allauth.usersessions.models import UserSession
    from django.test import Client

    browser = Client()
    browser.force_login(UserFactory())
    browser.get(reverse("entries:journal"))
    staff_client.post(
        reverse("admin:usersessions_usersession_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [UserSession.objects.get().pk],
            "post": "yes",
        },
    )
    assert browser.get(reverse("entries:journal")).status_code == 302
