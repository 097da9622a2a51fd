"""Showing journal text in templates: Markdown, sanitized (see entries.rendering).

`{{ text|journal_text }}` renders text anywhere, emails included, with tags
as plain text. `{% entry_html entry.body %}` renders it on the journal's
pages, where each #tag links to its page: the person's tags are read once
per request, so a page costs the same queries however many entries it shows.
"""

import re

from django import template
from django.urls import reverse

from entries import rendering

register = template.Library()

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


@register.filter(is_safe=True)
def journal_text(text):
    """Entry text as HTML: Markdown rendered, raw HTML shown as typed, links nofollow."""
    return rendering.render(text)


@register.filter(is_safe=False)
def first_words(text, count):
    """The text up to its count-th word, its lines and paragraphs kept (for emails)."""
    return rendering.first_words(text, int(count))


@register.simple_tag(takes_context=True)
def entry_html(context, text):
    """Entry text as HTML, with the signed-in person's #tags linked to their pages."""
    return rendering.render(text, tag_urls=_tag_urls(context.get("request")))


class TagUrls:
    """{tag name: its page} for one person, read on the first tag a page shows."""

    def __init__(self, user):
        self.user, self.urls = user, None

    def get(self, name):
        if self.urls is None:
            base = reverse("entries:tag", args=[0]).removesuffix("0/")
            tags = self.user.tags.values_list("name", "pk")
            self.urls = {tag: f"{base}{pk}/" for tag, pk in tags}
        return self.urls.get(name)


def _tag_urls(request):
    if request is None or not request.user.is_authenticated:
        return None
    if not hasattr(request, "journal_tag_urls"):
        request.journal_tag_urls = TagUrls(request.user)
    return request.journal_tag_urls
