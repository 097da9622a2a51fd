"""The one HTML-to-text converter, as the mail and transfer wings both use it."""

from entries.html_text import html_to_text
from entries.text import normalise


def text_of(html, **options):
    # Callers tidy blank lines themselves (normalise, or the reply rules).
    return normalise(html_to_text(html, **options))


def test_blocks_are_paragraphs_and_divs_are_lines():
    """Paragraphs and headings are a blank line apart; a <div> or <br> starts a line."""
    html = "<h2>Title</h2><p>One.</p><div>Two.<br>Three.</div>"
    assert text_of(html) == "Title\n\nOne.\n\nTwo.\nThree."


def test_list_items_read_as_dashes():
    """Each list item is a line starting "- ", however the HTML was spaced."""
    html = "<ul><li>oat milk</li>\n<li>coffee</li></ul>"
    assert text_of(html) == "- oat milk\n- coffee"


def test_quotes_are_kept_unless_asked_to_skip_them():
    """A blockquote is text like any other, except in a reply, where the client quoted it."""
    html = "<p>Mine.</p><blockquote>Quoted.</blockquote><div class='gmail_quote'>Old.</div>"
    assert "Quoted." in html_to_text(html)
    assert text_of(html, skip_quoted=True) == "Mine."
