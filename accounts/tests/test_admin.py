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
