"""The IANA timezones a person can choose, and checking a choice.

The list shows canonical zones only: the ones tzdata's zone.tab names for
the places people live (about 420, each under its region), not the 600
names zoneinfo knows, which include old aliases such as GB-Eire, Cuba or
US/Pacific. Any name zoneinfo knows is still a valid choice, so a person who
chose an alias before keeps it. Browsers often report an alias (Chromium
says Asia/Calcutta), so aliases() maps each alias to its zone, for the
script that preselects the browser's guess.
"""

import zoneinfo
from collections import defaultdict
from functools import cache
from importlib import resources
from pathlib import Path

from django.core.exceptions import ValidationError

# What lists the zones: tzdata as the system ships it (zoneinfo.TZPATH), or
# the tzdata package where there is no system copy.
TABLE, LINKS = "zone.tab", "tzdata.zi"


@cache
def timezone_names():
    # "Factory" and "localtime" are zoneinfo internals, not places anyone lives.
    return sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})


def _tzdata_text(name):
    for directory in zoneinfo.TZPATH:
        path = Path(directory) / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    try:
        return resources.files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return ""


@cache
def canonical_names():
    """The zones to offer: zone.tab's, and UTC; every known name if the table is missing."""
    known = set(timezone_names())
    listed = {
        line.split("\t")[2].strip()
        for line in _tzdata_text(TABLE).splitlines()
        if line and not line.startswith("#") and line.count("\t") >= 2
    }
    return sorted((listed & known) | {"UTC"}) if listed else sorted(known)


@cache
def aliases():
    """{an alias: the offered zone it stands for}, from tzdata's links."""
    offered = set(canonical_names())
    mapping = {}
    for line in _tzdata_text(LINKS).splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "L" and parts[1] in offered:
            mapping[parts[2]] = parts[1]
    return {alias: zone for alias, zone in mapping.items() if alias not in offered}


def _label(name):
    return name.partition("/")[2].replace("_", " ").replace("/", " / ")


def timezone_choices(current=None):
    """The offered zones grouped by region, each named by its city, UTC first.

    A city first makes the list's own type-to-find work: typing "Lon" in
    the open list finds London. `current`, an alias chosen before, stays in
    the list so the form can show and keep it.
    """
    regions = defaultdict(list)
    for name in canonical_names():
        if "/" in name:
            regions[name.partition("/")[0]].append((name, _label(name)))
    choices = [("UTC", "UTC")]
    if current and current not in canonical_names() and current in timezone_names():
        choices.append((current, current.replace("_", " ")))
    return choices + [(region, zones) for region, zones in sorted(regions.items())]


def validate_timezone(name):
    if name not in timezone_names():
        raise ValidationError("%(name)s is not a timezone we know.", params={"name": name})
