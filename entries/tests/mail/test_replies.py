"""What Daybook keeps of an emailed reply: the person's new words, nothing their client added."""

import email
import email.policy
import json
import re
from pathlib import Path

import pytest

from entries.mail.replies import REPLY_MARKER, extract_reply, unflow
from entries.tests.corpus import ABSENT, CORPUS, SAMPLED

# Part a) Small replies written for Daybook.

PROMPT = f"> {REPLY_MARKER}\n>\n> What made you smile today?\n>\n> -- \n> Daybook"


def test_gmail_reply_keeps_only_the_new_text():
    """A Gmail reply shows only what I typed, not the prompt or 'On ... wrote:'."""
    body = (
        "Walked to the lake before work.\n\n"
        "On Mon, 5 Jan 2026 at 07:00, Daybook <prompt@daybook.example> wrote:\n\n"
        "> What made you smile today?\n"
    )
    assert extract_reply(body) == "Walked to the lake before work."


def test_reply_marker_cuts_the_quoted_prompt():
    """Everything from Daybook's marker line down, and the header above it, is left out."""
    body = (
        "Coffee with Sam.\n\nOn Tue, Jan 6, 2026 at 7:00 AM Daybook <\n"
        f"prompt@daybook.example> wrote:\n\n{PROMPT}\n"
    )
    assert extract_reply(body) == "Coffee with Sam."


def test_reply_marker_without_a_header_still_cuts():
    """A client that quotes without a header still loses the prompt at the marker."""
    assert extract_reply(f"Rain all day.\n\n{REPLY_MARKER}\nWhat made you smile?") == (
        "Rain all day."
    )


def test_reply_marker_below_an_outlook_block():
    """Outlook's unquoted copy of the prompt, marker and all, is left out."""
    body = (
        "Tired but happy.\r\n\r\n________________________________\r\nFrom: Daybook\r\n"
        f"Sent: Monday, January 5, 2026 7:00 AM\r\nTo: Ann\r\n\r\n{REPLY_MARKER}\r\nPrompt"
    )
    assert extract_reply(body) == "Tired but happy."


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("Am Mo., 5. Jan. 2026 um 07:00 Uhr schrieb Daybook <prompt@daybook.example>:", "de"),
        ("Le lun. 5 janv. 2026 à 07:00, Daybook <prompt@daybook.example> a écrit :", "fr"),
        ("El lun, 5 ene 2026 a las 7:00, Daybook (<prompt@daybook.example>) escribió:", "es"),
    ],
)
def test_reply_headers_in_other_languages_are_removed(header, language):
    """German, French and Spanish reply headers and the quote below them are left out."""
    body = f"Ein guter Tag.\n\n{header}\n\n> What made you smile today?\n"
    assert extract_reply(body) == "Ein guter Tag.", language


def test_outlook_from_sent_block_is_removed():
    """Outlook's unquoted 'From:/Sent:/To:/Subject:' copy of the prompt is left out."""
    body = (
        "Long meeting, good dinner.\n\n"
        "________________________________\n"
        "From: Daybook <prompt@daybook.example>\n"
        "Sent: Monday, January 5, 2026 7:00 AM\n"
        "To: Ann <ann@example.com>\n"
        "Subject: What made you smile today?\n\n"
        "What made you smile today?\n"
    )
    assert extract_reply(body) == "Long meeting, good dinner."


def test_outlook_original_message_is_removed():
    """'-----Original Message-----' and the prompt under it are left out."""
    body = (
        "Slept in.\n\n-----Original Message-----\n"
        "From: Daybook\nSent: Monday\n\nWhat made you smile today?"
    )
    assert extract_reply(body) == "Slept in."


def test_apple_mail_header_is_removed():
    """Apple Mail's 'On <date>, at <time>, X wrote:' and its quote are left out."""
    body = (
        "Bought tulips.\n\n"
        "> On 5 Jan 2026, at 07:00, Daybook <prompt@daybook.example> wrote:\n"
        ">\n> What made you smile today?\n"
    )
    assert extract_reply(body) == "Bought tulips."


