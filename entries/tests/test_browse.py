"""Tags, the month calendar, a random day, the write preview, and #tag searches."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from entries.models import Entry, SavedSearch, Tag, keep_tags_in_step
from entries.tests.factories import EntryFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 27)
ATTACK = "#x<script>alert(1)</script> <img src=x onerror=alert(1)> [a](javascript:alert(1))"


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


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def written(user, count, body="Day text with #maya and #garden."):
    """count entries every other day back from today, tagged as the text says."""
    entries = Entry.objects.bulk_create(
        Entry(user=user, date=TODAY - dt.timedelta(days=2 * n), body=body, words=5)
        for n in range(count)
    )
    keep_tags_in_step(entries)
    return entries


def queries_to_read(count, url):
    person = UserFactory()
    written(person, count)
    reader = Client()
    reader.force_login(person)
    url = url(person) if callable(url) else url
    with CaptureQueriesContext(connection) as queries:
        response = reader.get(url)
    assert response.status_code == 200
    return len(queries)


# Markdown and tags on the journal's pages


def test_day_page_renders_markdown_and_links_tags(client, user):
    """The day shows formatting, not asterisks, and each #tag links to its page."""
    entry = EntryFactory(user=user, body="A *good* day with #Maya.\n\n- bread\n- apples")
    tag = Tag.objects.get(name="maya")
    html = html_of(client.get(entry.get_absolute_url()))
    assert "<em>good</em>" in html
    assert "<li>bread</li>" in html
    assert (
        f'<a href="/journal/tags/{tag.pk}/" class="tag" rel="nofollow noopener">#Maya</a>' in html
    )


def test_an_attack_in_an_entry_is_shown_as_text(client, user):
    """Script and event-handler markup in an entry shows as typed on every page that renders it."""
    entry = EntryFactory(user=user, body=ATTACK)
    for url in (entry.get_absolute_url(), reverse("entries:journal")):
        html = html_of(client.get(url))
        assert "<script>alert" not in html
        assert "<img" not in html
        assert 'href="javascript' not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# The Tags page and a tag's page


def test_tags_page_lists_tags_with_counts_and_last_use(client, user):
    """Each tag in use, with how many days carry it and the latest of them."""
    EntryFactory(user=user, date=dt.date(2026, 11, 1), body="#maya #garden")
    EntryFactory(user=user, date=dt.date(2026, 11, 9), body="#maya")
    gone = EntryFactory(user=user, date=dt.date(2026, 11, 10), body="#gone")
    gone.revise("nothing", gone.version)
    EntryFactory(body="#stranger")
    html = html_of(client.get(reverse("entries:tags")))
    assert html.index("#garden") < html.index("#maya")
    assert "<td>2</td>" in html
    assert "9 Nov 2026" in html
    assert "#gone" not in html
    assert "#stranger" not in html


def test_tags_page_explains_tags_when_there_are_none(client):
    """Without tags, the page says how to make one."""
    assert "No tags yet" in html_of(client.get(reverse("entries:tags")))


def test_a_tag_name_with_markup_is_shown_as_text(client, user):
    """A tag is journal text: its name is escaped on the tags page and its own page."""
    EntryFactory(user=user, body=ATTACK)
    tag = Tag.objects.get()
    assert tag.name == "x"
    for url in (reverse("entries:tags"), tag.get_absolute_url()):
        html = html_of(client.get(url))
        assert "<script>alert" not in html
        assert "<img" not in html


def test_tag_page_lists_days_newest_first_with_passages(client, user):
    """A tag's page shows its days, newest first, each with the passage around the tag."""
    EntryFactory(user=user, date=dt.date(2026, 11, 1), body="Older day with #maya.")
    EntryFactory(user=user, date=dt.date(2026, 11, 9), body="Newer day, **bold** #Maya.")
    EntryFactory(user=user, date=dt.date(2026, 11, 5), body="Not tagged.")
    html = html_of(client.get(Tag.objects.get().get_absolute_url()))
    assert html.index("Monday 9 November") < html.index("Sunday 1 November")
    assert "Not tagged" not in html
    assert "<strong>bold</strong> <mark>#Maya</mark>" in html
    assert "2 days, newest first" in html


