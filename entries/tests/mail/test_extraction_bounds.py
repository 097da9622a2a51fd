"""Reply extraction looks at a bounded amount of text per rule, so no reply can stall a worker.

These tests check the bounds themselves (what is read, how often a rule runs), never the
clock: bench/extraction.py measures the time, and docs/performance.md records it.
"""

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from unittest import mock

from entries.html_text import MAX_HTML, html_to_text
from entries.mail import mime, quote_headers
from entries.mail.replies import MAX_TEXT, extract_reply

MEGABYTE = 1024 * 1024


def test_a_megabyte_line_of_on_words_is_the_persons_text():
    """A 900 KB line of repeated "On " words comes back unchanged; no header rule reads it."""
    line = "On " * 300_000
    with mock.patch.object(
        quote_headers, "is_wrote_header", wraps=quote_headers.is_wrote_header
    ) as header_check:
        assert extract_reply(line) == line.rstrip()
    assert header_check.call_count == 0


def test_a_line_longer_than_any_header_is_never_one():
    """A long line ending in "wrote:" is text, even above a quote."""
    line = "x" * (quote_headers.MAX_LINE + 1) + " 2026 wrote:"
    assert extract_reply(f"{line}\n> quoted") == line
    assert extract_reply(f"Hi\n\n{line}\n\nmore") == f"Hi\n\n{line}\n\nmore"
    field = "From: " + "x" * quote_headers.MAX_LINE
    assert extract_reply(f"Hi\n\n{field}\nSent: Monday") == f"Hi\n\n{field}\nSent: Monday"
    ruler = "-" * (quote_headers.MAX_LINE + 1)
    assert extract_reply(f"Hi\n{ruler}\nthere") == f"Hi\n{ruler}\nthere"


def test_header_rules_run_a_bounded_number_of_times_per_line():
    """Tens of thousands of header-like lines cost a few checks each, not one per pair."""
    lines = ["x@y.z 10:00 wrote:"] * 20_000
    with mock.patch.object(
        quote_headers, "is_wrote_header", wraps=quote_headers.is_wrote_header
    ) as header_check:
        extract_reply("Typed.\n" + "\n".join(lines))
    assert header_check.call_count <= 3 * len(lines)


def test_text_before_a_header_on_a_long_line_is_kept():
    """'<long text> On <date>, X wrote:' keeps the text; only the line's tail is searched."""
    text = "word " * 100_000 + "then"
    body = f"{text} On Mon, 5 Jan 2026, Daybook wrote:\n> Prompt"
    assert extract_reply(body) == text


def test_only_the_first_million_characters_are_read():
    """A reply longer than ten entries is read up to MAX_TEXT characters."""
    assert len(extract_reply("a" * (MAX_TEXT + 1000))) == MAX_TEXT


def test_blank_and_quoted_line_floods_are_handled():
    """Hundreds of thousands of blank or quoted lines leave only the typed text."""
    assert extract_reply("Hi\n" + "\n" * 500_000 + "there") == "Hi\n\nthere"
    assert extract_reply("Hi\n" + ">\n" * 400_000) == "Hi"


def test_contact_card_search_reads_only_the_end():
    """Thousands of short address lines are not one giant card to pick apart."""
    body = "Hi\n\n" + "a@b.cd\n\n" * 50_000
    assert extract_reply(body).startswith("Hi\n\na@b.cd")


def test_html_that_breaks_the_standard_parser_is_read_as_text():
    """'<a<a<a...' (quadratic in HTMLParser) is text, cut near MAX_HTML characters."""
    text = html_to_text("<a" * MEGABYTE)
    assert MAX_HTML - 2 <= len(text) <= MAX_HTML
    assert text.startswith("<a<a")
    assert html_to_text("</" * 10 + "<?xml?>" + "<!DOCTYPE html>Hi") == "</" * 10 + "Hi"


def test_deeply_nested_html_keeps_its_text():
    """A hundred thousand nested elements still give the text inside them."""
    html = "<div>" * 100_000 + "Deep" + "</div>" * 100_000
    assert extract_reply(None, html) == "Deep"
    assert extract_reply(None, "<blockquote>" * 100_000 + "quoted") == ""


def test_inline_images_do_not_push_text_past_the_bound():
    """A large data: image in the HTML does not count towards MAX_HTML."""
    image = "data:image/png;base64," + "A" * (2 * MAX_HTML)
    html = f'<p><img src="{image}"></p><p>Beach day.</p>'
    assert extract_reply(None, html) == "Beach day."


def test_unclosed_comments_and_styles_hide_the_rest():
    """An unclosed comment or <style> hides what follows, as in a browser."""
    assert html_to_text("Hi<!--" + "a" * 1000) == "Hi"
    assert html_to_text("Hi<style>" + "a<" * 1000) == "Hi"
    assert html_to_text("<textarea>a < b</textarea>") == "a < b"


def _parsed(body: str, cte: str) -> EmailMessage:
    message = EmailMessage()
    message.set_content(body, cte=cte)
    return BytesParser(_class=mime.Message, policy=policy.compat32).parsebytes(message.as_bytes())


def test_a_huge_part_is_decoded_only_as_far_as_it_is_read():
    """A 10 MB part is decoded up to MAX_ENCODED_BODY, without breaking the last character."""
    text = mime.decoded_text(_parsed("héllo wörld\n" * 800_000, "base64"))
    assert len(text.encode()) <= mime.MAX_ENCODED_BODY
    assert text.startswith("héllo wörld\n")
    assert "\ufffd" not in text
    assert "Ã" not in text
    eight_bit = mime.decoded_text(_parsed("日本語" * 2_000_000, "8bit"))
    assert eight_bit.startswith("日本語日本語")
    assert len(eight_bit.encode()) <= mime.MAX_ENCODED_BODY
