import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from entries.models import Entry, SavedSearch
from entries.tests.factories import EntryFactory
from entries.views import PAGE_SIZE

pytestmark = pytest.mark.django_db
# 09:00 in Paris, where the factory's people live.
NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def client(user):
    client = Client()
    client.force_login(user)
    return client


def day_url(date, action=""):
    name = f"entries:{action}" if action else "entries:day"
    return reverse(name, args=[date.year, date.month, date.day])


def journal_of(user, days, start=TODAY):
    Entry.objects.bulk_create(
        Entry(user=user, date=start - dt.timedelta(days=n), body=f"Day {n} text.", words=3)
        for n in range(days)
    )


# Reading


def test_pages_need_logging_in():
    """Someone logged out is sent to log in, not shown a journal."""
    response = Client().get(reverse("entries:journal"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_journal_shows_entries_newest_first_grouped_by_month(client, user):
    """Entries appear newest first under month headings, with weekday and word count."""
    EntryFactory(user=user, date=dt.date(2026, 10, 31), body="October.")
    EntryFactory(user=user, date=dt.date(2026, 11, 2), body="November <b>bold</b> idea.")
    html = client.get(reverse("entries:journal")).content.decode()
    assert html.index("November 2026") < html.index("October 2026")
    assert "Monday 2 November" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "1 word</p>" in html


def test_journal_makes_bare_links_clickable_and_keeps_paragraphs(client, user):
    """A pasted address becomes a link, and blank lines separate paragraphs."""
    EntryFactory(user=user, body="See https://example.com/a today.\n\nSecond paragraph.")
    html = client.get(reverse("entries:journal")).content.decode()
    link = '<a href="https://example.com/a" rel="nofollow noopener">https://example.com/a</a>'
    assert link in html
    assert "<p>Second paragraph.</p>" in html


def test_journal_pages_by_date_and_links_both_ways(client, user):
    """Older and newer links walk the whole journal a page at a time, by date."""
    journal_of(user, PAGE_SIZE * 2 + 5)
    first = client.get(reverse("entries:journal"))
    older = first.context["older"]
    assert len(first.context["entries"]) == PAGE_SIZE
    assert older == TODAY - dt.timedelta(days=PAGE_SIZE - 1)
    second = client.get(reverse("entries:journal"), {"before": older.isoformat()})
    assert second.context["entries"][0].date == older - dt.timedelta(days=1)
    assert second.context["newer"] == "latest"
    third = client.get(reverse("entries:journal"), {"before": second.context["older"]})
    assert len(third.context["entries"]) == 5
    assert third.context["older"] is None
    assert third.context["newer"] == second.context["entries"][0].date + dt.timedelta(days=1)


def test_journal_offers_years_and_says_when_nothing_is_older(client, user):
    """Each year with entries has a link; a page past the first entry says so."""
    EntryFactory(user=user, date=dt.date(2019, 5, 1))
    EntryFactory(user=user, date=dt.date(2026, 5, 1))
    html = client.get(reverse("entries:journal")).content.decode()
    assert "?before=2020-01-01" in html
    assert "?before=2027-01-01" in html
    response = client.get(reverse("entries:journal"), {"before": "2019-01-01"})
    assert "Nothing older than this" in response.content.decode()


def test_year_pills_list_only_years_with_entries(client, user):
    """Entries in 2014 and 2026 make two pills, not 2014 to 2026, on the journal and year pages."""
    EntryFactory(user=user, date=dt.date(2014, 5, 1))
    EntryFactory(user=user, date=dt.date(2026, 5, 1))
    for page in (reverse("entries:journal"), reverse("entries:year", args=[2026])):
        response = client.get(page)
        assert response.context["years"] == [2026, 2014]
        assert "2019" not in response.content.decode().split('class="years"')[1].split("</nav>")[0]


def test_journal_rejects_a_malformed_page_key(client):
    """A `before` that is not a date is not found, not a crash."""
    assert client.get(reverse("entries:journal"), {"before": "soon"}).status_code == 404


def test_empty_journal_says_when_the_first_prompt_comes(client, user):
    """A new journal explains what happens next and offers to write now."""
    user.next_prompt_at = dt.datetime(2026, 11, 27, 19, 0, tzinfo=dt.UTC)
    user.save()
    html = client.get(reverse("entries:journal")).content.decode()
    assert "Your journal is empty" in html
    assert "Friday 27 November at 20:00" in html
    assert "write your first entry" in html


def test_empty_journal_mentions_paused_prompts(client):
    """Without a next prompt the empty journal says prompts are paused."""
    assert "paused" in client.get(reverse("entries:journal")).content.decode()


def test_journal_page_reads_a_fixed_number_of_rows(client, user, django_assert_max_num_queries):
    """However long the journal, the page asks the database the same few questions."""
    journal_of(user, PAGE_SIZE * 3)
    # A session's first request also records it for "Where you're logged
    # in" (accounts/middleware.py), then not again for minutes.
    client.get(reverse("entries:journal"))
    # Session, user, the page's entries, the months and years around them,
    # and the navigation's count of replies held for review.
    with django_assert_max_num_queries(6):
        client.get(reverse("entries:journal"), {"before": "2026-10-01"})


def test_day_shows_the_entry_and_its_neighbours(client, user):
    """A day page shows its entry, with links to the previous and next entries."""
    EntryFactory(user=user, date=dt.date(2026, 11, 1))
    entry = EntryFactory(user=user, date=dt.date(2026, 11, 5), body="The fifth.")
    EntryFactory(user=user, date=dt.date(2026, 11, 9))
    response = client.get(day_url(entry.date))
    html = response.content.decode()
    assert "Thursday 5 November 2026" in html
    assert "The fifth." in html
    assert day_url(dt.date(2026, 11, 1)) in html
    assert day_url(dt.date(2026, 11, 9)) in html
    assert response.context["entry"] == entry


def test_a_day_without_an_entry_offers_to_write_it(client):
    """An empty past day invites writing; a future one does not."""
    html = client.get(day_url(dt.date(2026, 11, 3))).content.decode()
    assert "Nothing written on this day" in html
    assert "?date=2026-11-03" in html
    html = client.get(day_url(dt.date(2026, 12, 3))).content.decode()
    assert "?date=2026-12-03" not in html


def test_impossible_days_are_not_found(client):
    """30 February has no page, and the page says it isn't a date, not "moved or deleted"."""
    response = client.get("/journal/2026/02/30/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "30 February 2026 isn&#x27;t a date." in html
    assert "moved or deleted" not in html
    assert "no month 13" in client.get("/journal/2026/13/01/edit/").content.decode()


def test_another_persons_entry_is_not_found(client):
    """Someone else's day looks exactly like a day you never wrote, and cannot be changed."""
    theirs = EntryFactory(date=dt.date(2026, 11, 5), body="Their secret.")
    assert "Their secret." not in client.get(day_url(theirs.date)).content.decode()
    assert client.get(day_url(theirs.date, "edit")).status_code == 404
    assert client.post(day_url(theirs.date, "delete")).status_code == 404
    theirs.soft_delete(NOW)
    assert client.post(reverse("entries:restore", args=[theirs.pk])).status_code == 404
    assert Entry.objects.get(pk=theirs.pk).deleted_at is not None


# Writing


def test_write_defaults_to_today_in_the_persons_timezone(client):
    """The write page starts on today's date where the person lives."""
    with time_machine.travel(dt.datetime(2026, 11, 27, 23, 30, tzinfo=dt.UTC), tick=False):
        response = client.get(reverse("entries:write"))
    assert response.context["form"]["date"].value() == dt.date(2026, 11, 28)


def test_write_saves_a_new_entry_and_shows_it(client, user):
    """Writing a past day creates its entry and lands on its page."""
    response = client.post(
        reverse("entries:write"), {"date": "2026-11-20", "body": "  Saw Maya.  "}, follow=True
    )
    entry = Entry.objects.get(user=user)
    assert (entry.date, entry.body) == (dt.date(2026, 11, 20), "Saw Maya.")
    assert response.redirect_chain[-1][0] == day_url(entry.date)
    assert "Saved your entry for Friday 20 November 2026" in response.content.decode()


def test_write_on_a_day_with_an_entry_adds_to_it(client, user):
    """A second text for a day is added after the first, and the page said it would be."""
    EntryFactory(user=user, date=TODAY, body="Morning.")
    html = client.get(reverse("entries:write")).content.decode()
    assert "What you write now is added after it" in html
    response = client.post(
        reverse("entries:write"), {"date": TODAY.isoformat(), "body": "Evening."}, follow=True
    )
    assert Entry.objects.get(user=user).body == "Morning.\n\nEvening."
    assert "Added to your entry" in response.content.decode()


def test_write_can_start_on_a_chosen_day_but_not_the_future(client):
    """A day page's link prefills its date; nonsense or future dates fall back to today."""
    get = client.get
    assert get(reverse("entries:write"), {"date": "2020-02-29"}).context["form"][
        "date"
    ].value() == dt.date(2020, 2, 29)
    assert (
        get(reverse("entries:write"), {"date": "2030-01-01"}).context["form"]["date"].value()
        == TODAY
    )
    assert get(reverse("entries:write"), {"date": "nope"}).context["form"]["date"].value() == TODAY


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2026-11-29", "body": "Day after tomorrow."}, "hasn&#x27;t happened yet"),
        ({"date": "9999-12-31", "body": "Far."}, "hasn&#x27;t happened yet"),
        ({"date": "2026-11-27", "body": "x" * 100_001}, "100,001 characters long"),
        ({"date": "1899-12-31", "body": "Old."}, "from 1900 onwards"),
        ({"date": "2026-11-27", "body": "   "}, "an empty entry"),
        ({"date": "27/11", "body": "Hi"}, "Enter a valid date"),
    ],
)
def test_write_explains_what_is_wrong_and_keeps_the_text(client, data, message):
    """Bad input is refused with a clear reason, and the text stays in the box."""
    response = client.post(reverse("entries:write"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert data["body"].strip() in html
    assert not Entry.objects.exists()


def test_write_accepts_tomorrow_in_the_persons_zone(client, user):
    """Tomorrow is the latest day a journal holds: a traveller ahead of their zone can write it."""
    response = client.post(reverse("entries:write"), {"date": "2026-11-28", "body": "Ahead."})
    assert response.status_code == 302
    assert Entry.objects.get(user=user).date == dt.date(2026, 11, 28)


def test_write_accepts_an_entry_of_exactly_the_limit(client, user):
    """100,000 characters is an entry; the limit is inclusive."""
    client.post(reverse("entries:write"), {"date": "2026-11-27", "body": "y" * 100_000})
    assert len(Entry.objects.get(user=user).body) == 100_000


def test_write_that_would_make_the_days_entry_too_long_keeps_the_text(client, user):
    """Adding to a day whose entry would then pass the limit is refused, text kept, entry intact."""
    EntryFactory(user=user, date=TODAY, body="a" * 99_990)
    response = client.post(
        reverse("entries:write"), {"date": TODAY.isoformat(), "body": "Twenty more letters!"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "100,012 characters long" in html
    assert "Twenty more letters!" in html
    assert Entry.objects.get(user=user).body == "a" * 99_990


def test_the_textarea_has_no_maxlength_that_would_cut_a_paste(client):
    """Browsers cut a paste at maxlength silently; the limit is checked on the server instead."""
    html = client.get(reverse("entries:write")).content.decode()
    assert "maxlength" not in html


def test_forms_need_the_csrf_token(user):
    """A form posted from another site is refused."""
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    response = strict.post(reverse("entries:write"), {"date": "2026-11-27", "body": "x"})
    assert response.status_code == 403
    assert not Entry.objects.exists()


# Editing


def test_edit_shows_the_text_and_saves_changes(client, user):
    """Editing starts from the saved text and replaces it."""
    entry = EntryFactory(user=user, body="Old words.")
    form = client.get(day_url(entry.date, "edit")).context["form"]
    assert form["body"].value() == "Old words."
    response = client.post(
        day_url(entry.date, "edit"),
        {"body": "New words.", "version": form["version"].value()},
        follow=True,
    )
    assert Entry.objects.get(pk=entry.pk).body == "New words."
    assert "Saved your changes" in response.content.decode()


def test_two_tabs_never_silently_lose_text(client, user):
    """A save from a stale tab shows both texts instead of overwriting the newer one."""
    entry = EntryFactory(user=user, body="First draft.")
    stale_version = entry.version
    client.post(day_url(entry.date, "edit"), {"body": "Tab one.", "version": entry.version})
    response = client.post(
        day_url(entry.date, "edit"), {"body": "Tab two.", "version": stale_version}
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "changed while you were editing" in html
    assert "Tab one." in html
    assert "Tab two." in html
    assert Entry.objects.get(pk=entry.pk).body == "Tab one."
    # Saving again from the conflict page is based on what is saved now.
    merged = {"body": "Tab one. Tab two.", "version": response.context["form"]["version"].value()}
    client.post(day_url(entry.date, "edit"), merged)
    assert Entry.objects.get(pk=entry.pk).body == "Tab one. Tab two."


def test_edit_refuses_an_empty_text(client, user):
    """Emptying an entry is refused with a pointer to delete instead."""
    entry = EntryFactory(user=user, body="Keep me.")
    response = client.post(day_url(entry.date, "edit"), {"body": " ", "version": entry.version})
    assert response.status_code == 400
    assert "delete it instead" in response.content.decode()
    assert Entry.objects.get(pk=entry.pk).body == "Keep me."


def test_editing_an_entry_deleted_in_another_tab_keeps_the_text(client, user):
    """If the entry was deleted meanwhile, the edited text is saved as a new entry."""
    entry = EntryFactory(user=user, body="Original.")
    version = entry.version
    entry.soft_delete(NOW)
    response = client.post(
        day_url(entry.date, "edit"), {"body": "Edited.", "version": version}, follow=True
    )
    assert Entry.objects.alive().get(user=user).body == "Edited."
    assert "deleted while you were editing" in response.content.decode()


def test_invalid_edit_of_a_missing_entry_is_not_found(client):
    """An empty edit of a day without an entry is simply not found."""
    response = client.post(day_url(TODAY, "edit"), {"body": "", "version": "x"})
    assert response.status_code == 404


def test_edit_refuses_a_text_over_the_limit_and_keeps_it(client, user):
    """An edit past 100,000 characters is refused with the count, the text stays in the form."""
    entry = EntryFactory(user=user, body="Short.")
    long_text = "Long. " * 20_000
    response = client.post(
        day_url(entry.date, "edit"), {"body": long_text, "version": entry.version}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "119,999 characters long" in html
    assert long_text.strip() in html
    assert Entry.objects.get(pk=entry.pk).body == "Short."


@pytest.mark.parametrize(
    "url",
    [
        "/journal/9999/12/31/edit/",
        "/journal/2026/11/29/edit/",
        "/journal/1899/12/31/edit/",
        "/journal/0005/01/01/edit/",
    ],
)
def test_an_edit_url_outside_the_journals_days_creates_nothing(client, url):
    """Posting to the edit page of a day outside 1900..tomorrow is not found, and stores nothing."""
    assert client.post(url, {"body": "Planted.", "version": "1"}).status_code == 404
    assert client.get(url).status_code == 404
    assert not Entry.objects.exists()


def test_day_pages_outside_the_journals_days_are_not_found(client):
    """Only 1900 to tomorrow has day pages; tomorrow is the last one."""
    assert client.get("/journal/9999/12/31/").status_code == 404
    early = client.get("/journal/1899/12/31/")
    assert early.status_code == 404
    assert "1899-12-31 is before 1900" in early.content.decode()
    assert "from 1 January 1900 to tomorrow" in early.content.decode()
    tomorrow = client.get(day_url(dt.date(2026, 11, 28)))
    assert tomorrow.status_code == 200
    # The day page offers writing exactly where the write form accepts it.
    assert "?date=2026-11-28" in tomorrow.content.decode()
    first = client.get(day_url(dt.date(1900, 1, 1))).content.decode()
    assert "?date=1900-01-01" in first


def test_an_entry_stored_outside_the_range_can_still_be_read_and_deleted(client, user):
    """A row stored before the range was enforced stays readable and deletable by its owner."""
    stray = Entry.objects.create(user=user, date=dt.date(2200, 1, 1), body="From a broken file.")
    html = client.get(day_url(stray.date)).content.decode()
    assert "From a broken file." in html
    assert "Add more" not in html
    client.post(day_url(stray.date, "delete"))
    assert not Entry.objects.alive().exists()


# Deleting and restoring


def test_delete_asks_first_then_moves_to_recently_deleted(client, user):
    """Delete shows a confirmation; confirming hides the entry but lists it for restoring."""
    entry = EntryFactory(user=user, body="Sad day.")
    confirm = client.get(day_url(entry.date, "delete"))
    assert "Delete your entry for" in confirm.content.decode()
    assert Entry.objects.alive().exists()
    response = client.post(day_url(entry.date, "delete"), follow=True)
    assert "restore it from Recently deleted for 30 days" in response.content.decode()
    assert not Entry.objects.alive().exists()
    html = client.get(reverse("entries:deleted")).content.decode()
    assert "Sad day." in html
    assert "restorable until 27 December 2026" in html


def test_restore_brings_the_entry_back(client, user):
    """Restoring puts the entry back on its day."""
    entry = EntryFactory(user=user)
    entry.soft_delete(NOW)
    response = client.post(reverse("entries:restore", args=[entry.pk]), follow=True)
    assert "Restored your entry" in response.content.decode()
    assert response.redirect_chain[-1][0] == day_url(entry.date)
    assert Entry.objects.alive().get() == entry


def test_restore_onto_a_rewritten_day_merges(client, user):
    """Restoring a day that was written again keeps both texts as one entry."""
    old = EntryFactory(user=user, body="Old.")
    old.soft_delete(NOW)
    EntryFactory(user=user, date=old.date, body="New.")
    response = client.post(reverse("entries:restore", args=[old.pk]), follow=True)
    assert "the two now read as one" in response.content.decode()
    assert Entry.objects.get(user=user).body == "Old.\n\nNew."


def test_restore_that_would_make_the_day_too_long_keeps_both(client, user):
    """Restoring onto a day whose new entry would then be too long is refused; nothing is lost."""
    old = EntryFactory(user=user, body="o" * 60_000)
    old.soft_delete(NOW)
    EntryFactory(user=user, date=old.date, body="n" * 60_000)
    response = client.post(reverse("entries:restore", args=[old.pk]), follow=True)
    assert "Not restored" in response.content.decode()
    assert Entry.objects.alive().get(user=user).body == "n" * 60_000
    assert Entry.objects.get(pk=old.pk).deleted_at is not None


def test_entries_deleted_long_ago_cannot_be_restored(client, user):
    """After 30 days an entry is no longer listed or restorable."""
    entry = EntryFactory(user=user, deleted_at=NOW - dt.timedelta(days=31))
    assert "Nothing deleted" in client.get(reverse("entries:deleted")).content.decode()
    assert client.post(reverse("entries:restore", args=[entry.pk])).status_code == 404
    assert client.get(reverse("entries:restore", args=[entry.pk])).status_code == 405


# Searching


def search(client, q, order="newest"):
    return client.post(reverse("entries:search"), {"q": q, "order": order}, follow=True)


def test_search_keeps_the_words_out_of_the_url(client, user):
    """A search is posted and shown at a plain address: the words never reach a URL or log."""
    EntryFactory(user=user, body="A private thought about Lily.")
    response = search(client, "lily")
    [(url, _)] = response.redirect_chain
    saved = SavedSearch.objects.get(user=user)
    assert url == f"{reverse('entries:search')}?s={saved.key}"
    assert "lily" not in response.request["PATH_INFO"] + response.request["QUERY_STRING"]
    assert "<mark>Lily</mark>" in response.content.decode()
    assert (saved.q, saved.order) == ("lily", "newest")
    assert str(saved) == f"Search {saved.pk}"


def test_each_search_has_its_own_address(client, user):
    """Two tabs' searches page and reload independently, each at its own key."""
    journal_of(user, 25)
    EntryFactory(user=user, date=dt.date(2020, 1, 1), body="A heron.")
    tab_a = search(client, "text").redirect_chain[0][0]
    tab_b = search(client, "heron").redirect_chain[0][0]
    assert client.get(tab_a + "&page=2").context["page"].paginator.count == 25
    assert client.get(tab_b).context["page"].paginator.count == 1
    html = client.get(tab_a).content.decode()
    assert f'href="?s={tab_a.split("=")[1]}&amp;page=2"' in html


def test_a_search_key_works_only_for_its_owner(client, user):
    """Someone else's key finds nothing, and says the search is not kept."""
    EntryFactory(user=user, body="Walrus.")
    url = search(client, "walrus").redirect_chain[0][0]
    stranger = Client()
    stranger.force_login(UserFactory())
    response = stranger.get(url)
    assert "That search is no longer kept" in response.content.decode()
    assert "walrus" not in response.content.decode()


def test_only_the_newest_searches_are_kept(client, user):
    """A person's fiftieth search is kept; the oldest beyond that goes."""
    first = search(client, "one").redirect_chain[0][0]
    for n in range(50):
        SavedSearch.objects.start(user, f"word{n}", "newest")
    assert SavedSearch.objects.filter(user=user).count() == 50
    assert "no longer kept" in client.get(first).content.decode()


def test_search_results_are_paged_and_ordered(client, user):
    """Results come twenty to a page, newest first or best match first."""
    journal_of(user, 25)
    EntryFactory(user=user, date=dt.date(2020, 1, 1), body="Day text text text text.")
    first = search(client, "text")
    assert first.context["page"].paginator.count == 26
    assert first.context["entries"][0].date == TODAY
    url = first.redirect_chain[0][0]
    second = client.get(url + "&page=2")
    assert len(second.context["entries"]) == 6
    assert client.get(url + "&page=9").status_code == 404
    best = search(client, "text", order="relevance")
    assert best.context["entries"][0].date == dt.date(2020, 1, 1)


def test_search_says_when_nothing_matches(client, user):
    """A search with no results says so and suggests what to try."""
    EntryFactory(user=user, body="Rain.")
    assert "Nothing in your journal matches" in search(client, "sunshine").content.decode()


def test_search_of_only_left_out_words_explains_itself(client):
    """A search that only excludes words asks for a word to look for."""
    assert "Type at least one word" in search(client, "-rain").content.decode()


def test_search_form_errors_and_clearing(client):
    """An empty search box is an error; Clear forgets the last search."""
    response = client.post(reverse("entries:search"), {"q": "  "})
    assert response.status_code == 400
    url = search(client, "walk").redirect_chain[0][0]
    key = url.split("=")[1]
    assert f'name="s" value="{key}"' in client.get(url).content.decode()
    client.post(reverse("entries:search"), {"q": "", "clear": "1", "s": key})
    assert not SavedSearch.objects.exists()
    assert "entries found" not in client.get(url).content.decode()


def test_search_never_finds_other_peoples_or_deleted_entries(client, user):
    """Only your own living entries can match."""
    EntryFactory(body="walrus of someone else")
    EntryFactory(user=user, body="deleted walrus", deleted_at=NOW)
    assert search(client, "walrus").context["page"].paginator.count == 0


# Looking back


def test_on_this_day_lists_earlier_years(client, user):
    """On this day shows what was written on today's date in earlier years."""
    EntryFactory(user=user, date=dt.date(2024, 11, 27), body="Two years ago.")
    EntryFactory(user=user, date=dt.date(2025, 11, 27), body="Last year.")
    EntryFactory(user=user, date=dt.date(2018, 11, 27), body="Long ago.")
    EntryFactory(user=user, date=dt.date(2026, 11, 27), body="Today itself.")
    html = client.get(reverse("entries:on_this_day")).content.decode()
    assert "Two years ago." in html
    # Each says how long ago, as the prompt email does.
    assert '<span class="ago">A year ago</span>' in html
    assert '<span class="ago">2 years ago</span>' in html
    assert '<span class="ago">8 years ago</span>' in html
    assert "Today itself." not in html


def test_on_this_day_with_nothing_to_remember(client):
    """With no earlier years, the page says it will remember today."""
    html = client.get(reverse("entries:on_this_day")).content.decode()
    assert "this page remembers today" in html


def test_year_at_a_glance_counts_and_streaks(client, user):
    """The year page counts entries and words and shows the current and longest streaks."""
    for day in (20, 21, 22, 24, 25, 26):
        EntryFactory(user=user, date=dt.date(2026, 11, day), body="one two three")
    EntryFactory(user=user, date=dt.date(2025, 6, 1), body="older")
    response = client.get(reverse("entries:year", args=[2026]))
    context = response.context
    assert (context["entries_count"], context["words_count"]) == (6, 18)
    assert (context["current_streak"], context["longest_streak"]) == (3, 3)
    html = response.content.decode()
    assert day_url(dt.date(2026, 11, 24)) in html
    assert 'href="/journal/2025/"' in html


def test_this_year_goes_to_the_current_years_page(client):
    """The year link lands on this year."""
    assert client.get(reverse("entries:this_year")).url == reverse("entries:year", args=[2026])


def test_future_years_are_not_found(client):
    """There is no glance at a year that has not started."""
    assert client.get(reverse("entries:year", args=[2027])).status_code == 404


# However long the journal, each page asks the same few questions


def written_over_years(user, count):
    """Every other day back from today, and a tenth of the entries on today's date years ago."""
    remembered = max(1, count // 10)
    Entry.objects.bulk_create(
        [
            *(
                Entry(user=user, date=TODAY - dt.timedelta(days=2 * n), body="Day text.", words=2)
                for n in range(count - remembered)
            ),
            *(
                Entry(user=user, date=TODAY.replace(year=2025 - n), body="Then text.", words=2)
                for n in range(remembered)
            ),
        ]
    )


def queries_to_read(count, url, search=None):
    """How many queries a person with count entries causes by reading url."""
    person = UserFactory()
    written_over_years(person, count)
    reader = Client()
    reader.force_login(person)
    if search:
        url = reader.post(reverse("entries:search"), {"q": "text", "order": search}).url
    with CaptureQueriesContext(connection) as queries:
        response = reader.get(url)
    assert response.status_code == 200
    return len(queries)


def test_a_day_reads_as_many_rows_for_a_long_journal_as_for_a_short_one():
    """A day page asks the database as many questions with 300 entries as with 3."""
    url = day_url(TODAY - dt.timedelta(days=2))
    assert queries_to_read(300, url) == queries_to_read(3, url)


@pytest.mark.parametrize("order", ["newest", "relevance"])
def test_search_results_read_as_many_rows_for_a_long_journal_as_for_a_short_one(order):
    """Showing a search's results, newest or best first, costs the same with 300 entries as 3."""
    url = reverse("entries:search")
    assert queries_to_read(300, url, search=order) == queries_to_read(3, url, search=order)


def test_a_year_reads_as_many_rows_for_a_long_journal_as_for_a_short_one():
    """The year at a glance asks as many questions with 300 entries as with 3."""
    url = reverse("entries:year", args=[TODAY.year])
    assert queries_to_read(300, url) == queries_to_read(3, url)


def test_on_this_day_reads_as_many_rows_for_a_long_journal_as_for_a_short_one():
    """On this day asks as many questions with thirty years remembered as with one."""
    url = reverse("entries:on_this_day")
    assert queries_to_read(300, url) == queries_to_read(3, url)


def test_the_day_page_shows_the_question_above_the_text(client, user):
    """An entry that answered the person's own question shows it above the text."""
    EntryFactory(user=user, date=dt.date(2026, 11, 26), question="What did I learn today?")
    page = client.get(day_url(dt.date(2026, 11, 26))).content.decode()
    assert page.index("What did I learn today?") < page.index("Walked to the river")


def test_writing_on_the_web_ends_a_slow_down(client, user):
    """Someone slowed to weekly who writes an entry on the site is back on their schedule."""
    user.prompt_pace, user.unanswered_prompts = "weekly", 20
    user.save()
    client.post(reverse("entries:write"), {"date": "2026-11-27", "body": "Still here."})
    user.refresh_from_db()
    assert (user.prompt_pace, user.unanswered_prompts) == ("own", 0)


# Long entries in the journal list


def test_the_journal_shows_a_long_entry_as_an_excerpt(client, user):
    """A long entry shows its start and "Read the whole entry"; its day page shows all of it."""
    long_text = "First paragraph.\n\n" + "A sentence that goes on. " * 200 + "THE END"
    EntryFactory(user=user, date=TODAY, body=long_text)
    EntryFactory(user=user, date=TODAY - dt.timedelta(days=1), body="Short and whole.")
    html = client.get(reverse("entries:journal")).content.decode()
    assert "THE END" not in html
    assert "goes on. \u2026</p>" in html
    assert html.count("Read the whole entry") == 1
    assert "Short and whole." in html
    assert "THE END" in client.get(day_url(TODAY)).content.decode()


def test_a_journal_page_of_the_longest_entries_stays_small(client, user):
    """Thirty entries of 100,000 characters make a page under 200 KB, not 3 MB."""
    Entry.objects.bulk_create(
        Entry(user=user, date=TODAY - dt.timedelta(days=n), body="word " * 20_000, words=20_000)
        for n in range(PAGE_SIZE)
    )
    assert len(client.get(reverse("entries:journal")).content) < 200_000
