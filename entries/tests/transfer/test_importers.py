import datetime
import io
import json
import pickle
import struct
import zipfile
from datetime import date

import pytest

from entries.transfer.importers import FORMATS, FormatError, ImportedEntry, detect_format, parse

# The entries each sample must give, exactly: dates sorted, bodies as plain text.

OHLIFE = [
    ImportedEntry(date(2014, 9, 20), "Short one tonight. Tired but happy 😊"),
    ImportedEntry(
        date(2014, 9, 21),
        "List of things to remember:\n\n* Pick up the dry cleaning\n* Book the train to Zürich 🚆",
    ),
    ImportedEntry(
        date(2014, 9, 22),
        "Crêpes at the café on Rue Mouffetard with Zoë. The rain stopped just long enough"
        " for us to walk home.\n\nTomorrow: call the landlord about the radiator."
        " Meeting moved to 2014-09-30 at noon.",
    ),
]
DABBLE_TXT = [
    ImportedEntry(
        date(2024, 1, 5),
        "Went skating on the frozen lake at Sjöbo. My fingers were numb but **worth it**."
        "\n\nDinner: smörgåstårta 🎂",
    ),
    ImportedEntry(
        date(2024, 1, 6),
        "Quiet Saturday.\nRead by the fire & drank tea.\n\n* * *\n\nLater: finished the book."
        "\n\n## Shopping list\n\n- oat milk\n- coffee",
    ),
    ImportedEntry(date(2024, 1, 7), "Back to work tomorrow. Ready-ish."),
]
DABBLE_JSON = [
    ImportedEntry(
        date(2024, 1, 5),
        "Went skating on the frozen lake at Sjöbo. My fingers were numb but worth it."
        "\n\nDinner: smörgåstårta 🎂",
    ),
    ImportedEntry(
        date(2024, 1, 6),
        "Quiet Saturday.\nRead by the fire & drank tea.\n\nLater: finished the book."
        "\n\nShopping list\n\n- oat milk\n- coffee"
        # The photo stays on dabble.me's servers; the line keeps the way to it.
        "\n\n[image: https://d10r8m94hrfowu.cloudfront.net/uploads/entry/image/4821/skates.jpg]",
    ),
    ImportedEntry(date(2024, 1, 7), "Back to work tomorrow.\n\nReady-ish."),
]
TRAILMIX = [
    ImportedEntry(
        date(2015, 2, 27),
        "First entry from the trail. Hiked up to Mount Tamalpais & back — 14 km."
        "\n\nLegs are jelly.",
    ),
    ImportedEntry(
        date(2015, 2, 28), "Ramen with Kenji at 一風堂. He's moving to Osaka in April 😢"
    ),
    ImportedEntry(date(2015, 3, 1), "Rest day."),
]
JOURNEYINBOX = [
    ImportedEntry(
        date(2024, 4, 17), "Took the kids to the farmers market. Bought way too many strawberries."
    ),
    ImportedEntry(date(2024, 4, 18), "Long day at work.\n\nMade pão de queijo for dinner 🧀"),
]
PARIS_WINTER = datetime.timezone(datetime.timedelta(hours=1))
DAYBOOK = [
    ImportedEntry(
        date(2026, 11, 25),
        "Première neige ❄️ on the walk to work.\n\nBought chestnuts from the stall by the bridge.",
        created=datetime.datetime(2026, 11, 25, 21, 14, 3, tzinfo=PARIS_WINTER),
        updated=datetime.datetime(2026, 11, 25, 21, 14, 3, tzinfo=PARIS_WINTER),
    ),
    ImportedEntry(
        date(2026, 11, 26),
        "Called Grandma. She told the story about the goat again 🐐",
        created=datetime.datetime(2026, 11, 26, 20, 2, 41, tzinfo=PARIS_WINTER),
        updated=datetime.datetime(2026, 11, 27, 7, 30, tzinfo=PARIS_WINTER),
    ),
]
DAYONE = [
    # 23:30 UTC on 1 March is 00:30 on 2 March in Paris; the 08:15 UTC entry
    # the same Paris day joins it, and its photo link is dropped.
    ImportedEntry(
        date(2026, 3, 2),
        "Late train back from Lyon. Couldn't sleep!\n\nThe conductor wished everyone"
        " “bonne nuit” 🌙\n\n1. Buy a neck pillow.\n2. Never take the 23h10 again."
        "\n\nCroissant au beurre, café crème - the small joys.",
    ),
    # 03:00 UTC on 4 March is still the evening of 3 March in Los Angeles.
    ImportedEntry(
        date(2026, 3, 3),
        "# Not a heading\n\nDinner at Señor Sisig (finally). The *best* tacos *ever*.",
    ),
    # The Tokyo entry is a photo with no text, so there is nothing to import.
]

