from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from entries.models import Entry


@login_required
@require_safe
def journal(request):
    entries = Entry.objects.for_user(request.user)
    return render(request, "entries/journal.html", {"entries": entries})
