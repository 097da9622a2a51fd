"""Day One's JSON export, alone or inside the zip the app writes.

The file is ``{"metadata": {...}, "entries": [{"creationDate", "timeZone",
"text", "photos", ...}]}``; the zip holds one such file per journal
(``Journal.json`` or the journal's name) beside ``photos/``, ``videos/`` and
so on. The day of an entry is its creation time seen in the entry's own time
zone. The text is Markdown whose punctuation Day One backslash-escapes, and
photos appear in it as ``![](dayone-moment://...)`` links. The links go;
from the zip, each entry's photos (``photos/<md5>.<type>``) come along as
attachments, and the other attachments (videos, audio, PDFs) are counted,
to tell the person.
"""

import io
import re
import zipfile
import zlib
import zoneinfo

from entries.transfer.parsing import (
    FormatError,
    ImportedAttachment,
    StreamedJSON,
    entries_list,
    field_of,
    moment,
    show,
)

# Zip members may claim any size; we refuse to inflate journals that together
# claim more than this, so a small upload cannot become more memory than a
# dyno has. The limit is on the total: a zip may hold many journals. zipfile
# never returns more than a member declares, so the declared sizes are safe
# to trust.
MAX_JSON_BYTES = 100 * 1024 * 1024

# The kinds of attachment an entry can list, each under its own key.
MEDIA_KEYS = ("photos", "videos", "audios", "pdfAttachments")

_MD5 = re.compile(r"[0-9a-f]{32}")
_MOMENT = re.compile(r"!\[[^\]]*\]\(dayone-moment:[^)]*\)")
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation

Pairs = list[tuple]


def read_json(
    document: StreamedJSON, where: str = "", files: frozenset = frozenset()
) -> tuple[Pairs, int]:
    """The (day, text, where, ...) of every entry, and how many attachments were left out.

    `files` are the names in the zip the JSON came from: an entry's photo
    found there (``photos/<md5>.<type>``) comes along as an attachment.
    """
    entries = entries_list(document, "entries", where, "a Day One export: an object with 'entries'")
    pairs, media = [], 0
    for number, item in enumerate(entries, 1):
        place = f"{where} entry {number}".strip()
        created = moment(field_of(item, "creationDate", place), place)
        zone_name = item.get("timeZone") or "UTC"
        try:
            zone = zoneinfo.ZoneInfo(zone_name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
            # A guess could put the entry on the wrong day; better to say so.
            raise FormatError(place, f"unknown time zone {show(zone_name)}") from None
        text = field_of(item, "text", place) if "text" in item else ""
        text = _MARKDOWN_ESCAPE.sub(r"\1", _MOMENT.sub("", text))
        photos = _photos(item, files)
        pairs.append((created.astimezone(zone).date(), text, place, None, None, photos))
        listed = sum(len(item[key]) for key in MEDIA_KEYS if isinstance(item.get(key), list))
        media += listed - len(photos)
    return pairs, media


def _photos(item: dict, files: frozenset) -> tuple[ImportedAttachment, ...]:
    """The entry's photos that the zip holds, in their order in the entry."""
    listed = item.get("photos")
    if not isinstance(listed, list):
        return ()
    found = []
    for photo in listed:
        if not isinstance(photo, dict):
            continue
        md5, kind = photo.get("md5"), photo.get("type")
        if not (isinstance(md5, str) and _MD5.fullmatch(md5) and isinstance(kind, str)):
            continue
        path = f"photos/{md5}.{kind}"
        if path in files:
            try:  # ijson reads numbers as Decimal
                position = int(photo.get("orderInEntry", len(found)))
            except (TypeError, ValueError, ArithmeticError):
                position = len(found)
            attachment = ImportedAttachment(path, f"{md5}.{kind}", content_type=f"image/{kind}")
            found.append((position, attachment))
    return tuple(attachment for _, attachment in sorted(found, key=lambda pair: pair[0]))


def read_zip(data: bytes) -> tuple[Pairs, int]:
    """Every journal in a Day One export zip, in archive order."""
    damaged = FormatError("file", "the zip file is damaged or truncated")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        raise damaged from None
    with archive:
        # We only inflate the JSON, so only the JSON counts towards the size limit.
        journals = [
            info
            for info in archive.infolist()
            if info.filename.lower().endswith(".json")
            and not info.is_dir()
            and "__MACOSX" not in info.filename
            and not info.filename.rsplit("/", 1)[-1].startswith(".")
        ]
        if not journals:
            raise FormatError(
                "file", "the zip file holds no Day One journal (a .json file such as Journal.json)"
            )
        total = sum(info.file_size for info in journals)
        if total > MAX_JSON_BYTES:
            raise FormatError(
                "file",
                f"its journals would unpack to {total:,} bytes, more than the 100 MB allowed",
            )
        pairs, media = [], 0
        for info in journals:
            try:
                with archive.open(info) as member:
                    raw = member.read(MAX_JSON_BYTES + 1)
            except (zipfile.BadZipFile, zlib.error, EOFError):
                raise damaged from None
            except RuntimeError:  # zipfile's word for "needs a password"
                raise FormatError(
                    info.filename, "is encrypted; export it again without a password"
                ) from None
            except NotImplementedError:
                raise FormatError(
                    info.filename, "uses a compression method Daybook cannot read"
                ) from None
            document = StreamedJSON(raw, info.filename)
            names = frozenset(archive.namelist())
            journal_pairs, journal_media = read_json(document, info.filename, names)
            pairs.extend(journal_pairs)
            media += journal_media
        return pairs, media
