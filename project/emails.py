"""Every email Daybook sends, one function each.

Each renders a pair of templates, templates/emails/<name>.txt and .html, with
the same context, and builds its subject here, so that what a message says is
in one place and how it is sent is in another (the MAILERS setting).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse


def _send(name, *, to, subject, context):
    context = {"site_url": settings.SITE_URL, **context}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{name}.txt", context),
        to=[to],
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", context), "text/html")
    message.send()


def send_account_deleted(email):
    """Confirm to someone who left that their account and journal are gone.

    Takes the address, not the user: by the time this is sent, the user is.
    """
    _send(
        "account_deleted",
        to=email,
        subject="Daybook: your account is deleted",
        context={"email": email},
    )


def send_held_reply_notice(user):
    """Tell someone a reply of theirs is waiting for review instead of in their journal."""
    _send(
        "held_reply",
        to=user.email,
        subject="Daybook: a reply of yours is waiting for review",
        context={"review_url": settings.SITE_URL + reverse("entries:review")},
    )