@pytest.mark.parametrize(
    "signature",
    [
        "Sent from my iPhone",
        "Von meinem iPhone gesendet",
        "Envoyé de mon iPhone",
        "Get Outlook for iOS",
    ],
)
def test_mobile_signatures_are_removed(signature):
    """'Sent from my iPhone' and its translations do not end up in the journal."""
    body = f"Long run in the park.\n\n{signature}\n\nOn Mon, Daybook wrote:\n> prompt"
    assert extract_reply(body) == "Long run in the park."


def test_sent_from_in_a_sentence_is_kept():
    """A sentence that starts like a phone signature stays in the entry."""
    body = "Sent from my desk at work, this one, because the train was late."
    assert extract_reply(body) == body


def test_dash_dash_signature_is_removed():
    """The block below a '-- ' line (the client's signature) is left out."""
    assert extract_reply("Quiet evening.\n\n-- \nAnn Example\nann@example.com") == "Quiet evening."


def test_contact_card_is_removed_but_sign_off_kept():
    """An Outlook-style contact card goes; the 'Thanks, Ann' I typed stays."""
    body = (
        "Good day.\n\nThanks,\nAnn\n\n"
        "Ann Example\nHead of Things\nann@example.com\n+44 20 7946 0000\n"
    )
    assert extract_reply(body) == "Good day.\n\nThanks,\nAnn"


def test_html_only_reply_drops_gmail_quote():
    """An HTML-only reply becomes text without Gmail's quoted prompt."""
    html = (
        '<div dir="ltr"><div>Saw the first snowdrop.</div><div><br></div><div>Cold!</div></div>'
        '<br><div class="gmail_quote"><div class="gmail_attr">On Mon, Daybook wrote:</div>'
        '<blockquote class="gmail_quote"><div>What made you smile today?</div></blockquote></div>'
    )
    assert extract_reply(None, html) == "Saw the first snowdrop.\n\nCold!"


@pytest.mark.parametrize(
    "quote",
    [
        '<div id="appendonsend"></div><hr><div id="divRplyFwdMsg">From: Daybook</div><p>Prompt</p>',
        '<span id="OLK_SRC_BODY_SECTION"><div>From: Daybook</div><p>Prompt</p></span>',
        '<blockquote type="cite"><div>Prompt</div></blockquote>',
        '<div class="yahoo_quoted"><div>Prompt</div></div>',
        "<style>p { color: red }</style>",
    ],
)
def test_html_quote_markers_of_other_clients_are_dropped(quote):
    """Outlook, Apple Mail and Yahoo quote markers in HTML leave only my text."""
    assert extract_reply("", f"<html><body><p>Tea &amp; toast.</p>{quote}</body></html>") == (
        "Tea & toast."
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "Text\n\nFrom: Daybook\nSent: Monday\nTo: Ann\n\nPrompt", "Text", id="from-block"
        ),
        pytest.param("Text\n\nVon: Daybook\nGesendet: Montag\n\nPrompt", "Text", id="von-block"),
        pytest.param("Text\n\nDaybook <p@daybook.example> wrote:\n\nPrompt", "Text", id="name"),
        pytest.param(
            "Text\n\n2026-01-05 7:00 GMT+01:00 Daybook\n\nPrompt", "Text", id="gmail-date"
        ),
        pytest.param("Text\n\n---------- Forwarded message ---------\nFrom: X", "Text", id="fwd"),
        pytest.param("Text\n\n-------- Original Message --------\nPrompt", "Text", id="orig"),
        pytest.param("Text\n\n> Begin forwarded message:\n> Prompt", "Text", id="apple-fwd"),
        pytest.param("Text On Mon, 5 Jan 2026, Daybook wrote:\n> Prompt", "Text", id="shared-line"),
        pytest.param(
            "Text\n\nOn Mon, 5 Jan 2026 at 07:00 Daybook\n\n<\nmailto:p@daybook.example\n> wrote:\n"
            "Prompt",
            "Text",
            id="polymail",
        ),
        pytest.param(
            "Text\n\nMon, 5 Jan 2026 07:00 +0100 от Daybook <p@d.example>:", "Text", id="ru"
        ),
        pytest.param("Text\n_____________________________\nmailing list footer", "Text", id="list"),
        pytest.param("Text\n\nFrom: Daybook\nSent: Monday\nTo: Ann\n\n> Prompt", "Text", id="both"),
    ],
)
def test_other_client_headers_are_removed(body, expected):
    """Headers of other clients and languages, and what follows them, are left out."""
    assert extract_reply(body) == expected


