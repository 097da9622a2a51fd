"""Settings: the daily prompt's schedule, the one-click way out of prompt
emails, and the "Your data" pages (take the journal out, bring one in, leave)."""

import zoneinfo

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.forms import DeleteAccountForm, ExportForm, ImportForm, ScheduleForm
from accounts.models import User
from accounts.reauthentication import reauthenticate_to
from accounts.tasks import send_account_deleted
from entries import tasks
from entries.exporters import FORMATS
from entries.models import Entry, ImportJob


@login_required
@require_safe
def export(request):
    """The export page; with ?format=..., the download itself, streamed."""
    form = ExportForm(request.GET if "format" in request.GET else None)
    if not form.is_valid():
        return render(request, "accounts/export.html", {"form": form})
    kind = FORMATS[form.cleaned_data["format"]]
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(request.user.timezone))
    response = StreamingHttpResponse(
        kind.write(Entry.objects.for_export(request.user)), content_type=kind.content_type
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"daybook-{today.isoformat()}.{kind.extension}"
    )
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def settings_page(request):
    user = request.user
    # Read before the form is bound: validating copies the submitted values
    # onto the user, and a rejected form must not describe them as saved.
    context = {"next_prompt": user.next_prompt_in_words(), "paused": user.prompts_paused}
    form = ScheduleForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        when = user.next_prompt_in_words()
        messages.success(request, f"Saved. Your next prompt arrives {when}." if when else "Saved.")
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {**context, "form": form})


# Mail providers send the RFC 8058 one-click POST themselves, with no
# session and no CSRF token; the signed token in the URL is the credential,
# and all it can do is pause prompts.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    user = User.objects.from_unsubscribe_token(token)
    if user is None:
        return render(request, "accounts/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        user.pause_prompts()
        user.save(update_fields=["prompts_paused", "paused_until", "next_prompt_at"])
        return render(request, "accounts/unsubscribed.html", {"person": user})
    return render(request, "accounts/unsubscribe.html", {"person": user, "token": token})


# The link in the prompt that slowed someone's prompts to weekly. Like the
# unsubscribe link, the signed token is the credential; the page asks before
# acting, because mail scanners open links nobody clicked.
@require_http_methods(["GET", "HEAD", "POST"])
def back_to_daily(request, token):
    user = User.objects.from_back_to_daily_token(token)
    if user is None:
        return render(request, "accounts/back_to_daily_invalid.html", status=400)
    if request.method == "POST":
        user.resume_prompts(timezone.now())
        return render(request, "accounts/back_to_daily_done.html", {"person": user})
    return render(request, "accounts/back_to_daily.html", {"person": user})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request):
    """Upload a file; small ones are checked at once, large ones by the worker."""
    posted = request.method == "POST"
    form = ImportForm(request.POST, request.FILES) if posted else ImportForm()
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            user=request.user,
            filename=upload.name[-255:],
            format=form.cleaned_data["format"],
            data=upload.read(),
            size=upload.size,
        )
        if job.checks_in_worker:
            transaction.on_commit(lambda: tasks.check_import(job.pk))
        else:
            tasks.check_import.call_local(job.pk)
        return redirect("accounts:import_job", job.pk)
    jobs = ImportJob.objects.for_user(request.user).defer("data")[:5]
    return render(request, "accounts/import.html", {"form": form, "jobs": jobs})


@login_required
@require_safe
def import_job(request, pk):
    """Where an import stands: checking, its preview, saving, or its summary."""
    job = get_object_or_404(ImportJob.objects.for_user(request.user).defer("data"), pk=pk)
    return render(request, "accounts/import_job.html", {"job": job})


@login_required
@require_safe
def import_progress(request, pk):
    """The little JSON the progress page polls."""
    job = get_object_or_404(
        ImportJob.objects.for_user(request.user).only("status", "total", "done"), pk=pk
    )
    return JsonResponse(job.progress())


@login_required
@require_POST
def import_confirm(request, pk):
    """Import what the preview showed: at once if it is small, else in the worker."""
    jobs = ImportJob.objects.for_user(request.user).select_for_update().defer("data")
    with transaction.atomic():
        # Locked and moved on from READY, so a double click imports once.
        job = get_object_or_404(jobs, pk=pk)
        if job.status != ImportJob.Status.READY:
            return redirect("accounts:import_job", job.pk)
        job.status = ImportJob.Status.SAVING
        job.save(update_fields=["status", "updated"])
        if job.saves_in_worker:
            transaction.on_commit(lambda: tasks.save_import(job.pk))
    if not job.saves_in_worker:
        tasks.save_import.call_local(job.pk)
    return redirect("accounts:import_job", job.pk)


@login_required
@require_POST
def import_cancel(request, pk):
    """Throw an upload away before it is imported; nothing was written."""
    job = get_object_or_404(ImportJob.objects.for_user(request.user).defer("data"), pk=pk)
    if job.status in (ImportJob.Status.READY, ImportJob.Status.FAILED):
        job.delete()
        messages.info(request, "The file was thrown away; your journal is as it was.")
    return redirect("accounts:import")


@login_required
@reauthenticate_to("delete your account")
@require_http_methods(["GET", "HEAD", "POST"])
def delete_account(request):
    """Leave Daybook: after proving it is you, everything of yours is deleted."""
    posted = request.method == "POST"
    form = DeleteAccountForm(request.POST) if posted else DeleteAccountForm()
    if posted and form.is_valid():
        email = request.user.email
        request.user.delete_with_everything()
        logout(request)
        transaction.on_commit(lambda: send_account_deleted(email))
        messages.success(
            request, "Your account and your journal are deleted. Goodbye, and thank you."
        )
        return redirect("landing")
    entries = Entry.objects.for_user(request.user).count()
    return render(request, "accounts/delete.html", {"form": form, "entries": entries})
