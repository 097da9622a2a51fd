"""Forms for writing in the journal from a browser, and for the dev mailbox."""

import datetime as dt

from django import forms
from django.core.mail import EmailMessage
from django.utils import timezone

from entries import inbound

EARLIEST = dt.date(1900, 1, 1)


class WriteForm(forms.Form):
    """A day's text: a new entry, or more for an entry that exists."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    body = forms.CharField(
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 12}),
        strip=True,
        error_messages={"required": "Write something first: an empty entry isn't saved."},
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["date"].widget.attrs.update(max=today.isoformat(), min=EARLIEST.isoformat())

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > self.today:
            raise forms.ValidationError(
                "That day hasn't happened yet. Choose today or a day before it."
            )
        if date < EARLIEST:
            raise forms.ValidationError("Choose a day from 1900 onwards.")
        return date


class EditForm(forms.Form):
    """The whole text of an entry, and the version the writer started from."""

    body = forms.CharField(
        label="Your entry",
        widget=forms.Textarea(attrs={"rows": 16}),
        strip=True,
        error_messages={"required": "An entry can't be empty. To remove it, delete it instead."},
    )
    version = forms.CharField(widget=forms.HiddenInput)


class SearchForm(forms.Form):
    ORDERS = [("newest", "Newest first"), ("relevance", "Best match first")]

    q = forms.CharField(label="Search your journal", max_length=200, strip=True)
    order = forms.ChoiceField(label="Order", choices=ORDERS, initial="newest", required=False)

    def clean_order(self):
        return self.cleaned_data["order"] or "newest"


class DevReplyForm(forms.Form):
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
        message = inbound.keep(
            email.message().as_bytes(), provider="dev_mailbox", recipient=prompt.reply_address
        )
        return inbound.process(message)

    def _quoted_reply(self, prompt):
        sent = timezone.localtime(prompt.sent_at or prompt.created)
        return (
            f"{self.cleaned_data['body']}\n\n"
            f"On {sent:%a, %-d %b %Y at %H:%M}, Daybook <{prompt.reply_address}> wrote:\n\n"
            f"> ## Reply above this line ##\n"
            f"> It's {prompt.date:%A, %b %-d}. How was your day?\n"
        )


def _thread_headers(prompt):
    if not prompt.message_id:
        return {}
    return {"In-Reply-To": prompt.message_id, "References": prompt.message_id}
