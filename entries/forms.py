from django import forms
from django.core.mail import EmailMessage
from django.utils import timezone

from entries import inbound


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
