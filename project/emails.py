"""How Daybook sends email: compose a named message from its pair of templates.

Each message is one small function next to the code that sends it
(accounts/emails.py, entries/mail/emails.py, entries/prompts/emails.py),
with its templates in templates/emails/<name>.txt and <name>.html, rendered
with the same context. Those functions say what a message says; this module
says how any message is built and sent (through the MAILERS setting), and
knows none of them. The plain text part is always there, for people and
mail programs that read only text; the HTML part uses inline styles because
mail clients ignore stylesheets (the site's content security policy does
not apply to email).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.urls import reverse


def absolute_url(viewname, *args):
    """A link for an email: the whole address, since the reader is not on the site."""
    return settings.SITE_URL + reverse(viewname, args=args)


def compose(name, context, *, subject, to, **options):
    """The message templates/emails/<name>.txt and .html make, with the site's address at hand.

    options go to EmailMultiAlternatives as they are (reply_to, headers, ...).
    """
    context = {"site_url": settings.SITE_URL, **context}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{name}.txt", context),
        to=to,
        **options,
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", context), "text/html")
    return message


def send(name, context, *, subject, to, **options):
    """Compose the named message and send it now; the provider's errors are raised."""
    mailers.default.send_messages([compose(name, context, subject=subject, to=to, **options)])
