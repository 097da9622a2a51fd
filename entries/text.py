"""Rules about journal text that more than one part of Daybook follows.

Plain Python, no Django: the models, the mail wing and the transfer wing
all build on it, and it builds on nothing of theirs.
"""

import re

# A word is a run of letters and digits, with an apostrophe or hyphen
# inside it allowed: "don't" and "well-being" are one word each.
WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")

# The line every prompt carries and the reply extractor cuts at: one
# constant, so what is sent and what is read back never drift apart.
REPLY_MARKER = "## Reply above this line ##"


def count_words(text):
    return len(WORD.findall(text))


def with_lf(text):
    """Text with one line ending, "\n", whichever way it came in.

    Browsers send a textarea with "\r\n", email arrives with "\n", old
    files have "\r": stored as they came, an export would mix all three.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalise(text):
    """Text as imported: "\\n" line endings, no trailing spaces, one blank line at most."""
    lines = [line.rstrip() for line in re.split(r"\r\n|\r|\n", text)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def join_paragraphs(*texts):
    """Texts written at different times read as one: paragraphs, a blank line apart."""
    return "\n\n".join(text.strip() for text in texts if text and text.strip())
