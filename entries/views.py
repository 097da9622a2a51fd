"""The journal in a browser: read, write, search and look back.

Every view works on the signed-in person's own entries only, so another
person's entry is simply not found. Pages read a fixed handful of rows,
chosen by date with the (user, date) index, however long the journal is.
"""

import calendar
import datetime as dt
from functools import wraps
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage, Paginator
from django.db import transaction
from django.db.models.functions import Substr
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from entries import drafts, limits, rendering
from entries import year as year_at_a_glance
from entries.forms import EditForm, SearchForm, WriteForm, too_long
from entries.mail import attachments
from entries.models import (
    RESTORE_DAYS,
    AlreadySent,
    Draft,
    EditConflict,
    Entry,
    InboundMessage,
    Photo,
    SavedSearch,
    SentForm,
    new_form_token,
)
from entries.prompts.memories import how_long_ago
from entries.search import Query, passages
from entries.templatetags.journal import EXCERPT_CHARS, excerpt
from entries.unsent import login_required_keeping_text

PAGE_SIZE = 30
MONTHS = list(calendar.month_name)
SEARCH_PAGE_SIZE = 20


def today_for(user):
    return timezone.localdate(timezone=ZoneInfo(user.timezone))


def latest_for(user):
    return limits.latest_day(user.timezone)


def own_entries(request):
    return Entry.objects.for_user(request.user).alive()


def long_date(day):
    """A day as the pages write it in a message: "Friday 27 November 2026"."""
    return dateformat.format(day, "l j F Y")


class NoSuchDay(Http404):
    """A day address that names no day the journal has: its message says why, in words."""


def date_or_404(year, month, day):
    try:
        return dt.date(year, month, day)
    except ValueError:
        if 1 <= month <= 12:
            raise NoSuchDay(f"{day} {MONTHS[month]} {year} isn't a date.") from None
        raise NoSuchDay(
            f"{year}-{month:02d}-{day:02d} isn't a date: there is no month {month}."
        ) from None


def journal_day_or_404(request, year, month, day):
    """A day the journal holds (1900 to tomorrow), or one the person has an entry on.

    The exception keeps an entry stored before the range was enforced
    readable, editable and deletable; no other day outside it has a page, so
    no URL can create one.
    """
    date = date_or_404(year, month, day)
    latest = latest_for(request.user)
    if not limits.in_range(date, latest) and not own_entries(request).filter(date=date).exists():
        problem = limits.day_problem(date, latest)
        raise NoSuchDay(f"{problem[0].upper()}{problem[1:]}.")
    return date


def says_which_day_is_missing(view):
    """A day page for an impossible or out-of-range day says why, not "moved or deleted"."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NoSuchDay as missing:
            context = {"problem": str(missing), "earliest": limits.EARLIEST_DAY}
            return render(request, "entries/no_such_day.html", context, status=404)

    return wrapper


def years_of(entries):
    """The years with at least one entry, latest first: a year with none has nothing to show."""
    return [day.year for day in entries.dates("date", "year", order="DESC")]


@login_required
@require_safe
def journal(request):
    """Newest first, a page at a time. `?before=` a date is the page's key."""
    entries = own_entries(request)
    before = None
    if "before" in request.GET:
        try:
            before = dt.date.fromisoformat(request.GET["before"])
        except ValueError:
            raise Http404("Not a date.") from None
    page = entries.filter(date__lt=before) if before else entries
    # Only the start of each entry leaves the database: a long entry shows
    # as an excerpt here, and in full on its day page.
    page = page.defer("body").annotate(head=Substr("body", 1, EXCERPT_CHARS + 1))
    page = list(Photo.objects.with_covers(page.order_by("-date"))[: PAGE_SIZE + 1])
    for entry in page:
        entry.excerpt, entry.cut = excerpt(entry.head)
    older = page[PAGE_SIZE - 1].date if len(page) > PAGE_SIZE else None
    newer = None
    if before:
        # The newer page starts the day after the PAGE_SIZE-th entry from here,
        # unless there are no more than that: then it is the latest page.
        ahead = list(
            entries.filter(date__gte=before)
            .order_by("date")
            .values_list("date", flat=True)[PAGE_SIZE - 1 : PAGE_SIZE + 1]
        )
        newer = ahead[0] + dt.timedelta(days=1) if len(ahead) > 1 else "latest"
    context = {
        "entries": page[:PAGE_SIZE],
        "older": older,
        "newer": newer,
        "years": years_of(entries),
        "today": today_for(request.user),
        "search_form": SearchForm(),
    }
    return render(request, "entries/journal.html", context)


