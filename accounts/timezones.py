"""The IANA timezones a person can choose, and checking a choice."""

import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError


@cache
def timezone_names():
    # "Factory" and "localtime" are zoneinfo internals, not places anyone lives.
    return sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})


def timezone_choices():
    return [(name, name.replace("_", " ")) for name in timezone_names()]


def validate_timezone(name):
    if name not in timezone_names():
        raise ValidationError("%(name)s is not a timezone we know.", params={"name": name})
