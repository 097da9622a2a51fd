import pytest

from entries.templatetags.journal import excerpt


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short.", ("Short.", False)),
        ("One paragraph.\n\n" + "x " * 20, ("One paragraph. \u2026", True)),
        ("Done here. And then " + "more words " * 5, ("Done here. \u2026", True)),
        ("word " * 10, ("word word word word \u2026", True)),
        ("x" * 30, ("x" * 20 + "\u2026", True)),
    ],
)
def test_an_excerpt_ends_at_a_paragraph_sentence_or_word(text, expected):
    """A long text is cut at the last paragraph, sentence or word end in the first half-plus."""
    assert excerpt(text, limit=20) == expected
