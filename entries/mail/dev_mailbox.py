"""The dev mailbox: the whole loop on a laptop, with no email provider.

It lists the prompts sent locally, each with a reply form that builds the
reply the way a mail client quotes and feeds it to the same pipeline as a
provider's webhook. It exists only while DEBUG is on.
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.mail import EmailMessage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import dateformat, timezone

from entries.mail import pipeline
from entries.models import Prompt
from entries.text import REPLY_MARKER


def development_only(view):
    """Pages for a developer's laptop: they do not exist unless DEBUG is on."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.DEBUG:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class ReplyForm(forms.Form):
    """A reply to a prompt, as a mail client would send it (the dev mailbox only)."""

    sender = forms.EmailField(
        label="From", help_text="Try an address the account has not verified: it is held."
    )
    body = forms.CharField(label="Your reply", widget=forms.Textarea(attrs={"rows": 5}))

    @classmethod
    def for_prompt(cls, prompt):
        return cls(prefix=f"p{prompt.pk}", initial={"sender": prompt.user.email})

    def deliver(self, prompt):
        """Build the reply the way mail clients quote, and put it through the pipeline."""
        email = EmailMessage(
            subject="Re: Daybook",
            body=self._quoted_reply(prompt),
            from_email=self.cleaned_data["sender"],
            to=[prompt.reply_address],
            headers=_thread_headers(prompt),
        )
        message = pipeline.keep(
            email.message().as_bytes(),
            provider="dev_mailbox",
            recipient=prompt.reply_address,
            # Stands in for a provider that checked the sender's domain; an
            # address the account has not verified is still held.
            verdict="dmarc=pass",
        )
        return pipeline.process(message)

    def _quoted_reply(self, prompt):
        sent = timezone.localtime(prompt.sent_at or prompt.created)
        return (
            f"{self.cleaned_data['body']}\n\n"
            f"On {dateformat.format(sent, r'D, j M Y \a\t H:i')}, "
            f"Daybook <{prompt.reply_address}> wrote:\n\n"
            f"> {REPLY_MARKER}\n"
            f"> {prompt.question}\n"
        )


def _thread_headers(prompt):
    if not prompt.message_id:
        return {}
    return {"In-Reply-To": prompt.message_id, "References": prompt.message_id}


@development_only
def dev_mailbox(request):
    prompts = Prompt.objects.select_related("user").order_by("-created")[:30]
    if request.method == "POST":
        prompt_id = request.POST.get("prompt", "")
        if not prompt_id.isdigit():
            raise Http404("No such prompt.")
        prompt = get_object_or_404(Prompt, pk=prompt_id)
        form = ReplyForm(request.POST, prefix=f"p{prompt.pk}")
        if form.is_valid():
            message = form.deliver(prompt)
            messages.info(
                request, f"Reply {message.state}: {message.get_reason_display().lower()}."
            )
            return redirect("entries:dev_mailbox")
        forms = {prompt.pk: form}
    else:
        forms = {}
    mailbox = [(prompt, forms.get(prompt.pk) or ReplyForm.for_prompt(prompt)) for prompt in prompts]
    return render(request, "entries/dev_mailbox.html", {"mailbox": mailbox})