def test_header_with_nothing_typed_above_does_not_hide_the_text():
    """A client that puts its header on top of my text does not make the entry vanish."""
    body = "\n\nOn Mon, 5 Jan 2026 at 07:00, Daybook <p@daybook.example> wrote:\n\nMy answer.\n"
    assert extract_reply(body) == "My answer."


def test_quoted_line_broken_by_the_client_is_dropped_with_the_quote():
    """A quoted line the client wrapped without '>' does not leak into the entry."""
    body = "Fine.\n\nOn Mon, Daybook wrote:\n> Visit http://example.com/a\nb/c\n> Bye"
    assert extract_reply(body) == "Fine."


def test_name_above_a_phone_signature_is_part_of_it():
    """'Ann Example' directly above 'via mobile' goes with it; my sentences stay."""
    assert extract_reply("Long walk.\n\nAnn Example\nvia mobile") == "Long walk."
    assert extract_reply("Long walk.\nlove you\nSent from my iPhone") == ("Long walk.\nlove you")


def test_typed_addresses_in_a_long_paragraph_are_kept():
    """Addresses inside my own writing are not mistaken for a contact card."""
    body = (
        "First.\n\nI finally wrote to the council about the bins on our street today:\n"
        "council@example.gov\nhttps://example.gov/bins"
    )
    assert extract_reply(body) == body


def test_preformatted_html_keeps_its_lines():
    """Text in <pre> keeps its line breaks; other HTML whitespace collapses."""
    html = "<p>Code   of\nthe day:</p><pre>a = 1\nb = 2</pre><br/><p>Done</p>"
    assert extract_reply(None, html) == "Code of the day:\n\na = 1\nb = 2\n\nDone"


def test_paragraphs_are_kept():
    """Several paragraphs stay apart, separated by one blank line."""
    body = "First.\r\nStill first.\r\n\r\n\r\n\r\n\r\nSecond.   \r\n\r\nThird.\r\n\r\n> quote"
    assert extract_reply(body) == "First.\nStill first.\n\nSecond.\n\nThird."


def test_lists_and_words_that_look_like_signatures_are_kept():
    """Lists and lines starting 'Take', 'Thanks,' or 'Do:' stay: they are my writing."""
    body = "To do:\n- eggs\n- milk\n\nTake a walk.\nThanks, past me, for the soup.\nDo: call mum"
    assert extract_reply(body) == body


def test_inline_answer_below_the_quote_is_kept():
    """An answer written below the quoted prompt is kept, the quote is not."""
    body = "On Mon, Jan 5, 2026, Daybook wrote:\n> What made you smile today?\n\nThe cat.\n"
    assert extract_reply(body) == "The cat."


def test_reply_with_only_the_quote_is_empty():
    """A reply that adds nothing gives an empty entry, to be held for review."""
    body = f"\n\nOn Mon, 5 Jan 2026 at 07:00, Daybook <prompt@daybook.example> wrote:\n\n{PROMPT}"
    assert extract_reply(body) == ""
    assert extract_reply(None, None) == ""
    assert extract_reply("   ", "<div><blockquote>Prompt</blockquote></div>") == ""


