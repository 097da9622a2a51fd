"""Entry text read as Markdown, sanitized, with bare links and #tags."""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template

from entries.rendering import first_words, render, render_passage, tags_in
from entries.templatetags.journal import journal_text

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '[click](https://example.com "title" onmouseover=alert(1))',
    "<a href='javascript:alert(1)'>x</a>",
    "![x](javascript:alert(1))",
    "<svg onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    '"><script>alert(1)</script>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '#tag"><script>alert(1)</script>',
]


SAFE_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre"}
SAFE_TAGS |= {"h4", "h5", "h6", "hr", "mark"}


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def assert_inert(html):
    """Only harmless elements, no event handlers, and links only to web or mail addresses."""
    parser = Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag in SAFE_TAGS, html
        assert set(attrs) <= {"href", "rel", "class", "start"}, html
        href = attrs.get("href", "https:")
        assert href.startswith(("https:", "http:", "mailto:", "/")), html


def test_markdown_becomes_html():
    """Emphasis, nested lists and links render; the stored text needs no HTML."""
    html = render("I felt *good*, **really**.\n\n- one\n  - nested\n- [Ruth](https://ruth.example)")
    assert "<em>good</em>" in html
    assert "<strong>really</strong>" in html
    assert "<ul>\n<li>one\n<ul>\n<li>nested</li>" in html
    assert '<a href="https://ruth.example" rel="nofollow noopener">Ruth</a>' in html


def test_paragraphs_and_line_breaks_are_kept():
    """Blank lines make paragraphs and single line breaks stay, as people write in email."""
    html = journal_text("First line\nsecond line\r\n\r\n\n  Second.  \n\n")
    assert html == "<p>First line<br>\nsecond line</p>\n<p>Second.</p>"


def test_raw_html_shows_as_typed():
    """HTML typed into an entry is text, never markup."""
    html = render("<b>bold?</b> & more")
    assert html == "<p>&lt;b&gt;bold?&lt;/b&gt; &amp; more</p>"


@pytest.mark.parametrize("attack", XSS)
def test_scripts_in_an_entry_never_run(attack):
    """Every way of sneaking a script into Markdown comes out inert."""
    assert_inert(render(attack, tag_urls={"tag": "/journal/tags/1/"}))


@pytest.mark.parametrize("attack", XSS)
def test_scripts_in_a_search_passage_never_run(attack):
    """A passage with a match marked inside an attack is inert too."""
    assert_inert(render_passage(f"\ue000{attack}\ue001 and \ue000script\ue001"))


def test_headings_sit_below_the_page_headings():
    """# Title in an entry is an h4: the page's own h1-h3 keep their meaning."""
    assert render("# Title\n\n### Small") == "<h4>Title</h4>\n<h6>Small</h6>"


def test_images_are_not_loaded():
    """An image in an entry stays a link: a journal page never fetches another site."""
    assert render("![cat](https://example.com/cat.png)") == (
        '<p>!<a href="https://example.com/cat.png" rel="nofollow noopener">cat</a></p>'
    )


def test_bare_links_become_clickable_without_their_punctuation():
    """Addresses are linked; a full stop or bracket after them stays outside the link."""
    html = journal_text("See https://example.com/a?b=1&c=2. (Or www.example.org!)")
    assert html == (
        '<p>See <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener">'
        "https://example.com/a?b=1&amp;c=2</a>. (Or "
        '<a href="https://www.example.org" rel="nofollow noopener">www.example.org</a>!)</p>'
    )


def test_links_ending_in_a_bracket_keep_it():
    """A Wikipedia-style address keeps its closing bracket."""
    html = journal_text("https://en.wikipedia.org/wiki/Oak_(tree)")
    assert 'href="https://en.wikipedia.org/wiki/Oak_(tree)"' in html


def test_quotes_cannot_break_out_of_a_link():
    """A quote in the text ends the address, so it can never add attributes to the link."""
    html = journal_text('https://example.com/"onmouseover="alert(1)')
    assert '<a href="https://example.com/" rel="nofollow noopener">' in html
    assert "onmouseover=" not in html.split("</a>")[0]


def test_tags_in_any_script_with_digits_dashes_and_underscores():
    """A #word is a tag in any alphabet, lowercased, with - and _ inside it."""
    text = "With #Maya at #café_2, #हिंदी, #日本語 and #well-being."
    assert tags_in(text) == {"maya", "café_2", "हिंदी", "日本語", "well-being"}


def test_what_is_not_a_tag():
    """Numbers, headings, addresses, code, link text and escaped #s are not tags."""
    text = (
        "I was #1 in 2026 #2026.\n\n# A heading\n\nhttps://example.com/#anchor page#part "
        "`#code` [#linked](https://example.com) \\#escaped &#35;entity a/#path\n\n"
        "    #indented-code\n\n```\n#fenced\n```\n\n#" + "x" * 65
    )
    assert tags_in(text) == set()


def test_tags_link_to_their_pages_when_known():
    """A tag with a page links to it; one without stays text."""
    html = render("#Maya and #unknown", tag_urls={"maya": "/journal/tags/7/"})
    link = '<a href="/journal/tags/7/" class="tag" rel="nofollow noopener">#Maya</a>'
    assert html == f"<p>{link} and #unknown</p>"


def test_passages_mark_matches_even_across_formatting():
    """Marks from the search survive rendering and are balanced by the sanitizer."""
    html = render_passage(
        "the \ue000garden **was\ue001 green** [x](https://\ue000garden\ue001.com)"
    )
    assert "<mark>garden </mark>" in html or "<mark>garden <strong>was</strong></mark>" in html
    assert 'href="https://garden.com"' in html


def test_first_words_keeps_lines():
    """An excerpt stops after its last word and keeps the text's paragraphs."""
    assert first_words("one two\n\nthree four", 3) == "one two\n\nthree …"
    assert first_words("one two", 3) == "one two"
    assert first_words("one two three", 3) == "one two three"


def test_very_long_text_is_bounded():
    """Rendering reads at most MAX_CHARS: a huge text cannot keep the parser busy."""
    html = render("a" * 300_000)
    assert len(html) < 200_100


def test_entry_html_without_a_signed_in_person_links_no_tags():
    """Outside a signed-in request (an email, say) tags are plain text."""
    template = Template("{% load journal %}{% entry_html text %}")
    assert template.render(Context({"text": "#maya"})) == "<p>#maya</p>"