SAMPLES = [
    ("ohlife_export_2014-09-23.txt", "ohlife", OHLIFE),
    ("dabble_export_2024-01-08.txt", "dabble-txt", DABBLE_TXT),
    ("dabble_export_2024-01-08.json", "dabble-json", DABBLE_JSON),
    ("trailmix-2015-03-02.json", "trailmix-json", TRAILMIX),
    ("journeyinbox-2024-04-19.json", "journeyinbox-json", JOURNEYINBOX),
    ("daybook-2026-11-27.json", "daybook-json", DAYBOOK),
    ("dayone/Journal.json", "dayone-json", DAYONE),
]


def error_of(data: bytes, format: str | None = None, filename: str = "") -> str:
    with pytest.raises(FormatError) as caught:
        parse(data, format, filename)
    return str(caught.value)


# Each format, from its sample -------------------------------------------------


@pytest.mark.parametrize(("name", "format", "expected"), SAMPLES)
def test_sample_parses_to_expected_entries(sample, name, format, expected):
    """Each sample, named explicitly, gives exactly the expected entries."""
    assert parse(sample(name), format).entries == expected


@pytest.mark.parametrize(("name", "format", "expected"), SAMPLES)
def test_sample_format_is_detected(sample, name, format, expected):
    """Each sample's format is recognised from its content and file name."""
    assert detect_format(sample(name), name.rsplit("/", 1)[-1]) == format
    assert parse(sample(name), filename=name).entries == expected


def test_dayone_zip_parses_to_expected_entries(dayone_zip):
    """The Day One zip gives the same entries as its Journal.json."""
    assert detect_format(dayone_zip, "Export-Journal.zip") == "dayone-zip"
    entries = parse(dayone_zip, "dayone-zip").entries
    assert [(entry.date, entry.body) for entry in entries] == [
        (entry.date, entry.body) for entry in DAYONE
    ]
    # The photo the zip holds comes along; the one it does not is counted.
    assert [item.path for item in entries[0].attachments] == [
        "photos/5d41402abc4b2a76b9719d911017c592.jpeg"
    ]


def test_dayone_counts_what_it_leaves_out(dayone_zip):
    """A Day One photo-only entry and the photo missing from the zip are counted."""
    journal = parse(dayone_zip, "dayone-zip")
    assert (journal.empty, journal.media, journal.attachments) == (1, 1, 1)


def test_empty_entries_are_counted_not_imported():
    """An entry with no text is left out and counted as empty."""
    data = b'[{"date": "2024-01-01", "body": "  "}, {"date": "2024-01-02", "body": "hi"}]'
    journal = parse(data, "trailmix-json")
    assert journal.entries == [ImportedEntry(date(2024, 1, 2), "hi")]
    assert (journal.empty, journal.media) == (1, 0)


def test_dabble_entry_without_image_gets_no_image_line():
    """A dabble.me entry with an empty image field gets no image line."""
    data = b'[{"date": "2024-01-01", "body": "<p>hi</p>", "image": null}]'
    assert parse(data, "dabble-json").entries == [ImportedEntry(date(2024, 1, 1), "hi")]


def test_dayone_zip_reads_every_journal_json(sample):
    """A zip with several journals imports them all, in archive order."""
    other = {"metadata": {}, "entries": [{"creationDate": "2026-03-02T10:00:00Z", "text": "Work"}]}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Journal.json", sample("dayone/Journal.json"))
        archive.writestr("Travail.json", json.dumps(other))
        archive.writestr("__MACOSX/._Journal.json", b"\x00\x05\x16\x07 resource fork")
    entries = parse(buffer.getvalue()).entries
    assert entries[0].body.endswith("the small joys.\n\nWork")


