"""Searching a journal: words, "exact phrases" and -exclusions.

On PostgreSQL the search is full text (English stemming, so "walk" finds
"walked") over the `search_document` column, a tsvector that PostgreSQL
keeps up to date from the body and indexes with GIN; see the migration that
adds it. It is not a model field, because SQLite cannot have it. On SQLite, which has no such
index without extensions, every word and phrase must appear in the entry as
written, ignoring case: simpler, and still correct for what it promises.

Both ignore accents and case, so "CAFÉ", "café" and "cafe" find each other:
PostgreSQL through the `daybook` text search configuration (unaccent, then
English stemming; see the migration that creates it), SQLite through
`daybook_fold`, a function registered on each of its connections.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import F, Func, IntegerField, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Length, Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe

TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')
# Punctuation around a word is not part of what the person is looking for.
EDGES = ".,;:!?()[]{}'\u2019\u201c\u201d"
CONFIG = "daybook"
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

    return SearchQuery(query.text, search_type="websearch", config=CONFIG)


def _vector():
    from django.contrib.postgres.search import SearchVectorField

    return RawSQL("entries_entry.search_document", [], output_field=SearchVectorField())


def matching(queryset, query):
    """The entries that match the query."""
    if is_full_text(queryset.db):
        return queryset.annotate(document=_vector()).filter(document=_search_query(query))
    queryset = queryset.alias(folded=Folded("body"))
    for term in query.terms:
        queryset = queryset.filter(folded__contains=fold(term))
    for term in query.excluded:
        queryset = queryset.exclude(folded__contains=fold(term))
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
        folded = fold(term)
        removed = Length(Folded("body")) - Length(Replace(Folded("body"), Value(folded), Value("")))
        total = total + Cast(removed, IntegerField()) / max(1, len(folded))
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
        parts += [escape(text[position:first]), f"<mark>{escape(text[first:last])}</mark>"]
        position = last
    parts.append(escape(text[position:end]))
    before = "… " if start else ""
    after = " …" if end < len(text) else ""
    return mark_safe(before + "".join(parts) + after)  # noqa: S308 - every piece escaped


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
