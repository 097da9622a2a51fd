"""Replies from many mail clients, in many languages, come out exactly as the person typed.

The cases are the tables in entries/tests/mail/reply_cases/, one module per kind of thing a
client adds. Each runs as a whole message through the extraction step of the pipeline,
below a real prompt's quote and below one the client trimmed (without Daybook's marker,
so the client-specific rules do the work). bench/replies.py runs them through the whole
pipeline and prints the pass rates.
"""

import pytest

from entries.mail import pipeline
from entries.tests.mail.reply_cases import PROMPT, TYPED, all_cases, message_bytes, without_marker

# Cases Daybook gets wrong, each with the reason. A strict xfail: fixing one fails the test
# until it is taken off this list.
KNOWN_WRONG = {
    "mime/he/windows-1255, no charset": (
        "two sentences of Hebrew with no charset read as plausible Russian (cp1251)"
    ),
    "mime/he/windows-1255, says utf-8": (
        "two sentences of Hebrew with no charset read as plausible Russian (cp1251)"
    ),
}


def _params():
    params = []
    for case in all_cases():
        marks = ()
        if reason := KNOWN_WRONG.get(case.name):
            marks = pytest.mark.xfail(strict=True, reason=reason)
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


@pytest.mark.parametrize("case", _params())
@pytest.mark.parametrize("prompt", [PROMPT, without_marker(PROMPT)], ids=["marker", "trimmed"])
def test_reply_is_exactly_what_was_typed(case, prompt):
    """What the client added is gone; every line the person typed is there, unchanged."""
    email = pipeline.parse(message_bytes(case, prompt))
    assert pipeline.extract(email) == case.expected


def test_every_kind_and_language_has_cases():
    """The tables cover every kind of the issue and every language mail clients are set to."""
    cases = all_cases()
    kinds = {case.kind for case in cases}
    assert kinds == {
        "headers",
        "separators",
        "mobile",
        "footers",
        "html",
        "signatures",
        "mime",
        "lookalikes",  # typed text that looks like a client's: it all stays
    }
    languages = {case.language for case in cases if case.kind == "headers"}
    assert languages == set(TYPED)  # the 27 languages of the issue, both Chinese scripts
    assert len(TYPED) == 27
    assert len({case.name for case in cases}) == len(cases)
