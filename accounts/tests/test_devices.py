"""Naming a browser from its User-Agent header."""

import pytest

from accounts.devices import describe


@pytest.mark.parametrize(
    ("user_agent", "words"),
    [
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/140.0 Safari/537.36 Edg/140.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
            "Gecko) Version/18.0 Safari/605.1.15",
            "Safari on macOS",
        ),
        (
            "Mozilla/5.0 (Linux; Android 15) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/140.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0",
            "Firefox on Linux",
        ),
        ("curl/8.5", "A browser on an unknown system"),
        ("", "A browser on an unknown system"),
        (None, "A browser on an unknown system"),
    ],
)
def test_common_browsers_are_named(user_agent, words):
    """The usual browsers and systems get their names; anything else is said plainly."""
    assert describe(user_agent) == words


def test_a_huge_header_is_cut_before_it_is_read():
    """Only the first 512 characters are looked at, however long the header."""
    assert describe("x" * 1_000_000 + " Firefox/1 Windows") == "A browser on an unknown system"