@login_required
@require_safe
@says_which_day_is_missing
def day(request, year, month, day):
    date = journal_day_or_404(request, year, month, day)
    entries = own_entries(request)
    entry = entries.filter(date=date).first()
    previous = entries.filter(date__lt=date).order_by("-date").values_list("date", flat=True)
    following = entries.filter(date__gt=date).order_by("date").values_list("date", flat=True)
    photos, files = Photo.objects.of_day(entry) if entry else ([], [])
    context = {
        "date": date,
        "entry": entry,
        "photos": photos,
        "files": files,
        "previous": previous.first(),
        "following": following.first(),
        "today": today_for(request.user),
        # The same rule as the write form's: a day the journal holds.
        "writable": limits.in_range(date, latest_for(request.user)),
        "draft": Draft.objects.filter(user=request.user, date=date).first(),
    }
    return render(request, "entries/day.html", context)


@login_required_keeping_text
@require_http_methods(["GET", "HEAD", "POST"])
def write(request):
    today, latest = today_for(request.user), latest_for(request.user)
    if request.method == "POST":
        form = WriteForm(request.POST, request.FILES, latest=latest)
        if form.is_valid():
            date, body = form.cleaned_data["date"], form.cleaned_data["body"]
            existed = own_entries(request).filter(date=date).exists()
            try:
                with transaction.atomic():
                    SentForm.objects.claim(request.user, form.cleaned_data["token"], date)
                    entry = Entry.objects.add_to_day(request.user, date, body)
            except AlreadySent as repeat:
                return answer_repeat(request, repeat)
            except limits.TooLong as error:
                # The day's entry plus this text is too long; the text stays in the box.
                form.add_error("body", too_long(error.length))
            except limits.OutOfRange as error:  # midnight passed since the form was checked
                form.add_error("date", str(error))
            else:
                request.user.note_writing(timezone.now())
                Draft.objects.clear(request.user, date)
                add_photos(entry, form)
                messages.success(
                    request,
                    f"Added to your entry for {long_date(date)}."
                    if existed
                    else f"Saved your entry for {long_date(date)}.",
                )
                return redirect(entry)
    else:
        try:
            date = dt.date.fromisoformat(request.GET.get("date", ""))
        except ValueError:
            date = today
        if not limits.in_range(date, latest):
            date = today
        initial = {"date": date, "token": new_form_token(request.user)}
        initial.update(drafts.restored(request, date, Draft.Form.WRITE))
        form = WriteForm(initial=initial, latest=latest)
    return write_page(request, form)


def write_page(request, form, preview=None, status=200):
    chosen = form["date"].value()
    try:
        chosen = dt.date.fromisoformat(str(chosen))
    except ValueError:
        chosen = None
    existing = own_entries(request).filter(date=chosen).first() if chosen else None
    context = {"form": form, "existing": existing, "preview": preview}
    context.update(drafts.offer(request, chosen, Draft.Form.WRITE, form, saved=existing))
    return render(request, "entries/write.html", context, status=status)


def page_of_previewed_form(request):
    """The write or edit page a previewed form came from (its text waits there over a log-in)."""
    try:
        date = dt.date.fromisoformat(request.POST.get("editing", ""))
    except ValueError:
        return reverse("entries:write")
    return reverse("entries:edit", args=_ymd(date))


@login_required_keeping_text(page=page_of_previewed_form)
@require_POST
def preview(request):
    """The write or edit page again, the text rendered above the form; nothing is saved.

    The form's Preview button posts here, so previewing works without
    JavaScript, and the text comes back in the box exactly as it was sent.
    """
    editing = request.POST.get("editing")
    if editing:
        date = date_from_form(editing)
        form = EditForm(request.POST)
        # Deleted in another tab meanwhile: saving from here keeps the text as a new entry.
        entry = own_entries(request).filter(date=date).first() or Entry(
            user=request.user, date=date
        )
    else:
        form = WriteForm(request.POST, latest=latest_for(request.user))
    status = 200 if form.is_valid() else 400
    shown = status == 200 and "hide" not in request.POST
    html = rendering.render(form.cleaned_data["body"]) if shown else None
    if editing:
        context = {"form": form, "entry": entry, "preview": html}
        saved = entry if entry.pk else None
        context.update(drafts.offer(request, date, Draft.Form.EDIT, form, saved=saved))
        return render(request, "entries/edit.html", context, status=status)
    return write_page(request, form, preview=html, status=status)


def date_from_form(value):
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Http404("Not a date.") from None


def answer_repeat(request, repeat):
    """A form sent again (a retry, "resend form") changes nothing and goes where the first went."""
    messages.info(request, "That form was sent twice; it was saved once.")
    return redirect("entries:day", *_ymd(repeat.sent.date))


def _ymd(date):
    return date.year, date.month, date.day