def test_every_format_has_a_sample():
    """No format goes untested: the samples, the zips and test_archive.py cover the list."""
    # Built by the exporters in test_markdown.py, and from a sample in the zip's test.
    built = {"dayone-zip", "daybook-markdown", "daybook-markdown-zip", "daybook-archive"}
    assert {format for _, format, _ in SAMPLES} | built == set(FORMATS)


# Detection without help from the file name ------------------------------------


def test_dabble_and_trailmix_json_told_apart_by_key_order(sample):
    """With no telling file name, key order separates dabble.me from Trailmix."""
    assert detect_format(sample("trailmix-2015-03-02.json"), "upload.json") == "trailmix-json"
    assert detect_format(sample("dabble_export_2024-01-08.json"), "upload.json") == "dabble-json"


def test_journeyinbox_detected_by_when_key(sample):
    """JourneyInbox's 'when' key gives it away whatever the file is called."""
    assert detect_format(sample("journeyinbox-2024-04-19.json"), "x.json") == "journeyinbox-json"


def test_empty_list_is_an_export_of_nothing():
    """A JSON export with no entries imports as no entries, not an error."""
    assert parse(b"[]", filename="trailmix-2015-01-01.json").entries == []
    assert parse(b'{"version": 1, "entries": []}').entries == []


def test_undetectable_text_is_refused():
    """Text that opens with neither a date nor a heading is not guessed at."""
    assert error_of(b"Dear diary,\ntoday I...") == (
        "Daybook cannot tell which journal this file comes from (expected an export from "
        "Daybook, OhLife, dabble.me, Trailmix, JourneyInbox or Day One, found 'Dear diary,')"
    )


def test_undetectable_json_is_refused():
    """JSON of an unknown shape is not guessed at."""
    assert error_of(b'{"posts": []}') == (
        "Cannot tell which journal this JSON comes from: expected a Daybook, dabble.me,"
        " Trailmix, JourneyInbox or Day One export"
    )


# Merging and shaping ----------------------------------------------------------


def test_same_date_entries_are_joined_in_file_order():
    """Entries sharing a date become one, joined by a blank line in file order."""
    data = b"2020-01-02\n\nsecond day\n\n2020-01-01\n\nmorning\n\n2020-01-01\n\nevening\n"
    assert parse(data, "ohlife").entries == [
        ImportedEntry(date(2020, 1, 1), "morning\n\nevening"),
        ImportedEntry(date(2020, 1, 2), "second day"),
    ]


def test_same_date_json_entries_are_joined():
    """JSON exports merge same-day entries just like text ones."""
    data = json.dumps([{"body": "a", "when": "2024-01-01"}, {"body": "b", "when": "2024-01-01"}])
    assert parse(data.encode()).entries == [ImportedEntry(date(2024, 1, 1), "a\n\nb")]


def test_bodies_are_normalised():
    """CRLF, trailing spaces and runs of blank lines become plain paragraphs."""
    data = b"2020-01-01\r\n\r\n  indented stays  \r\n\r\n\r\n\r\nnext paragraph   \r\n\r\n"
    assert parse(data).entries == [
        ImportedEntry(date(2020, 1, 1), "indented stays\n\nnext paragraph")
    ]


def test_empty_entries_are_dropped():
    """A day whose text is empty brings nothing in."""
    data = b"2020-01-01\n\n\n2020-01-02\n\nsomething\n"
    assert parse(data).entries == [ImportedEntry(date(2020, 1, 2), "something")]


def test_utf8_byte_order_mark_is_ignored():
    """A BOM from a Windows editor does not hide the first date."""
    assert parse(b"\xef\xbb\xbf2020-01-01\n\nhi\n").entries == [
        ImportedEntry(date(2020, 1, 1), "hi")
    ]


def test_dabble_html_scripts_and_whitespace():
    """HTML whitespace collapses, <pre> keeps its lines, scripts vanish."""
    body = "<p>one\n   two</p><script>alert(1)</script><pre>a\n  b</pre><p>caf&eacute; &lt;3</p>"
    data = json.dumps([{"date": "2024-01-01", "body": body}]).encode()
    assert parse(data, "dabble-json").entries == [
        ImportedEntry(date(2024, 1, 1), "one two\n\na\nb\n\ncafé <3")
    ]