def test_another_persons_tag_is_not_found(client):
    """A tag's number from someone else's journal answers 404."""
    EntryFactory(body="#theirs")
    assert client.get(Tag.objects.get().get_absolute_url()).status_code == 404


def test_tag_page_past_the_last_page_is_not_found(client, user):
    """A page number past the end answers 404."""
    EntryFactory(user=user, body="#maya")
    response = client.get(Tag.objects.get().get_absolute_url(), {"page": 9})
    assert response.status_code == 404


def test_tag_pages_read_as_many_rows_for_a_long_journal_as_for_a_short_one():
    """The tags page and a tag's page ask as many questions with 300 entries as with 3."""
    assert queries_to_read(300, reverse("entries:tags")) == queries_to_read(
        3, reverse("entries:tags")
    )

    def tag_url(person):
        return person.tags.get(name="maya").get_absolute_url()

    assert queries_to_read(300, tag_url) == queries_to_read(3, tag_url)


def test_journal_page_with_tags_reads_a_fixed_number_of_rows():
    """Linking tags on a page of entries reads the person's tags once, not once per entry."""
    url = reverse("entries:journal")
    assert queries_to_read(300, url) == queries_to_read(3, url)


# Search by #tag


def search(client, q):
    started = client.post(reverse("entries:search"), {"q": q, "order": "newest"})
    return html_of(client.get(started.url))


def test_search_filters_by_tag(client, user):
    """#maya finds only the days tagged #maya, and marks the tag in the passage."""
    EntryFactory(user=user, date=dt.date(2026, 11, 1), body="Walk with #Maya.")
    EntryFactory(user=user, date=dt.date(2026, 11, 2), body="Walk with Maya, untagged.")
    html = search(client, "#maya")
    assert "1 entry found" in html
    assert "<mark>#Maya</mark>" in html


def test_search_combines_a_tag_with_words(client, user):
    """#maya walk needs both the tag and the word; -#tag leaves days out."""
    EntryFactory(user=user, date=dt.date(2026, 11, 1), body="Walk with #maya.")
    EntryFactory(user=user, date=dt.date(2026, 11, 2), body="Lunch with #maya.")
    EntryFactory(user=user, date=dt.date(2026, 11, 3), body="Walk alone #rain.")
    assert "1 entry found" in search(client, "#maya walk")
    html = search(client, "walk -#maya")
    assert "1 entry found" in html
    assert "alone" in html


def test_search_passages_render_markdown_safely(client, user):
    """A passage shows formatting and marks, and an attack in it stays text."""
    EntryFactory(user=user, body=f"The **garden** was green. {ATTACK}")
    html = search(client, "garden")
    assert "<strong><mark>garden</mark></strong>" in html
    assert "<script>alert" not in html
    assert "<img" not in html
    assert 'href="javascript' not in html
    assert SavedSearch.objects.get(user=user).q == "garden"


# The month calendar and a random day


def test_calendar_links_written_days_marked_by_length(client, user):
    """Each written day links to itself, with a bar as long as what was written."""
    EntryFactory(user=user, date=dt.date(2026, 11, 3), body="word " * 300)
    EntryFactory(user=user, date=dt.date(2026, 11, 4), body="A line.")
    EntryFactory(user=user, date=dt.date(2026, 10, 31), body="October.")
    html = html_of(client.get(reverse("entries:month", args=[2026, 11])))
    assert '<a href="/journal/2026/11/03/" aria-label="Tuesday 3 November: 300 words">' in html
    assert '<span class="bar l3">' in html
    assert '<span class="bar l1">' in html
    assert "/journal/2026/10/31/" not in html
    assert "2 days written in November 2026" in html
    assert 'href="/journal/2026/10/"' in html
    assert "/journal/2026/12/" not in html


def test_calendar_starts_weeks_on_monday_and_pads_other_months(client):
    """November 2026 starts on a Sunday: six empty cells come first."""
    html = html_of(client.get(reverse("entries:month", args=[2026, 11])))
    first_week = html.split("<tbody>")[1].split("</tr>")[0]
    assert first_week.count('<td class="other">') == 6


@pytest.mark.parametrize("args", [[2026, 12], [2026, 13], [1899, 12], [2026, 0]])
def test_calendar_of_a_month_that_cannot_have_entries_is_not_found(client, args):
    """A future month, or no month at all, answers 404."""
    assert client.get(f"/journal/{args[0]:04d}/{args[1]:02d}/").status_code == 404


