import pytest
from django.core.exceptions import ValidationError

from accounts.timezones import aliases, canonical_names, timezone_choices, validate_timezone


def test_real_places_are_valid_timezones():
    """IANA names such as Asia/Kathmandu are accepted."""
    validate_timezone("Asia/Kathmandu")


def test_made_up_timezones_are_refused_by_name():
    """A name that is not an IANA timezone is refused, quoting it."""
    with pytest.raises(ValidationError, match="Mars/Base is not a timezone we know"):
        validate_timezone("Mars/Base")


def test_an_alias_chosen_before_stays_valid():
    """Someone who chose GB-Eire before keeps it; it is just not offered any more."""
    validate_timezone("GB-Eire")


def flat(choices):
    options = {}
    for value, label in choices:
        options.update(dict(label) if isinstance(label, list) else {value: label})
    return options


def test_choices_are_canonical_zones_grouped_by_region():
    """The list offers current zones only, under their region, named by city, UTC first."""
    choices = timezone_choices()
    assert choices[0] == ("UTC", "UTC")
    regions = dict(choices[1:])
    assert ("America/New_York", "New York") in regions["America"]
    assert ("America/Argentina/Buenos_Aires", "Argentina / Buenos Aires") in regions["America"]
    assert ("Europe/London", "London") in regions["Europe"]
    options = flat(choices)
    for alias in ("GB-Eire", "Cuba", "US/Pacific", "Asia/Calcutta", "Etc/GMT+5", "Factory"):
        assert alias not in options
    assert 300 < len(options) < 500


def test_a_browsers_alias_leads_to_the_offered_zone():
    """Chromium's Asia/Calcutta is Asia/Kolkata in the list; GB-Eire is Europe/London."""
    assert aliases()["Asia/Calcutta"] == "Asia/Kolkata"
    assert aliases()["GB-Eire"] == "Europe/London"
    assert set(aliases().values()) <= set(canonical_names())


def test_an_alias_in_use_is_kept_in_that_persons_list():
    """The settings list of someone on US/Pacific shows US/Pacific, so saving keeps it."""
    assert flat(timezone_choices("US/Pacific"))["US/Pacific"] == "US/Pacific"
    assert "US/Pacific" not in flat(timezone_choices("Europe/Paris"))


def test_without_tzdata_tables_every_known_zone_is_offered(monkeypatch):
    """Where no zone.tab can be found, the list falls back to every name zoneinfo knows."""
    from accounts import timezones

    monkeypatch.setattr(timezones.zoneinfo, "TZPATH", ())
    canonical_names.cache_clear()
    aliases.cache_clear()
    try:
        assert canonical_names() == timezones.timezone_names()
        assert aliases() == {}
    finally:
        canonical_names.cache_clear()
        aliases.cache_clear()
