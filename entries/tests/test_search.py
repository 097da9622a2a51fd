import datetime as dt

import pytest
from django.db import connection

from accounts.tests.factories import UserFactory
from entries.models import Entry
from entries.search import Query, highlight, passages
from entries.tests.factories import EntryFactory

FULL_TEXT = connection.vendor == "postgresql"


def test_query_understands_words_phrases_and_exclusions():
    """Words, "quoted phrases" and -left-out words are told apart; stray punctuation goes."""
    query = Query.parse(' river,  "the  old bookshop" -rain -"cold wind" ')
    assert query.words == ("river",)
    assert query.phrases == ("the old bookshop",)
    assert query.excluded == ("rain", "cold wind")
    assert query.terms == ("river", "the old bookshop")
    assert query


def test_query_takes_tags_as_filters_not_words():
    """#maya and -#rain are tags to have or not have; full text search sees only the words."""
    query = Query.parse("#Maya walk, -#rain #1 -cold")
    assert query.tags == ("maya",)
    assert query.excluded_tags == ("rain",)
    assert query.words == ("walk", "#1")
    assert query.full_text == "walk, #1 -cold"
    assert query.marked == ("walk", "#1", "#maya")
    assert Query.parse("#maya")
    assert not Query.parse("-#maya")


def test_a_query_of_only_exclusions_or_punctuation_is_empty():
    """Nothing to look for means no search at all."""
    assert not Query.parse("-rain ...")
    assert not Query.parse('""')


def test_highlight_marks_every_match_and_escapes_the_rest():
    """A passage marks the words found and can never carry the journal's HTML."""
    html = highlight("<b>Tea</b> by the River. river again", ["river"])
    assert html == "&lt;b&gt;Tea&lt;/b&gt; by the <mark>River</mark>. <mark>river</mark> again"


def test_highlight_shows_the_part_around_the_first_match():
    """In a long entry the passage starts near the match, with ellipses where text was cut."""
    text = "word " * 200 + "needle " + "word " * 200
    html = highlight(text, ["needle"])
    assert html.startswith("… ")
    assert html.endswith(" …")
    assert "<mark>needle</mark>" in html
    assert len(html) < 400


def test_highlight_without_terms_shows_the_start():
    """With nothing to mark, the passage is the entry's beginning, escaped."""
    assert highlight("a < b", []) == "a &lt; b"


@pytest.mark.django_db
def test_search_finds_all_words_and_phrases_and_leaves_out_exclusions():
    """Every word and phrase must appear; an excluded word removes the entry."""
    user = UserFactory()
    hit = EntryFactory(user=user, body="Walked by the river path with Maya.")
    EntryFactory(user=user, body="The river was loud; the path was closed. Rain.")
    EntryFactory(user=user, body="Stayed home.")
    query = Query.parse('"river path" maya -rain')
    assert list(Entry.objects.for_user(user).search(query)) == [hit]


@pytest.mark.django_db
def test_search_orders_by_date_or_by_relevance():
    """Newest first by default; by relevance the entry that says it most comes first."""
    user = UserFactory()
    older = EntryFactory(user=user, date=dt.date(2020, 1, 1), body="Garden. Garden. Garden work.")
    newer = EntryFactory(user=user, date=dt.date(2025, 1, 1), body="A garden, once.")
    query = Query.parse("garden")
    entries = Entry.objects.for_user(user)
    assert list(entries.search(query)) == [newer, older]
    assert list(entries.search(query, by_relevance=True)) == [older, newer]


@pytest.mark.django_db
def test_passages_mark_matches_for_a_page_of_results():
    """Each result gets its passage with the match marked and its text escaped."""
    entry = EntryFactory(body="<i>Quiet</i> morning by the river with Tom & Maya.")
    found = passages([entry], Query.parse("river"))
    assert "<mark>river</mark>" in found[entry.pk]
    assert "<i>" not in found[entry.pk]
    assert "Tom &amp; Maya" in found[entry.pk]
    assert passages([], Query.parse("river")) == {}


@pytest.mark.django_db
@pytest.mark.skipif(not FULL_TEXT, reason="stemming is PostgreSQL full-text search")
def test_full_text_search_finds_other_forms_of_a_word():
    """On PostgreSQL, looking for "walk" finds "walked"."""
    entry = EntryFactory(body="We walked for hours.")
    assert list(Entry.objects.search(Query.parse("walk"))) == [entry]


@pytest.mark.django_db
def test_search_finds_an_entry_by_the_question_it_answered():
    """Words of the person's own question find the entries that answered it."""
    user = UserFactory()
    hit = EntryFactory(user=user, body="The bakery and the rain.", question="Three good things")
    EntryFactory(user=user, body="Nothing good to say.")
    assert list(Entry.objects.for_user(user).search(Query.parse("things"))) == [hit]
    assert list(Entry.objects.for_user(user).search(Query.parse("bakery -things"))) == []


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["café", "CAFÉ", "cafe", "Cafe"])
def test_search_ignores_accents_and_case(typed):
    """ "café", "CAFÉ" and "cafe" find the same entries, on SQLite and on PostgreSQL."""
    user = UserFactory()
    EntryFactory(user=user, body="Coffee at the Café Müller with Zoë.")
    EntryFactory(user=user, body="Met an old friend at the CAFE by the station.")
    EntryFactory(user=user, body="Tea at home.")
    found = Entry.objects.for_user(user).search(Query.parse(typed))
    assert found.count() == 2
    ranked = Entry.objects.for_user(user).search(Query.parse(typed), by_relevance=True)
    assert len(ranked) == 2


@pytest.mark.django_db
def test_an_accented_match_is_marked_as_written():
    """The passage marks "Café" in the text as written when the search was "cafe"."""
    user = UserFactory()
    entry = EntryFactory(user=user, body="Coffee at the Café Müller.")
    html = passages([entry], Query.parse("cafe"), using=connection.alias)[entry.pk]
    assert "<mark>Café</mark>" in html
    excluded = Entry.objects.for_user(user).search(Query.parse("coffee -CAFE"))
    assert not excluded.exists()


def test_highlight_folds_accents_and_ligatures():
    """Folding "ß" to "ss" still marks the original letters."""
    assert highlight("Die Straße war leer", ["strasse"]) == "Die <mark>Straße</mark> war leer"
