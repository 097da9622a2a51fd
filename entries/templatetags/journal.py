"""Showing journal text as HTML: escaped, in paragraphs, with its links clickable.

Django's urlize does this too, but looks at every word with several rules
and takes about 2 ms for a page of writing: a page of thirty entries spent
most of its time there. People paste whole addresses, so this looks only
for http(s):// and www. links, in one pass.
"""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

LINK = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
# Punctuation that ends a sentence is not part of the address before it.
TRAILING = ".,;:!?'\")]"
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# The journal list shows this much of a long entry, so a page of thirty
# entries stays small (under 200 KB of HTML, see docs/performance.md); the
# day page shows all of it.
EXCERPT_CHARS = 1_500
SENTENCE_END = re.compile("[.!?\u2026][\"'\u201d\u2019)]*\\s")


def excerpt(text, limit=EXCERPT_CHARS):
    """(The start of the text, whether it was cut): cut at a paragraph, sentence or word end."""
    text = text.strip()
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    for boundary in (head.rfind("\n\n"), _last_sentence_end(head), head.rfind(" ")):
        if boundary > limit // 2:
            return head[:boundary].rstrip() + " \u2026", True
    return head + "\u2026", True


def _last_sentence_end(text):
    ends = [match.end() for match in SENTENCE_END.finditer(text)]
    return ends[-1] if ends else -1


def _linked(text):
    parts, position = [], 0
    for match in LINK.finditer(text):
        address = match[0].rstrip(TRAILING)
        if address.count("(") > address.count(")") and match[0][len(address) :].startswith(")"):
            address += ")"  # a Wikipedia-style address ending in a bracket
        href = address if "://" in address else f"https://{address}"
        parts += [
            escape(text[position : match.start()]),
            f'<a href="{escape(href)}" rel="nofollow noopener">{escape(address)}</a>',
        ]
        position = match.start() + len(address)
    parts.append(escape(text[position:]))
    return "".join(parts)


@register.filter(is_safe=True)
def journal_text(text):
    """Paragraphs split at blank lines, line breaks kept, links made clickable."""
    paragraphs = PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").strip())
    html = "".join(
        f"<p>{_linked(paragraph.strip()).replace(chr(10), '<br>')}</p>"
        for paragraph in paragraphs
        if paragraph.strip()
    )
    return mark_safe(html)  # noqa: S308 - every piece of text is escaped in _linked
