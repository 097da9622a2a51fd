import datetime as dt

import pytest
from django.db import IntegrityError

from accounts.models import User


@pytest.mark.django_db
def test_email_is_the_identifier_and_is_stored_in_lower_case():
    """A user is created from an address alone, kept in lower case, with no username."""
    user = User.objects.create_user(" Ann@Example.COM ")
    assert user.email == "ann@example.com"
    assert not hasattr(user, "username")
    assert not user.has_usable_password()
    assert str(user) == "ann@example.com"


@pytest.mark.django_db
def test_addresses_are_unique_whatever_their_case():
    """Two accounts can never share an address, even typed differently."""
    User.objects.create_user("ann@example.com")
    with pytest.raises(IntegrityError):
        User.objects.create(email="ANN@example.com")


@pytest.mark.django_db
def test_looking_up_by_address_ignores_case():
    """Logging in as ANN@example.com finds ann@example.com."""
    user = User.objects.create_user("ann@example.com", password="correct horse battery")
    assert User.objects.get_by_natural_key("ANN@Example.com") == user


def test_a_user_needs_an_address():
    """Creating a user without an address is refused."""
    with pytest.raises(ValueError, match="needs an email address"):
        User.objects.create_user("")


@pytest.mark.django_db
def test_superusers_are_staff():
    """createsuperuser makes someone who can use the admin."""
    admin = User.objects.create_superuser("boss@example.com", password="long enough pass 1")
    assert admin.is_staff
    assert admin.is_superuser
    assert admin.check_password("long enough pass 1")


def test_cleaning_normalises_the_address():
    """Forms that clean a user (the admin) store the address in lower case."""
    user = User(email="Bob@Example.com", timezone="UTC")
    user.clean()
    assert user.email == "bob@example.com"


def test_an_indefinite_pause_means_no_next_prompt():
    """Pausing without an end date stops prompts until the person resumes."""
    user = User(email="p@example.com", timezone="UTC", prompts_paused=True)
    user.schedule_next_prompt(dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC))
    assert user.next_prompt_at is None


def test_a_pause_until_a_date_resumes_on_it():
    """Pausing until 1 December means the next prompt is on 1 December."""
    user = User(
        email="p@example.com",
        timezone="UTC",
        prompts_paused=True,
        paused_until=dt.date(2026, 12, 1),
    )
    user.schedule_next_prompt(dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC))
    assert user.next_prompt_at == dt.datetime(2026, 12, 1, 20, 0, tzinfo=dt.UTC)
