"""Settings, "Your data": take the journal out, bring one in, or leave.

The pages live under /settings/ with the rest of a person's settings, but
they are the journal's: accounts knows nothing of entries, so the journal
offers these pages itself.
"""

import zoneinfo

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.reauthentication import reauthenticate_to
from accounts.tasks import send_account_deleted
from entries import tasks
from entries.forms import DeleteAccountForm, ExportForm, ImportForm
from entries.models import Entry, ImportJob, Photo
from entries.transfer.exporters import FORMATS


@login_required
@require_safe
def export(request):
    """The export page; with ?format=..., the download itself, streamed."""
    form = ExportForm(request.GET if "format" in request.GET else None)
    if not form.is_valid():
        return render(request, "entries/export.html", {"form": form})
    kind = FORMATS[form.cleaned_data["format"]]
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(request.user.timezone))
    response = StreamingHttpResponse(
        kind.write(Photo.objects.attached(Entry.objects.for_export(request.user))),
        content_type=kind.content_type,
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"daybook-{today.isoformat()}.{kind.extension}"
    )
    return response


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
        return redirect("entries:import_job", job.pk)
    jobs = ImportJob.objects.for_user(request.user).defer("data")[:5]
    return render(request, "entries/import.html", {"form": form, "jobs": jobs})


@login_required
@require_safe
def import_job(request, pk):
    """Where an import stands: checking, its preview, saving, or its summary."""
    job = get_object_or_404(ImportJob.objects.for_user(request.user).defer("data"), pk=pk)
    return render(request, "entries/import_job.html", {"job": job})


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
            return redirect("entries:import_job", job.pk)
        job.status = ImportJob.Status.SAVING
        job.save(update_fields=["status", "updated"])
        if job.saves_in_worker:
            transaction.on_commit(lambda: tasks.save_import(job.pk))
    if not job.saves_in_worker:
        tasks.save_import.call_local(job.pk)
    return redirect("entries:import_job", job.pk)


@login_required
@require_POST
def import_cancel(request, pk):
    """Throw an upload away before it is imported; nothing was written."""
    job = get_object_or_404(ImportJob.objects.for_user(request.user).defer("data"), pk=pk)
    if job.status in (ImportJob.Status.READY, ImportJob.Status.FAILED):
        job.delete()
        messages.info(request, "The file was thrown away; your journal is as it was.")
    return redirect("entries:import")


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
    return render(request, "entries/delete_account.html", {"form": form, "entries": entries})
