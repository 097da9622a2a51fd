import pytest
from django.core.exceptions import ValidationError

from accounts.timezones import timezone_choices, validate_timezone


def test_real_places_are_valid_timezones():
    """IANA names such as Asia/Kathmandu are accepted."""
    validate_timezone("Asia/Kathmandu")


def test_made_up_timezones_are_refused_by_name():
    """A name that is not an IANA timezone is refused, quoting it."""
    with pytest.raises(ValidationError, match="Mars/Base is not a timezone we know"):
        validate_timezone("Mars/Base")


def test_choices_read_naturally():
    """The list shows 'America/New York' for America/New_York, and omits zoneinfo internals."""
    choices = dict(timezone_choices())
    assert choices["America/New_York"] == "America/New York"
    assert "Factory" not in choices
