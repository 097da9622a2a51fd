from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from entries.forms import DevReplyForm
from entries.models import Entry, InboundMessage, Prompt


def development_only(view):
    """Pages for a developer's laptop: they do not exist unless DEBUG is on."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.DEBUG:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@login_required
@require_safe
def journal(request):
    entries = Entry.objects.for_user(request.user)
    return render(request, "entries/journal.html", {"entries": entries})


# Replies held for review: the owner decides whether they belong in the journal.


@login_required
@require_safe
def review(request):
    held = InboundMessage.objects.held_for(request.user)
    return render(request, "entries/review.html", {"held": held})


@login_required
@require_POST
def review_accept(request, pk):
    message = get_object_or_404(InboundMessage.objects.held_for(request.user), pk=pk)
    if message.accept():
        messages.success(request, f"Added to your entry for {message.prompt.date:%A %-d %B}.")
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


# The dev mailbox: the whole loop on a laptop, no email provider needed.


@development_only
def dev_mailbox(request):
    prompts = Prompt.objects.select_related("user").order_by("-created")[:30]
    if request.method == "POST":
        prompt = get_object_or_404(Prompt, pk=request.POST.get("prompt"))
        form = DevReplyForm(request.POST, prefix=f"p{prompt.pk}")
        if form.is_valid():
            message = form.deliver(prompt)
            messages.info(
                request, f"Reply {message.state}: {message.get_reason_display().lower()}."
            )
            return redirect("entries:dev_mailbox")
        forms = {prompt.pk: form}
    else:
        forms = {}
    mailbox = [
        (prompt, forms.get(prompt.pk) or DevReplyForm.for_prompt(prompt)) for prompt in prompts
    ]
    return render(request, "entries/dev_mailbox.html", {"mailbox": mailbox})
