"""Text parts decode to what was typed, whatever charset they claim."""

from entries.mail import charsets


def test_iso_2022_jp_without_a_label_is_recognised():
    """Japanese in ISO-2022-JP is 7-bit, so it is found by its escape sequences."""
    payload = "今日は散歩した。".encode("iso2022_jp")
    assert charsets.decode(payload, "") == "今日は散歩した。"
    assert charsets.decode(b"plain \x1b$ nonsense", "") == "plain \x1b$ nonsense"


def test_a_declared_charset_that_decodes_is_trusted():
    """Polish in ISO-8859-2, labelled so, is read with its label."""
    payload = "Dziś był mróz.".encode("iso8859_2")
    assert charsets.decode(payload, "iso-8859-2") == "Dziś był mróz."


def test_utf8_wins_over_a_weak_label_and_an_unknown_one():
    """UTF-8 labelled Latin-1, or with a charset nobody knows, is read as UTF-8."""
    payload = "Grüße aus Köln".encode()
    assert charsets.decode(payload, "iso-8859-1") == "Grüße aus Köln"
    assert charsets.decode(payload, "x-unknown") == "Grüße aus Köln"


def test_a_cut_payload_may_end_inside_a_character():
    """A body cut at the read limit loses its last half character, not its charset."""
    payload = "Grüße".encode()[:-1] + b"\xc3"
    assert charsets.decode(payload, "utf-8", final=False) == "Grüß"


def test_bytes_no_charset_fits_fall_back_to_windows_1252():
    """Bytes that no candidate reads still give text, never an error."""
    with_replacements = charsets.decode(b"\x81\x8d\x8f\x90\x9d", "")
    assert isinstance(with_replacements, str)
    assert with_replacements