@login_required_keeping_text
@require_http_methods(["GET", "HEAD", "POST"])
@says_which_day_is_missing
def edit(request, year, month, day):
    date = journal_day_or_404(request, year, month, day)
    if request.method == "POST":
        return save_edit(request, date)
    entry = get_object_or_404(own_entries(request), date=date)
    initial = {"body": entry.body, "version": entry.version}
    initial.update(token=new_form_token(request.user))
    initial.update(drafts.restored(request, date, Draft.Form.EDIT))
    form = EditForm(initial=initial)
    context = {"form": form, "entry": entry}
    context.update(drafts.offer(request, date, Draft.Form.EDIT, form, saved=entry))
    return render(request, "entries/edit.html", context)


def add_photos(entry, form):
    for upload, caption in form.photos_with_captions():
        Photo.objects.add(
            entry, upload, content_type=upload.content_type, caption=caption, source="web"
        )


def keep_photos_of_conflict(request, token, entry, form):
    """Photos never conflict: keep them now, once for this form, and give the text a new token.

    The text waits for the writer to decide; the form that comes back has no
    files in it, so its token is a fresh one and the photos are not asked for again.
    """
    try:
        with transaction.atomic():
            SentForm.objects.claim(request.user, token, entry.date)
            add_photos(entry, form)
    except AlreadySent:
        pass  # the same form, sent twice at once: the first kept the photos
    return new_form_token(request.user)


def save_edit(request, date):
    form = EditForm(request.POST, request.FILES)
    entry = own_entries(request).filter(date=date).first()
    if not form.is_valid():
        if entry is None:
            raise Http404("No entry on that day.")
        return render(request, "entries/edit.html", {"form": form, "entry": entry}, status=400)
    body, token = form.cleaned_data["body"], form.cleaned_data["token"]
    try:
        with transaction.atomic():
            SentForm.objects.claim(request.user, token, date)
            if entry is None:
                # Deleted in another tab while this one was editing: keep these words.
                entry = Entry.objects.add_to_day(request.user, date, body)
                revived = True
            else:
                entry.revise(body, form.cleaned_data["version"])
                revived = False
            add_photos(entry, form)
    except AlreadySent as repeat:
        return answer_repeat(request, repeat)
    except EditConflict as conflict:
        # Both texts go back to the writer, who decides what the entry says.
        current = conflict.current
        if form.cleaned_data.get("photos"):
            token = keep_photos_of_conflict(request, token, current, form)
        form = EditForm(initial={"body": body, "version": current.version, "token": token})
        context = {"form": form, "entry": current, "conflict": True}
        return render(request, "entries/edit.html", context, status=409)
    Draft.objects.clear(request.user, date)
    if revived:
        messages.warning(
            request,
            "This entry was deleted while you were editing it, so your text was saved as a "
            "new entry. The deleted one is still in Recently deleted.",
        )
    else:
        messages.success(request, "Saved your changes.")
    return redirect(entry)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@says_which_day_is_missing
def delete(request, year, month, day):
    entry = get_object_or_404(
        own_entries(request), date=journal_day_or_404(request, year, month, day)
    )
    if request.method == "POST":
        entry.soft_delete(timezone.now())
        messages.success(
            request,
            f"Deleted your entry for {long_date(entry.date)}. "
            f"You can restore it from Recently deleted for {RESTORE_DAYS} days.",
        )
        return redirect("entries:journal")
    return render(request, "entries/delete.html", {"entry": entry})


@login_required
@require_safe
def deleted(request):
    now = timezone.now()
    entries = Entry.objects.for_user(request.user).recently_deleted(now).order_by("-deleted_at")
    for entry in entries:
        entry.restorable_until = entry.deleted_at + dt.timedelta(days=RESTORE_DAYS)
    photos = (
        Photo.objects.for_user(request.user).recently_deleted(now).order_by("-deleted_at", "pk")
    )
    context = {"entries": entries, "photos": photos, "restore_days": RESTORE_DAYS}
    return render(request, "entries/deleted.html", context)


