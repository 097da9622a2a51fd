"""Searching a journal: words, "exact phrases", #tags and -exclusions.

On PostgreSQL the search is full text (English stemming, so "walk" finds
"walked") over the `search_document` column, a tsvector that PostgreSQL
keeps up to date from the body and the entry's own question, and indexes
with GIN; see the migrations that make it. It is not a model field,
because SQLite cannot have it. On SQLite, which has no such index without
extensions, every word and phrase must appear in the entry as
written, ignoring case: simpler, and still correct for what it promises.

Both ignore accents and case, so "CAFÉ", "café" and "cafe" find each other:
PostgreSQL through the `daybook` text search configuration (unaccent, then
English stemming; see the migration that creates it), SQLite through
`daybook_fold`, a function registered on each of its connections.
A #tag is not a word to look for but a filter, the same on both: entries
that carry the tag (see entries.models.Tag).
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import F, Func, IntegerField, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Length, Replace

from entries.rendering import START, STOP, normal_tag, render_passage, tag_at

TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')
# Punctuation around a word is not part of what the person is looking for.
EDGES = ".,;:!?()[]{}'\u2019\u201c\u201d"
CONFIG = "daybook"
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


def fold(text):
    """Text without accents or case: "CAFÉ" and "Café" both become "cafe"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _fold_or_none(text):
    return None if text is None else fold(text)


def _register_fold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("daybook_fold", 1, _fold_or_none, deterministic=True)


connection_created.connect(_register_fold, dispatch_uid="entries.search.fold")


class Folded(Func):
    """SQLite: the column folded as fold() folds the search words."""

    function = "daybook_fold"
    output_field = TextField()


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
    queryset = queryset.alias(folded=Folded("body"), folded_question=Folded("question"))
    for term in query.terms:
        queryset = queryset.filter(
            Q(folded__contains=fold(term)) | Q(folded_question__contains=fold(term))
        )
    for term in query.excluded:
        queryset = queryset.exclude(
            Q(folded__contains=fold(term)) | Q(folded_question__contains=fold(term))
        )
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
        folded = fold(term)
        removed = Length(Folded("body")) - Length(Replace(Folded("body"), Value(folded), Value("")))
        total = total + Cast(removed, IntegerField()) / max(1, len(folded))
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
    matches = _folded_matches(text, terms)
    start = max(0, matches[0][0] - PASSAGE_CHARS // 3) if matches else 0
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + PASSAGE_CHARS)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    parts, position = [], start
    for first, last in matches:
        if first < start or last > end:
            continue
        parts += [text[position:first], START, text[first:last], STOP]
        position = last
    parts.append(text[position:end])
    before = "… " if start else ""
    after = " …" if end < len(text) else ""
    return render_passage(before + "".join(parts) + after)


def _folded_matches(text, terms):
    """[(start, end)] in text of each term, found in the folded text and mapped back."""
    folded, origin = [], []
    for index, char in enumerate(text):
        for piece in fold(char):
            folded.append(piece)
            origin.append(index)
    origin.append(len(text))
    pattern = re.compile(
        "|".join(re.escape(fold(term)) for term in sorted(terms, key=len, reverse=True))
    )
    spans = []
    for match in pattern.finditer("".join(folded)):
        if match.end() > match.start():
            spans.append((origin[match.start()], origin[match.end() - 1] + 1))
    return spans
