"""Drafts in the browser: kept while someone types, offered back when they return.

static/js/drafts.js keeps what is typed on the write and edit pages in the
browser's storage at once, and sends it here every few seconds, so it is
also offered on another device. Each page then offers the day's draft back
("You have an unsaved draft from 21:40"), and restoring it works without
JavaScript too: the link reloads the form with the draft's text in it.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from entries import limits
from entries.models import Draft
from entries.models.draft import MAX_DRAFT_CHARS
from entries.unsent import take_unsent


def _day(request):
    try:
        date = dt.date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        return None
    return date if limits.in_range(date, limits.latest_day(request.user.timezone)) else None


@login_required
@require_POST
def save(request):
    """Keep the text typed for a day; the browser calls this every few seconds while it changes."""
    date, form = _day(request), request.POST.get("form")
    if date is None or form not in Draft.Form.values:
        return HttpResponseBadRequest("A draft needs a day the journal holds and a form.")
    body = request.POST.get("body", "")
    if len(body) > MAX_DRAFT_CHARS:
        # Far past what an entry holds: the browser's own copy keeps it.
        return HttpResponse(status=413)
    Draft.objects.keep(request.user, date, form, body, request.POST.get("version", ""))
    return HttpResponse(status=204)


@login_required
@require_POST
def discard(request):
    """Throw the day's draft away, then go back to the page it was offered on."""
    date = _day(request)
    if date is not None:
        Draft.objects.clear(request.user, date)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = "entries:write"
    return redirect(back)


def restored(request, date, form):
    """Initial form values: text sent before a log-in, or the draft the person chose to restore."""
    unsent = take_unsent(request)
    if unsent:
        return {name: value for name, value in unsent.items() if value}
    if request.GET.get("restore") != "draft":
        return {}
    draft = Draft.objects.filter(user=request.user, date=date, form=form).first()
    if draft is None:
        return {}
    values = {"body": draft.body}
    if form == Draft.Form.EDIT and draft.version:
        values["version"] = draft.version
    return values


def offer(request, date, form, bound_form, saved=None):
    """What the page needs to offer a draft back and to keep a new one."""
    draft = None
    if date is not None:
        draft = Draft.objects.filter(user=request.user, date=date, form=form).first()
        shown = (bound_form["body"].value() or "").strip()
        if draft is not None and draft.body.strip() == shown:
            draft = None  # already in the box
    return {
        "draft": draft,
        "draft_label": _when(draft.updated, request.user.timezone) if draft else "",
        "draft_form": form,
        # Milliseconds, for the browser's copy: a copy older than the last
        # save is stale (the script corrects for the browser's clock).
        "saved_at_ms": int(saved.updated.timestamp() * 1000) if saved else 0,
        "now_ms": int(timezone.now().timestamp() * 1000),
    }


def _when(moment, zone):
    """21:40 today, or 21:40 on Friday 27 November another day, where the person lives."""
    local, today = (
        timezone.localtime(moment, ZoneInfo(zone)),
        timezone.localdate(timezone=ZoneInfo(zone)),
    )
    return f"{local:%H:%M}" if local.date() == today else f"{local:%H:%M} on {local:%A %-d %B}"