@login_required
@require_POST
def restore(request, pk):
    deleted_entries = Entry.objects.for_user(request.user).recently_deleted(timezone.now())
    entry = get_object_or_404(deleted_entries, pk=pk)
    try:
        restored = entry.restore()
    except limits.TooLong as error:
        messages.error(
            request,
            f"Not restored: that day has a newer entry, and together they would be too long "
            f"({error}). Shorten the newer entry first.",
        )
        return redirect("entries:deleted")
    if restored.pk == entry.pk:
        messages.success(request, f"Restored your entry for {long_date(entry.date)}.")
    else:
        messages.success(
            request,
            "Restored: that day had a newer entry, so the two now read as one.",
        )
    return redirect(restored)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def search(request):
    """POST starts a search, then GET shows it at /journal/search/?s=<its key>.

    Each search has its own key, so two tabs page through their own results,
    and a results page can be reloaded or bookmarked; the words stay in the
    database, never in the URL (see models/saved_search.py).
    """
    if request.method == "POST":
        form = SearchForm(request.POST)
        if "clear" in request.POST:
            SavedSearch.objects.filter(user=request.user, key=request.POST.get("s", "")).delete()
            return redirect("entries:search")
        if form.is_valid():
            saved = SavedSearch.objects.start(request.user, **form.cleaned_data)
            return redirect(f"{reverse('entries:search')}?{urlencode({'s': saved.key})}")
        return render(request, "entries/search.html", {"form": form}, status=400)
    key = request.GET.get("s", "")
    saved = SavedSearch.objects.filter(user=request.user, key=key).first() if key else None
    form = SearchForm(initial={"q": saved.q, "order": saved.order} if saved else None)
    context = {"form": form, "saved": saved, "gone": bool(key) and saved is None}
    query = Query.parse(saved.q) if saved else None
    if query:
        by_relevance = saved.order == "relevance"
        results = own_entries(request).search(query, by_relevance=by_relevance)
        paginator = Paginator(results, SEARCH_PAGE_SIZE)
        try:
            page = paginator.page(request.GET.get("page", 1))
        except InvalidPage:
            raise Http404("No such page of results.") from None
        entries = list(page.object_list)
        found = passages(entries, query, using=results.db)
        for entry in entries:
            entry.passage = found[entry.pk]
        context.update(query=query, page=page, entries=entries)
    elif saved:
        context["unsearchable"] = True
    return render(request, "entries/search.html", context)


@login_required
@require_safe
def on_this_day(request):
    today = today_for(request.user)
    entries = list(own_entries(request).on_this_day(today).order_by("-date"))
    for entry in entries:
        entry.ago = how_long_ago(entry.date, today)  # as the prompt email says it
    return render(request, "entries/on_this_day.html", {"today": today, "entries": entries})


@login_required
@require_safe
def this_year(request):
    return redirect("entries:year", today_for(request.user).year)


@login_required
@require_safe
def year(request, year):
    today = today_for(request.user)
    if not limits.EARLIEST_DAY.year <= year <= latest_for(request.user).year:
        raise Http404("No such year in your journal.")
    entries = own_entries(request)
    this_year = dict(entries.in_year(year).values_list("date", "words"))
    current, longest = year_at_a_glance.streaks(entries.runs(), today)
    runs_this_year = year_at_a_glance.runs_in(sorted(this_year))
    _, longest_this_year = year_at_a_glance.streaks(runs_this_year, today)
    heat_map = year_at_a_glance.heat_map(
        year, this_year, today=today, year_url=reverse("entries:year", args=[year])
    )
    context = {
        "year": year,
        "today": today,
        "heat_map": heat_map,
        "squares": year_at_a_glance.svg_days(heat_map),
        "entries_count": len(this_year),
        "words_count": sum(this_year.values()),
        "current_streak": current,
        "longest_streak": longest,
        "longest_this_year": longest_this_year,
        "years": years_of(entries) or [today.year],
    }
    return render(request, "entries/year.html", context)


# Replies held for review: the owner decides whether they belong in the journal.


@login_required
@require_safe
def review(request):
    held = list(InboundMessage.objects.held_for(request.user))
    for message in held:
        # A reply held for being too long may be far longer than an entry;
        # the page shows as much as an entry holds, and says what it leaves out.
        message.shown_text = message.text[: limits.MAX_ENTRY_CHARS]
        message.unshown = max(0, len(message.text) - limits.MAX_ENTRY_CHARS)
    return render(request, "entries/review.html", {"held": held})


@login_required
@require_POST
def review_accept(request, pk):
    message = get_object_or_404(InboundMessage.objects.held_for(request.user), pk=pk)
    day = dateformat.format(message.prompt.date, "l j F")
    try:
        # Its photos and files come along (read from the kept message).
        accepted = message.accept(attachments.keeper(message))
    except limits.TooLong as error:
        messages.error(
            request,
            f"Not added: {error}. Make room in the entry for {day} "
            "first, or copy the reply's text into another day.",
        )
        return redirect("entries:review")
    except limits.OutOfRange as error:
        messages.error(request, f"Not added: {error}.")
        return redirect("entries:review")
    if accepted and message.entry is not None:
        messages.success(request, f"Added to your entry for {message.entry.date:%A %-d %B}.")
    elif accepted:
        messages.success(request, "Done: the reply held only commands, and they are followed.")
    else:
        messages.error(request, "That reply has no text to add; you can discard it.")
    return redirect("entries:review")


@login_required
@require_POST
def review_discard(request, pk):
    message = get_object_or_404(InboundMessage.objects.held_for(request.user), pk=pk)
    message.discard()
    messages.success(request, "Reply discarded.")
    return redirect("entries:review")