# Errors -----------------------------------------------------------------------


def test_error_has_where_and_message():
    """FormatError reads as "Line 5: <what, in words> (<the technical detail>)"."""
    with pytest.raises(FormatError) as caught:
        parse(b"2020-01-01\n\nfine\n\n2020-02-30\n\nnot a day\n", "ohlife")
    error = caught.value
    assert isinstance(error, ValueError)
    assert (error.where, error.message, error.detail) == (
        "line 5",
        "30 February 2020 isn't a date",
        "found '2020-02-30'",
    )
    assert str(error) == "Line 5: 30 February 2020 isn't a date (found '2020-02-30')"
    assert str(pickle.loads(pickle.dumps(error))) == str(error)  # noqa: S301


def test_text_before_first_date_is_an_error():
    """OhLife text must open with a date; the first other line is reported."""
    assert error_of(b"\nhello\n2020-01-01\n\nx", "ohlife") == (
        "Line 2: this is not where a day starts "
        "(expected a date such as '2026-11-27', found 'hello')"
    )


def test_dabble_txt_must_open_with_a_heading():
    """dabble.me text must open with a '## date' heading."""
    assert error_of(b"2024-01-01\nhello\n", "dabble-txt") == (
        "Line 1: this is not where a day starts "
        "(expected a heading such as '## 2026-11-27', found '2024-01-01')"
    )


def test_bad_date_in_json_names_the_entry():
    """A bad date in a JSON export names the entry number."""
    data = json.dumps([{"body": "ok", "date": "2015-01-01"}, {"body": "x", "date": "01/02/2015"}])
    assert error_of(data.encode(), "trailmix-json") == (
        "Entry 2: this is not a date (expected a date such as '2026-11-27', found '01/02/2015')"
    )


def test_bad_encoding_names_the_byte_offset():
    """Bytes that are not UTF-8 are refused with the offset of the first bad byte."""
    assert error_of("2014-01-01\n\ncaf\xe9".encode("latin-1")) == (
        "The file is not UTF-8 text (byte 0xe9 at offset 15)"
    )


@pytest.mark.parametrize("data", [b"", b"  \n\r\n ", b"\xef\xbb\xbf"])
def test_empty_file(data):
    """An empty or blank file is reported as empty."""
    assert error_of(data) == "The file is empty"


@pytest.mark.parametrize("format", ["daybook-json", "ohlife", "dayone-zip"])
def test_empty_file_with_a_format(format):
    """An empty file is empty whatever format was asked for."""
    assert error_of(b"", format) == "The file is empty"
    with pytest.raises(FormatError, match=r"^The file is empty$"):
        detect_format(b"", "Journal.zip")


def test_unknown_format_name():
    """Asking for a format that does not exist is an error listing the real ones."""
    assert error_of(b"x", "livejournal").startswith(
        "Format: unknown format 'livejournal'; expected one of"
    )


def test_wrong_format_text_as_json():
    """Reading text as a JSON format points at the JSON syntax error."""
    assert error_of(b"2014-01-01\n\nhello\n", "daybook-json") == (
        "Line 1: not valid JSON (trailing garbage)"
    )


def test_wrong_format_json_as_text():
    """Reading JSON as OhLife text says a date was expected."""
    assert error_of(b'{"version": 1, "entries": []}', "ohlife") == (
        "Line 1: this is not where a day starts (expected a date such as '2026-11-27', "
        'found \'{"version": 1, "entries": []}\')'
    )


def test_wrong_format_list_as_daybook(sample):
    """A dabble.me export read as Daybook's says what shape was expected."""
    assert error_of(sample("dabble_export_2024-01-08.json"), "daybook-json") == (
        "Expected a Daybook export: an object with 'version' and 'entries', found a list"
    )


def test_wrong_format_object_as_list(sample):
    """A Daybook export read as Trailmix's says a list was expected."""
    assert error_of(sample("daybook-2026-11-27.json"), "trailmix-json") == (
        "Expected a list of entries, found an object"
    )