def test_emoji_and_non_latin_text_are_kept():
    """Emoji, Cyrillic, Japanese and Arabic text come through untouched."""
    body = "Сегодня было солнечно ☀️\n今日は楽しかった 😊\nيوم جميل\n\n> prompt"
    assert extract_reply(body) == "Сегодня было солнечно ☀️\n今日は楽しかった 😊\nيوم جميل"


def test_format_flowed_soft_breaks_are_joined():
    """A format=flowed paragraph becomes one line again; quotes and hard breaks stay."""
    flowed = "This is a long \nparagraph.\nNew line.\n> quoted \n> more\n-- \nsig"
    assert unflow(flowed) == "This is a long paragraph.\nNew line.\n> quoted more\n-- \nsig"
    assert unflow("Split-\r\nword \r\nhere", delsp=True) == "Split-\nwordhere"
    assert unflow("> soft \nnot quoted") == "> soft\nnot quoted"
    assert unflow("ends soft ") == "ends soft "
    assert extract_reply(unflow("Walked \nhome.\n\nOn Mon, X wrote:\n> a \n> b")) == (
        "Walked home."
    )


# Part b) The shared corpus of real replies from other projects' test suites.


# Found the same way as every other corpus test: entries/tests/corpus.py.
NO_CORPUS = ABSENT

# Cases where Daybook's rule (module docstring of entries/mail/replies.py) gives another answer
# than the source, each with the reason. EXACT: only the exact text differs; the reply still
# keeps and drops what the source names. CONTENT: the named text itself differs.
QUOTE_KEPT = "the source keeps a quote the reply answers below; Daybook keeps only typed text"
EXPECTED_TO_DIFFER_EXACTLY = {
    "discourse_email_reply_trimmer/emails/quote_and_text.txt": QUOTE_KEPT,
    "discourse_email_reply_trimmer/emails/embedded_email_7.txt": QUOTE_KEPT,
    "discourse_email_reply_trimmer/emails/embedded_email_16.txt": QUOTE_KEPT,
    "discourse_email_reply_trimmer/emails/embedded_email_17.txt": (
        f"{QUOTE_KEPT}; the source also trims the typed lines after 'possible to do'"
    ),
    # Daybook's tidy rule: three or more blank lines become one.
    "discourse_email_reply_trimmer/emails/embedded_email_19.txt": "3+ blank lines become one",
    # Daybook's tidy rule: trailing spaces are stripped from every line.
    "mailgun_talon/inline_text_cases/test_appointment_2.txt": "trailing spaces are stripped",
    # talon's quotation extractor keeps what a phone app appends; Daybook drops it.
    "mailgun_talon/standard_replies/iphone.eml": "'Sent from my iPhone' is dropped",
    "mailgun_talon/standard_replies/sparrow.eml": "the '-- ' signature and 'Sent with' go",
    # talon drops 'Bob', which shares a <div> with the quote; it is text above the <hr>.
    "mailgun_talon/reply-separated-by-hr.html": "text above the <hr> separator is kept",
    # A quote alone is not new text: Daybook returns "" and holds the reply for review.
    "discourse_email_reply_trimmer/emails/quote_only.txt": "a quote alone is not new text",
    # A forward is not the person's writing: only what was typed above it is kept.
    "discourse_email_reply_trimmer/emails/forwarded_message.txt": "forwarded text is dropped",
    "mailgun_talon/inline_text_cases/test_dont_parse_quotations_for_forwarded_messages.txt": (
        "forwarded text is dropped"
    ),
    # A sign-off the person typed stays; talon's signature model strips it.
    "mailgun_talon/signature/emails/stripped/short_url_body": "'Thank you, Noam' is kept",
}
EXPECTED_TO_DIFFER_IN_CONTENT = {
    "github_email_reply_parser/emails/email_1_1.txt": "the '-Name' sign-off is typed, so kept",
    "mailgun_talon/signature/emails/stripped/short_url_body": "'Thank you, Noam' is kept",
}


