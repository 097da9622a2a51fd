"""Searching a journal: words, "exact phrases", #tags and -exclusions.

On PostgreSQL the search is full text (English stemming, so "walk" finds
"walked") over the `search_document` column, a tsvector that PostgreSQL
keeps up to date from the body and the entry's own question, and indexes
with GIN; see the migrations that make it. It is not a model field,
because SQLite cannot have it. On SQLite, which has no such index without
extensions, every word and phrase must appear in the entry as
written, ignoring case: simpler, and still correct for what it promises.
A #tag is not a word to look for but a filter, the same on both: entries
that carry the tag (see entries.models.Tag).
"""

import re
from dataclasses import dataclass

from django.db import connections
from django.db.models import F, IntegerField, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Length, Lower, Replace

from entries.rendering import START, STOP, normal_tag, render_passage, tag_at

TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')
# Punctuation around a word is not part of what the person is looking for.
EDGES = ".,;:!?()[]{}'\u2019\u201c\u201d"
CONFIG = "english"
# ts_headline and highlight() mark matches with START and STOP; they become
# <mark> only as the passage is rendered and sanitized (entries.rendering),
# so journal text can never become HTML of its own.
PASSAGE_CHARS = 280


@dataclass(frozen=True)
class Query:
    """What someone typed into the search box, understood."""

    text: str
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    excluded_tags: tuple[str, ...] = ()
    # What full text search reads on PostgreSQL: the text without its #tags.
    full_text: str = ""

    @classmethod
    def parse(cls, text):
        text = " ".join((text or "").split())[:200]
        words, phrases, excluded, tags, excluded_tags, kept = [], [], [], [], [], []
        for token in TOKEN.finditer(text):
            minus, phrase, word_minus, word = token.groups(default="")
            if phrase.strip():
                (excluded if minus else phrases).append(" ".join(phrase.split()))
            elif tag := _tag(word.strip(EDGES)):
                (excluded_tags if word_minus else tags).append(tag)
                continue
            elif word.strip(EDGES):
                (excluded if word_minus else words).append(word.strip(EDGES))
            kept.append(token[0])
        return cls(
            text, *map(tuple, (words, phrases, excluded, tags, excluded_tags)), " ".join(kept)
        )

    def __bool__(self):
        return bool(self.words or self.phrases or self.tags)

    @property
    def terms(self):
        return self.words + self.phrases

    @property
    def marked(self):
        """What a passage marks: the terms, and the tags as they are written."""
        return self.terms + tuple(f"#{tag}" for tag in self.tags)


def _tag(word):
    """The tag a search word names ("#maya"), or None when it is a plain word."""
    found = tag_at(word, 0) if word.startswith("#") else None
    if found is None or found[1] != len(word):
        return None
    return normal_tag(found[0])


def is_full_text(using):
    return connections[using].vendor == "postgresql"


def _search_query(query):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(query.full_text, search_type="websearch", config=CONFIG)


def _vector():
    from django.contrib.postgres.search import SearchVectorField

    return RawSQL("entries_entry.search_document", [], output_field=SearchVectorField())


def matching(queryset, query):
    """The entries that match the query."""
    for tag in query.tags:
        queryset = queryset.filter(tags__name=tag)
    for tag in query.excluded_tags:
        queryset = queryset.exclude(tags__name=tag)
    if is_full_text(queryset.db):
        if not query.full_text:
            return queryset
        return queryset.annotate(document=_vector()).filter(document=_search_query(query))
    # The question an entry answered is searched with its text.
    for term in query.terms:
        queryset = queryset.filter(Q(body__icontains=term) | Q(question__icontains=term))
    for term in query.excluded:
        queryset = queryset.exclude(Q(body__icontains=term) | Q(question__icontains=term))
    return queryset


def ranked(queryset, query):
    """Matching entries annotated with a `rank`: higher is a better match."""
    if is_full_text(queryset.db) and query.terms:
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
    if is_full_text(using) and query.terms:
        return _headlines(entries, query, using)
    return {entry.pk: highlight(entry.body, query.marked) for entry in entries}


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
    # Rendering turns the marks into <mark>; sanitizing balances any left open.
    return {pk: render_passage(" ".join(text.split())) for pk, text in rows}


def highlight(text, terms):
    """A passage of text around the first match, rendered, every match in <mark>."""
    text = " ".join(text.replace(START, "").replace(STOP, "").split())
    if not terms:
        return render_passage(text[:PASSAGE_CHARS])
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
    marked = pattern.sub(lambda match: f"{START}{match[0]}{STOP}", window)
    before = "… " if start else ""
    after = " …" if end < len(text) else ""
    return render_passage(before + marked + after)