def test_wrong_format_text_as_zip(sample):
    """A text file read as a Day One zip is reported as a damaged zip."""
    assert error_of(sample("ohlife_export_2014-09-23.txt"), "dayone-zip") == (
        "The zip file is damaged or truncated"
    )


def test_invalid_json_reports_line():
    """Broken JSON names the line and what is wrong, without quoting the file."""
    assert error_of(b'[\n{"date": "2024-01-01",\n "body": }\n]') == (
        "Line 3: not valid JSON (unallowed token at this point in JSON text)"
    )
    assert error_of(b'[\n{"date": "2024-01-01",\n "body": "x"}\n') == (
        "Line 3: not valid JSON (premature EOF)"
    )


@pytest.mark.parametrize(("version", "shown"), [(3, "3"), ("1", "'1'"), (None, "null")])
def test_unknown_daybook_version(version, shown):
    """Only versions 1 and 2 of Daybook's export are read; others are named in the error."""
    data = json.dumps({"version": version, "entries": []}).encode()
    assert error_of(data) == (
        f"Unsupported Daybook export version {shown}; this Daybook reads versions 1 and 2"
    )


def test_daybook_missing_version():
    """A Daybook export without a version is refused."""
    assert error_of(b'{"entries": []}', "daybook-json") == "Missing field 'version'"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"date": "2026-11-27"}, "Entry 2: missing field 'body'"),
        ({"body": "x"}, "Entry 2: missing field 'date'"),
        ({"date": "2026-11-27", "body": 7}, "Entry 2: expected 'body' to be str, found 7"),
        ("2026-11-27", "Entry 2: expected an object with 'date', found '2026-11-27'"),
        (
            {"date": "2026-11-27", "body": "x", "created": "yesterday"},
            "Entry 2: this is not a date and time "
            "(expected one such as '2026-11-27T21:14:03Z', found 'yesterday')",
        ),
    ],
)
def test_daybook_entry_errors(entry, message):
    """Each broken Daybook entry is reported by number with what was wrong."""
    good = {"date": "2026-11-26", "body": "fine"}
    data = json.dumps({"version": 1, "entries": [good, entry]}).encode()
    assert error_of(data) == message


@pytest.mark.parametrize(
    ("data", "format", "message"),
    [
        (
            b'{"version": 1, "entries": {}}',
            None,
            "Expected 'entries' to be a list, found an object",
        ),
        (b'{"metadata": {}, "entries": 3}', None, "Expected 'entries' to be a list, found 3"),
        (
            b'{"metadata": {}}',
            "dayone-json",
            "Expected a Day One export: an object with 'entries', found an object",
        ),
        (
            b"[]",
            "dayone-json",
            "Expected a Day One export: an object with 'entries', found a list",
        ),
    ],
)
def test_entries_must_be_a_list(data, format, message):
    """The entries of an export must be a list, and the error says what was found."""
    assert error_of(data, format) == message


def test_missing_field_in_journeyinbox():
    """JourneyInbox entries need 'when'."""
    assert error_of(b'[{"body": "x", "date": "2024-01-01"}]', "journeyinbox-json") == (
        "Entry 1: missing field 'when'"
    )


def test_dayone_missing_creation_date():
    """A Day One entry without creationDate is refused."""
    data = b'{"metadata": {}, "entries": [{"text": "x"}]}'
    assert error_of(data) == "Entry 1: missing field 'creationDate'"


def test_dayone_bad_creation_date():
    """A Day One creationDate that is not ISO 8601 is refused."""
    data = b'{"metadata": {}, "entries": [{"creationDate": "March 3rd", "text": "x"}]}'
    assert error_of(data) == (
        "Entry 1: this is not a date and time "
        "(expected one such as '2026-11-27T21:14:03Z', found 'March 3rd')"
    )


def test_dayone_unknown_time_zone():
    """A time zone the system does not know is refused, not guessed."""
    data = b'{"metadata": {}, "entries": [{"creationDate": "2026-01-01T00:00:00Z", '
    data += b'"timeZone": "Mars/Olympus_Mons", "text": "x"}]}'
    assert error_of(data) == "Entry 1: unknown time zone 'Mars/Olympus_Mons'"