def test_first_calendar_month_has_no_earlier_month(client):
    """January 1900 offers no December 1899."""
    html = html_of(client.get(reverse("entries:month", args=[1900, 1])))
    assert "December 1899" not in html
    assert "February 1900" in html


def test_calendar_link_opens_this_month(client):
    """Calendar in the menu opens the month it is now for the person."""
    response = client.get(reverse("entries:this_month"))
    assert response.url == reverse("entries:month", args=[2026, 11])


def test_calendar_reads_as_many_rows_for_a_long_journal_as_for_a_short_one():
    """A month costs the same queries with 300 entries as with 3."""
    url = reverse("entries:month", args=[2026, 11])
    assert queries_to_read(300, url) == queries_to_read(3, url)


def test_random_day_opens_a_written_day(client, user):
    """A random day is always one that has an entry."""
    dates = {entry.date for entry in written(user, 5)}
    for _ in range(5):
        response = client.get(reverse("entries:random_day"))
        assert dt.date(*map(int, response.url.strip("/").split("/")[1:])) in dates


def test_random_day_of_an_empty_journal_says_so(client):
    """With nothing written, the link goes back to the journal with a note."""
    response = client.get(reverse("entries:random_day"), follow=True)
    assert "Nothing written yet" in response.content.decode()


# Preview while writing and editing


def test_write_page_says_markdown_works(client):
    """One line under the box says Markdown and #tags work."""
    assert "Markdown works" in html_of(client.get(reverse("entries:write")))


def test_preview_renders_the_text_and_keeps_it_in_the_form(client, user):
    """Preview shows the text rendered, keeps it in the box, and saves nothing."""
    body = "A *good* day.\n\n<script>alert(1)</script>"
    response = client.post(reverse("entries:preview"), {"date": "2026-11-20", "body": body})
    html = html_of(response)
    assert "<em>good</em>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in html
    assert "Hide preview" in html
    assert not Entry.objects.exists()


def test_hiding_the_preview_keeps_the_text(client):
    """Hide preview returns to the plain form, text still there."""
    data = {"date": "2026-11-20", "body": "Kept.", "hide": "1"}
    html = html_of(client.post(reverse("entries:preview"), data))
    assert "Kept.</textarea>" in html
    assert 'id="preview-heading"' not in html


def test_preview_of_an_empty_text_shows_the_error(client):
    """Nothing to preview: the form's own error shows, nothing is rendered."""
    response = client.post(reverse("entries:preview"), {"date": "2026-11-20", "body": " "})
    assert response.status_code == 400
    assert "Write something first" in response.content.decode()


def test_preview_while_editing_keeps_the_version(client, user):
    """Previewing an edit renders it, and saving afterwards still checks for conflicts."""
    entry = EntryFactory(user=user, body="Old.")
    data = {"body": "**New.**", "version": entry.version, "editing": entry.date.isoformat()}
    html = html_of(client.post(reverse("entries:preview"), data))
    assert "<strong>New.</strong>" in html
    assert f'name="version" value="{entry.version}"' in html
    entry.refresh_from_db()
    assert entry.body == "Old."


def test_preview_of_an_edit_whose_entry_was_deleted_keeps_the_text(client, user):
    """The entry went to the bin in another tab: the preview still shows the text."""
    data = {"body": "Still here.", "version": "1", "editing": "2026-11-20"}
    html = html_of(client.post(reverse("entries:preview"), data))
    assert "Still here.</textarea>" in html


def test_preview_of_an_edit_with_a_broken_date_is_not_found(client):
    """A date that is not a date answers 404."""
    data = {"body": "x", "version": "1", "editing": "yesterday"}
    assert client.post(reverse("entries:preview"), data).status_code == 404


def test_calendar_reaches_the_month_of_tomorrow(client):
    """On the last day of a month, the next month has a page: tomorrow is a journal day."""
    with time_machine.travel(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC), tick=False):
        html = html_of(client.get(reverse("entries:month", args=[2026, 11])))
        assert 'href="/journal/2026/12/"' in html
        assert client.get(reverse("entries:month", args=[2026, 12])).status_code == 200
        assert client.get(reverse("entries:month", args=[2027, 1])).status_code == 404
