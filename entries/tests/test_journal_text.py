from entries.templatetags.journal import journal_text


def test_text_is_escaped_and_split_into_paragraphs():
    """Blank lines make paragraphs, single line breaks stay, and markup shows as typed."""
    html = journal_text("<script>x</script> & more\nnext line\r\n\r\n\n  Second.  \n\n")
    assert html == "<p>&lt;script&gt;x&lt;/script&gt; &amp; more<br>next line</p><p>Second.</p>"


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
    assert 'href="https://example.com/"' in html
    assert '"onmouseover' not in html
