"""Wandering a journal: its tags, a month as a calendar, a random day.

Like every journal view, these read the signed-in person's own entries
only, a fixed handful of queries however long the journal is.
"""

import random

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from entries import calendar
from entries.models import EARLIEST_YEAR, Entry
from entries.search import highlight
from entries.views import latest_for, today_for

TAG_PAGE_SIZE = 20


def own_entries(request):
    return Entry.objects.for_user(request.user).alive()


@login_required
@require_safe
def tags(request):
    """Every tag in use, with how many days carry it and the last of them."""
    in_use = (
        request.user.tags.annotate(days=Count("entries"), last_used=Max("entries__date"))
        .filter(days__gt=0)
        .order_by("name")
    )
    return render(request, "entries/tags.html", {"tags": in_use})


@login_required
@require_safe
def tag(request, pk):
    """The days a tag is on, newest first, each with the passage around the tag."""
    tag = get_object_or_404(request.user.tags, pk=pk)
    days = own_entries(request).filter(tags=tag).order_by("-date")
    try:
        page = Paginator(days, TAG_PAGE_SIZE).page(request.GET.get("page", 1))
    except InvalidPage:
        raise Http404("No such page of days.") from None
    entries = list(page.object_list)
    for entry in entries:
        entry.passage = highlight(entry.body, [f"#{tag.name}"])
    return render(request, "entries/tag.html", {"tag": tag, "page": page, "entries": entries})


@login_required
@require_safe
def month(request, year, month):
    """A month as a calendar: each written day linked, and shaded by how much was written."""
    # Up to the month of the journal's latest day: tomorrow where the person is.
    today, latest = today_for(request.user), latest_for(request.user)
    too_late = (year, month) > (latest.year, latest.month)
    if not 1 <= month <= 12 or year < EARLIEST_YEAR or too_late:
        raise Http404("No such month in your journal.")
    first = calendar.first_of_month(year, month)
    following = calendar.month_after(first)
    words = dict(
        own_entries(request)
        .filter(date__gte=first, date__lt=following)
        .values_list("date", "words")
    )
    context = {
        "first": first,
        "weekdays": calendar.WEEKDAYS,
        "weeks": calendar.weeks(year, month, words),
        "written": len(words),
        "previous": calendar.month_before(first) if year > EARLIEST_YEAR or month > 1 else None,
        "next": following if following <= latest else None,
        "today": today,
    }
    return render(request, "entries/month.html", context)


@login_required
@require_safe
def this_month(request):
    today = today_for(request.user)
    return redirect("entries:month", today.year, today.month)


@login_required
@require_safe
def random_day(request):
    """Open a day picked at random from those written."""
    entries = own_entries(request)
    count = entries.count()
    if not count:
        messages.info(request, "Nothing written yet, so there is no day to pick.")
        return redirect("entries:journal")
    # Counting then reading one row by offset: two small queries, where
    # ordering a whole journal at random would read all of it.
    date = entries.order_by("date").values_list("date", flat=True)[random.randrange(count)]  # noqa: S311
    return redirect("entries:day", date.year, date.month, date.day)