def _message_parts(path: Path) -> tuple[str | None, str | None]:
    """The first text/plain part (unflowed if format=flowed), else the first text/html."""
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    plain = message.get_body(preferencelist=("plain",))
    if plain is not None:
        text = plain.get_content()
        if plain.get_param("format", "").lower() == "flowed":
            text = unflow(text, delsp=plain.get_param("delsp", "").lower() == "yes")
        return text, None
    html = message.get_body(preferencelist=("html",))
    return None, html.get_content() if html is not None else None


def _reply_of(folder: Path, case: dict) -> str:
    path = folder / case["file"]
    if path.suffix == ".eml":
        return extract_reply(*_message_parts(path))
    content = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        return extract_reply(None, content)
    return extract_reply(content)


def _corpus_cases(checks: tuple[str, ...], differing: dict[str, str]) -> list:
    """Every corpus case that states one of ``checks``, marked xfail where Daybook differs."""
    if CORPUS is None:
        return [pytest.param(None, None, id="corpus-absent", marks=pytest.mark.skip(NO_CORPUS))]
    cases = []
    for expectations in sorted((CORPUS / "replies").glob("*/expectations.json")):
        for case in json.loads(expectations.read_text(encoding="utf-8")):
            if not any(case.get(check) for check in checks):
                continue
            case_id = f"{expectations.parent.name}/{case['file']}"
            marks = ()
            if reason := differing.get(case_id):
                marks = pytest.mark.xfail(strict=True, reason=f"Daybook rule: {reason}")
            cases.append(pytest.param(expectations.parent, case, id=case_id, marks=marks))
    return cases


def _collapsed(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("folder", "case"),
    _corpus_cases(
        ("expected_reply_exact", "expected_reply_exact_ws_insensitive"),
        EXPECTED_TO_DIFFER_EXACTLY,
    ),
)
def test_corpus_reply_is_the_expected_text(folder, case):
    """Real replies from other projects' suites give exactly the reply those suites expect."""
    reply = _reply_of(folder, case)
    if exact := case.get("expected_reply_exact"):
        assert reply.strip() == exact.strip()
    else:
        loose = case["expected_reply_exact_ws_insensitive"]
        assert re.sub(r"\s", "", reply) == re.sub(r"\s", "", loose)


@pytest.mark.parametrize(
    ("folder", "case"),
    _corpus_cases(
        ("expected_reply_contains", "expected_reply_excludes", "weak", "performance_only"),
        EXPECTED_TO_DIFFER_IN_CONTENT,
    ),
)
def test_corpus_reply_keeps_and_drops_the_named_text(folder, case):
    """Real replies keep the text their source names and lose the quotes it names."""
    reply = _reply_of(folder, case)
    for wanted in case["expected_reply_contains"]:
        assert _collapsed(wanted) in _collapsed(reply)
    for unwanted in case["expected_reply_excludes"]:
        assert _collapsed(unwanted) not in _collapsed(reply)
    if case.get("weak"):
        assert reply
        assert "From" not in reply
    if "EMPTY" in case.get("notes", ""):
        assert reply == ""


PATHOLOGICAL = SAMPLED / "replies/github_email_reply_parser/emails/pathological.txt"


def test_pathological_email_keeps_only_the_reply():
    """A reply built to make regular expressions backtrack comes back as the two typed lines."""
    # Its speed is measured by bench/extraction.py; the bounds that keep it linear are
    # tested in test_extraction_bounds.py.
    text = PATHOLOGICAL.read_text(encoding="utf-8")
    assert extract_reply(text) == (
        "I think you're onto something. I will try to fix the problem as soon as I\n"
        "get back to a computer."
    )
