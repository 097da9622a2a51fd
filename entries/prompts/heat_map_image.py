"""The heat map in a recap email, as a small PNG.

Mail clients show neither SVG nor the site's stylesheet, and block data:
URLs, so the map travels as an image attached to the email. A heat map is
a few dozen squares in five colours, which a PNG encoder of a few lines
writes (zlib and struct are in the standard library): no imaging library
is needed for it.
"""

import datetime as dt
import struct
import zlib

from entries.year import LEVELS

CELL = 16  # pixels per square
GAP = 3  # pixels between squares
# The year page's colours (static/css/daybook.css .l0 to .l4), on the email's background.
BACKGROUND = (0xFB, 0xF8, 0xF3)
COLOURS = [
    (0xDD, 0xD6, 0xCB),
    (0xE9, 0xC4, 0xA8),
    (0xD0, 0x8A, 0x5C),
    (0xA8, 0x55, 0x2A),
    (0x6E, 0x2A, 0x0A),
]


def level(words):
    return sum(words >= threshold for threshold in LEVELS)


def squares(starts, ends, words_by_date):
    """Each day of the period as (column, row, level).

    A month is a calendar: a column per weekday, a row per week. A year is
    the year page's map: a column per week, a row per weekday.
    """
    long = (ends - starts).days > 31
    offset = starts.weekday()
    day, placed = starts, []
    while day < ends:
        week, weekday = divmod((day - starts).days + offset, 7)
        column, row = (week, weekday) if long else (weekday, week)
        placed.append((column, row, level(words_by_date.get(day, 0))))
        day += dt.timedelta(days=1)
    return placed


def heat_map_png(starts, ends, words_by_date):
    """The PNG bytes of the period's heat map, and its width and height in pixels."""
    placed = squares(starts, ends, words_by_date)
    columns = max(column for column, _, _ in placed) + 1
    rows = max(row for _, row, _ in placed) + 1
    width, height = columns * (CELL + GAP) + GAP, rows * (CELL + GAP) + GAP
    pixels = [bytearray(bytes(BACKGROUND) * width) for _ in range(height)]
    for column, row, shade in placed:
        left, top = GAP + column * (CELL + GAP), GAP + row * (CELL + GAP)
        colour = bytes(COLOURS[shade]) * CELL
        for y in range(top, top + CELL):
            pixels[y][left * 3 : (left + CELL) * 3] = colour
    # Each row starts with filter type 0 (none).
    raw = b"".join(b"\x00" + bytes(line) for line in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    png = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
    png += _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b"")
    return png, width, height


def _chunk(kind, data):
    checksum = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)