def test_dayone_without_time_zone_uses_utc():
    """An entry with no timeZone is dated in UTC."""
    data = b'{"metadata": {}, "entries": [{"creationDate": "2026-01-01T23:30:00Z", "text": "x"}]}'
    assert parse(data).entries == [ImportedEntry(date(2026, 1, 1), "x")]


def test_error_inside_zip_names_the_member():
    """An error in a journal inside the zip names that file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Journal.json", b'{"metadata": {}, "entries": [{"text": "x"}]}')
    assert error_of(buffer.getvalue()) == "Journal.json entry 1: missing field 'creationDate'"


def test_truncated_zip(dayone_zip):
    """A zip cut short is damaged or truncated."""
    assert error_of(dayone_zip[: len(dayone_zip) // 2]) == "The zip file is damaged or truncated"


def test_corrupted_zip_member(dayone_zip):
    """A zip whose compressed data was altered fails its check and is refused."""
    damaged = bytearray(dayone_zip)
    start = dayone_zip.index(b"Journal.json") + len(b"Journal.json") + 40
    damaged[start : start + 8] = b"\x00" * 8
    assert error_of(bytes(damaged)) == "The zip file is damaged or truncated"


def test_zip_without_journal():
    """A zip with no .json journal in it says so."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/a.jpeg", b"jpeg")
    assert error_of(buffer.getvalue()) == (
        "The zip file holds no Day One journal (a .json file such as Journal.json)"
    )


def test_zip_bomb_is_refused_before_inflating():
    """A member declaring more than 100 MB is refused from its declared size."""
    buffer = io.BytesIO()
    zeros = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("Journal.json", "w", force_zip64=True) as member,
    ):
        for _ in range(101):
            member.write(zeros)
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024  # a small upload...
    assert error_of(data) == (  # ...that would have unpacked to 101 MiB
        "Its journals would unpack to 105,906,176 bytes, more than the 100 MB allowed"
    )


def test_many_journals_are_held_to_one_size_limit_together():
    """Journals each under the limit are refused when together they would unpack to over 100 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(3):
            archive.writestr(f"Journal {number}.json", b'{"entries": []}')
    data = bytearray(buffer.getvalue())
    # Each central directory record claims 40 MiB unpacked; zipfile trusts it.
    at = 0
    while (at := data.find(b"PK\x01\x02", at + 1)) != -1:
        data[at + 24 : at + 28] = struct.pack("<I", 40 * 1024 * 1024)
    assert error_of(bytes(data)) == (
        "Its journals would unpack to 125,829,120 bytes, more than the 100 MB allowed"
    )


def test_encrypted_zip_member_is_refused(dayone_zip):
    """A password-protected member is reported as encrypted."""
    encrypted = bytearray(dayone_zip)
    # Set the 'encrypted' flag bit in both the local and the central header.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = encrypted.index(signature) + offset
        encrypted[at] |= 1
    assert error_of(bytes(encrypted)) == (
        "Journal.json: is encrypted; export it again without a password"
    )


def test_dayone_media_links_of_every_kind_are_dropped():
    """Photo, video and audio embeds all go; the words around them stay."""
    text = "Before\\.\n\n![](dayone-moment:/video/AB12)\n![](dayone-moment://CD34)\n\nAfter\\!"
    data = json.dumps(
        {"metadata": {}, "entries": [{"creationDate": "2026-01-01T12:00:00Z", "text": text}]}
    )
    assert parse(data.encode()).entries == [ImportedEntry(date(2026, 1, 1), "Before.\n\nAfter!")]


# The journal's limits: days from 1900 to tomorrow, entries up to 100,000 characters

LATEST = date(2026, 11, 28)


def limit_error(data: bytes, format: str | None = None) -> str:
    with pytest.raises(FormatError) as caught:
        parse(data, format, "", LATEST)
    return str(caught.value)


@pytest.mark.parametrize(
    ("day", "problem"),
    [
        ("0005-06-01", "0005-06-01 is before 1900; a journal starts on 1900-01-01 at the earliest"),
        (
            "2200-01-01",
            "2200-01-01 has not happened yet; the latest day a journal holds is 2026-11-28",
        ),
        ("2026-11-29", "2026-11-29 has not happened yet"),
    ],
)
def test_days_outside_the_journal_are_refused_by_line(day, problem):
    """Years 5 and 2200, or the day after tomorrow, refuse the file and name the line."""
    data = f"2014-01-01\n\nFine.\n\n{day}\n\nNot fine.\n".encode()
    assert limit_error(data, "ohlife").startswith(f"Line 5: {problem}")


def test_days_outside_the_journal_are_refused_by_entry_number():
    """In a JSON export the entry's number says which one."""
    data = json.dumps(
        [{"date": "2014-01-01", "body": "ok"}, {"date": "2200-01-01", "body": "no"}]
    ).encode()
    assert limit_error(data, "trailmix-json").startswith("Entry 2: 2200-01-01 has not happened")


