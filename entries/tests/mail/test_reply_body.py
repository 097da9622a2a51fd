"""Broken or unusual messages still become the text the person typed."""

from unittest import mock

from entries.mail import pipeline, reply_body

HEAD = (
    b"From: Ann <ann@example.com>\r\nTo: t@reply.example\r\nSubject: Re: today\r\n"
    b"MIME-Version: 1.0\r\n"
)


def _text(raw: bytes) -> str:
    return pipeline.extract(pipeline.parse(raw))


def test_a_body_of_another_text_type_is_read_as_text():
    """A reply whose only body is text/enriched (or similar) still gives its text."""
    raw = HEAD + b"Content-Type: text/enriched\r\n\r\nA quiet day.\r\n"
    assert _text(raw) == "A quiet day."


def test_many_false_boundaries_are_tried_a_few_times_only():
    """Thousands of lines that look like boundaries cost three tries, then the body is text."""
    body = b"Typed first.\r\n" + b"--not-a-boundary\r\n" * 10_000
    raw = HEAD + b'Content-Type: multipart/mixed; boundary="declared"\r\n\r\n' + body
    with mock.patch.object(reply_body, "BytesParser", wraps=reply_body.BytesParser) as parser:
        text = _text(raw)
    assert text.startswith("Typed first.\n--not-a-boundary")
    assert parser.call_count <= reply_body._MAX_BOUNDARY_TRIES


def test_html_that_agrees_with_the_text_keeps_the_texts_line_breaks():
    """When both parts give the same words, the text part's own layout is kept."""
    raw = (
        HEAD + b'Content-Type: multipart/alternative; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nOne\r\ntwo\r\n\r\n"
        b"On Fri, Nov 27, 2026 at 8:00 PM Daybook <t@reply.example> wrote:\r\n> Prompt\r\n"
        b'--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<div>One two</div><div class="'
        b'gmail_quote">Prompt</div>\r\n--b--\r\n'
    )
    assert _text(raw) == "One\ntwo"


def test_text_part_keeps_its_list_marks_when_the_html_agrees():
    """A bulleted list keeps the text part's "- " marks; the HTML only says where it ends."""
    raw = (
        HEAD + b'Content-Type: multipart/alternative; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nTo buy:\r\n- eggs\r\n- milk\r\n"
        b"\r\nIt's Friday. How was your day?\r\n"
        b"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<div>To buy:</div><ul><li>eggs"
        b'</li><li>milk</li></ul><div class="gmail_quote"><p>It\'s Friday. How was your day?</p>'
        b"</div>\r\n--b--\r\n"
    )
    assert _text(raw) == "To buy:\n- eggs\n- milk"


def test_a_text_part_missing_words_gives_way_to_the_html():
    """When the text part lacks what the HTML shows, the HTML's reply is the reply."""
    raw = (
        HEAD + b'Content-Type: multipart/alternative; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSomething else entirely.\r\n"
        b"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<div>Beach day.</div>"
        b'<div class="gmail_quote">Prompt</div>\r\n--b--\r\n'
    )
    assert _text(raw) == "Beach day."
