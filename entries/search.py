"""Searching a journal: words, "exact phrases" and -exclusions.

On PostgreSQL the search is full text (English stemming, so "walk" finds
"walked") over the `search_document` column, a tsvector that PostgreSQL
keeps up to date from the body and the entry's own question, and indexes
with GIN; see the migrations that make it. It is not a model field,
because SQLite cannot have it. On SQLite, which has no such index without
extensions, every word and phrase must appear in the entry as
written, ignoring case: simpler, and still correct for what it promises.
"""

import re
from dataclasses import dataclass

from django.db import connections
from django.db.models import F, IntegerField, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Length, Lower, Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe

TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')
# Punctuation around a word is not part of what the person is looking for.
EDGES = ".,;:!?()[]{}'\u2019\u201c\u201d"
CONFIG = "english"
# ts_headline marks matches with these; they are swapped for <mark> only
# after the passage has been escaped, so journal text can never become HTML.
START, STOP = "\ue000", "\ue001"
PASSAGE_CHARS = 280


@dataclass(frozen=True)
class Query:
    """What someone typed into the search box, understood."""

    text: str
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text):
        text = " ".join((text or "").split())[:200]
        words, phrases, excluded = [], [], []
        for minus, phrase, word_minus, word in TOKEN.findall(text):
            if phrase.strip():
                (excluded if minus else phrases).append(" ".join(phrase.split()))
            elif word.strip(EDGES):
                (excluded if word_minus else words).append(word.strip(EDGES))
        return cls(text, tuple(words), tuple(phrases), tuple(excluded))

    def __bool__(self):
        return bool(self.words or self.phrases)

    @property
    def terms(self):
        return self.words + self.phrases


def is_full_text(using):
    return connections[using].vendor == "postgresql"


def _search_query(query):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(query.text, search_type="websearch", config=CONFIG)


def _vector():
    from django.contrib.postgres.search import SearchVectorField

    return RawSQL("entries_entry.search_document", [], output_field=SearchVectorField())


def matching(queryset, query):
    """The entries that match the query."""
    if is_full_text(queryset.db):
        return queryset.annotate(document=_vector()).filter(document=_search_query(query))
    # The question an entry answered is searched with its text.
    for term in query.terms:
        queryset = queryset.filter(Q(body__icontains=term) | Q(question__icontains=term))
    for term in query.excluded:
        queryset = queryset.exclude(Q(body__icontains=term) | Q(question__icontains=term))
    return queryset


def ranked(queryset, query):
    """Matching entries annotated with a `rank`: higher is a better match."""
    if is_full_text(queryset.db):
        from django.contrib.postgres.search import SearchRank

        return queryset.annotate(rank=SearchRank(_vector(), _search_query(query)))
    return queryset.annotate(rank=_occurrences(query.terms))


def _occurrences(terms):
    """How often the terms appear: the length the body loses when they are cut out."""
    total = Value(0)
    for term in terms:
        lowered = Value(term.lower())
        removed = Length(Lower("body")) - Length(Replace(Lower("body"), lowered, Value("")))
        total = total + Cast(removed, IntegerField()) / len(term)
    return total


def passages(entries, query, using="default"):
    """{entry id: the passage to show, matches marked}, for one page of results."""
    if not entries:
        return {}
    if is_full_text(using):
        return _headlines(entries, query, using)
    return {entry.pk: highlight(entry.body, query.terms) for entry in entries}


def _headlines(entries, query, using):
    from django.contrib.postgres.search import SearchHeadline

    model = type(entries[0])
    rows = (
        model.objects.using(using)
        .filter(pk__in=[entry.pk for entry in entries])
        .annotate(
            passage=SearchHeadline(
                F("body"),
                _search_query(query),
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=45,
                min_words=20,
            )
        )
        .values_list("pk", "passage")
    )
    return {pk: _marked(" ".join(text.split())) for pk, text in rows}


def _marked(text):
    html = escape(text)
    html = re.sub(f"{START}(.*?){STOP}", r"<mark>\1</mark>", html)
    return mark_safe(html.replace(START, "").replace(STOP, ""))  # noqa: S308 - escaped above


def highlight(text, terms):
    """A passage of text around the first match, every match wrapped in <mark>."""
    text = " ".join(text.split())
    if not terms:
        return escape(text[:PASSAGE_CHARS])
    pattern = re.compile(
        "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )
    first = pattern.search(text)
    start = max(0, first.start() - PASSAGE_CHARS // 3) if first else 0
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + PASSAGE_CHARS)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    window = text[start:end]
    parts, position = [], 0
    for match in pattern.finditer(window):
        parts += [escape(window[position : match.start()]), f"<mark>{escape(match[0])}</mark>"]
        position = match.end()
    parts.append(escape(window[position:]))
    before = "… " if start else ""
    after = " …" if end < len(text) else ""
    return mark_safe(before + "".join(parts) + after)  # noqa: S308 - every piece escaped