def test_tomorrow_and_1900_are_inside_the_journal():
    """The range's two ends are days a journal holds."""
    data = b"1900-01-01\n\nFirst.\n\n2026-11-28\n\nTomorrow.\n"
    assert [day.date for day in parse(data, "ohlife", "", LATEST).entries] == [
        date(1900, 1, 1),
        LATEST,
    ]


def test_an_entry_over_the_limit_refuses_the_file_and_names_it():
    """An entry of 100,001 characters is refused with its number and length."""
    data = json.dumps(
        {
            "version": 1,
            "entries": [
                {"date": "2014-01-01", "body": "fine"},
                {"date": "2014-01-02", "body": "x" * 100_001},
            ],
        }
    ).encode()
    assert limit_error(data) == (
        "Entry 2: too long: an entry can hold up to 100,000 characters, "
        "and this one would have 100,001"
    )


def test_entries_of_one_day_that_together_pass_the_limit_are_refused():
    """Two pieces of one day that join into more than 100,000 characters name the second."""
    data = json.dumps(
        [{"date": "2014-01-01", "body": "a" * 60_000}, {"date": "2014-01-01", "body": "b" * 40_000}]
    ).encode()
    assert limit_error(data, "trailmix-json").startswith(
        "Entry 2: too long with the other entries for that day: an entry can hold up to "
        "100,000 characters, and this one would have 100,002"
    )


def test_an_entry_of_exactly_the_limit_is_imported():
    """100,000 characters is an entry."""
    data = json.dumps([{"date": "2014-01-01", "body": "x" * 100_000}]).encode()
    assert len(parse(data, "trailmix-json", "", LATEST).entries[0].body) == 100_000


def test_a_day_one_zip_that_inflates_to_a_huge_entry_is_refused():
    """A small zip whose one entry unpacks to megabytes is refused, naming the entry."""
    document = {
        "metadata": {},
        "entries": [{"creationDate": "2020-01-01T10:00:00Z", "text": "word " * 2_000_000}],
    }
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("Journal.json", json.dumps(document))
    assert len(archive.getvalue()) < 200_000
    assert limit_error(archive.getvalue()).startswith(
        "Journal.json entry 1: too long: an entry can hold up to 100,000 characters"
    )


def test_json_that_is_not_utf8_names_the_byte():
    """A JSON export with a Latin-1 byte is refused with its offset, as text exports are."""
    data = '[{"date": "2014-01-01", "body": "caf\xe9"}]'.encode("latin-1")
    assert limit_error(data) == "The file is not UTF-8 text (byte 0xe9 at offset 36)"


def test_json_is_read_as_a_stream_not_loaded_whole(monkeypatch):
    """No JSON export goes through json.loads, which holds the whole document as objects."""

    def refuse(*args, **kwargs):
        raise AssertionError("json.loads was called")

    monkeypatch.setattr(json, "loads", refuse)
    data = json.dumps({"version": 1, "entries": [{"date": "2014-01-01", "body": "ok"}]})
    assert parse(data.encode(), None, "", LATEST).entries == [ImportedEntry(date(2014, 1, 1), "ok")]


def test_a_json_error_on_a_long_line_names_that_line():
    """A minified export (one long line) reports its line even when fed in pieces."""
    entries = [{"date": "2014-01-01", "body": "x" * 200_000}]
    data = (json.dumps(entries)[:-1] + ", nope]").encode()
    assert limit_error(data, "trailmix-json").startswith("Line 1: not valid JSON")
