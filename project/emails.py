"""Every email Daybook sends, one function per message.

Each message renders a pair of templates, templates/emails/<name>.txt and
<name>.html, with the same context, and builds its subject here, so that
what a message says is in one place and how it is sent is in another (the
MAILERS setting). The plain text part is always there, for people and mail
programs that read only text; the HTML part uses inline styles because mail
clients ignore stylesheets (the site's content security policy does not
apply to email).
"""

from email.message import MIMEPart

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat

from accounts.models import SLOW_DOWN_AFTER
from entries.memories import memory_for
from entries.recap_image import heat_map_png

# The prompt carries the line the reply extractor cuts at: one constant, in one place.
from entries.replies import REPLY_MARKER

HEAT_MAP_CID = "heat-map@daybook"


def absolute_url(viewname, *args):
    return settings.SITE_URL + reverse(viewname, args=args)


def send_prompt(prompt):
    """The daily question, with a memory; records the Message-ID on prompt."""
    user = prompt.user
    day = prompt.date
    token = user.unsubscribe_token
    unsubscribe_url = absolute_url("accounts:unsubscribe", token)
    unsubscribe_mailto = f"mailto:unsubscribe+{token}@{settings.INBOUND_EMAIL_DOMAIN}"
    # Derived from the token, so a retried send carries the same Message-ID
    # and a mail program that receives both shows one.
    prompt.message_id = f"<prompt.{prompt.token}@{settings.INBOUND_EMAIL_DOMAIN}>"
    context = {
        "day": day,
        "marker": REPLY_MARKER,
        "memory": memory_for(user, day) if user.memories_enabled else None,
        "journal_url": absolute_url("entries:journal"),
        "settings_url": absolute_url("accounts:settings"),
        "unsubscribe_url": unsubscribe_url,
        "question": prompt.question,
        "notice": prompt.notice,
        "slow_after": SLOW_DOWN_AFTER,
        "back_to_daily_url": absolute_url("accounts:back_to_daily", user.back_to_daily_token),
    }
    message = _compose(
        "prompt",
        context,
        subject=prompt.subject,
        to=[user.email],
        reply_to=[prompt.reply_address],
        headers={
            "Message-ID": prompt.message_id,
            "List-Unsubscribe": f"<{unsubscribe_url}>, <{unsubscribe_mailto}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # Out-of-office robots should not answer: their reply would
            # land in the journal.
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "OOF, AutoReply",
        },
    )
    mailers.default.send_messages([message])


def send_recap(summary):
    """A month or a year looked back on: counts, the heat map as an inline image, memories."""
    recap = summary.recap
    png, width, height = heat_map_png(recap.starts, recap.ends, summary.words_by_date)
    context = {
        "summary": summary,
        "recap": recap,
        "heat_map": {"width": width, "height": height, "cid": HEAT_MAP_CID},
        "journal_url": absolute_url("entries:journal"),
        "year_url": absolute_url("entries:year", recap.starts.year),
        "settings_url": absolute_url("accounts:settings"),
    }
    message = _compose(
        "recap",
        context,
        subject=f"Daybook: your {recap.name}",
        to=[recap.user.email],
        headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "OOF, AutoReply"},
    )
    # Shown in the HTML by its Content-ID; mail clients block data: URLs.
    image = MIMEPart()
    image.set_content(
        png, maintype="image", subtype="png", disposition="inline", filename="heat-map.png"
    )
    image["Content-ID"] = f"<{HEAT_MAP_CID}>"
    message.attach(image)
    mailers.default.send_messages([message])


def send_command_confirmation(user, confirmations):
    """What the commands at the top of a reply did: "Paused until 10 January. ..."."""
    _send(
        "command_confirmation",
        to=user.email,
        subject=f"Daybook: {confirmations[0].split('. ')[0].rstrip('.')}",
        context={
            "confirmations": confirmations,
            "settings_url": absolute_url("accounts:settings"),
        },
    )


def send_receipt(user, entries):
    """The day's receipt: which entries replies were saved to, with links to read and edit."""
    days = [
        {
            "entry": entry,
            "read_url": settings.SITE_URL + entry.get_absolute_url(),
            "edit_url": absolute_url(
                "entries:edit", entry.date.year, entry.date.month, entry.date.day
            ),
        }
        for entry in entries
    ]
    first = entries[0]
    subject = f"Daybook: saved to {dateformat.format(first.date, 'l j F')}"
    if len(entries) > 1:
        subject += f" and {len(entries) - 1} more day{'s' if len(entries) > 2 else ''}"
    _send(
        "receipt",
        to=user.email,
        subject=subject,
        context={"days": days, "settings_url": absolute_url("accounts:settings")},
    )


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


# Account email: codes, and notices about an account's security. allauth
# decides when they go (accounts/adapter.py and accounts/receivers.py hand
# them here); what they say is Daybook's.


def send_login_code(email, code, *, purpose=None):
    """A code to log in with, or, with a purpose, to confirm it is you before a change."""
    subject = f"Daybook: your code to {purpose}" if purpose else "Daybook: your code to log in"
    _send("login_code", to=email, subject=subject, context={"code": code, "purpose": purpose})


def send_address_code(email, code, *, signup):
    """A code that proves an address is yours: a new account's, or one you are adding."""
    subject = "your code to finish signing up" if signup else "confirm this address"
    _send(
        "address_code",
        to=email,
        subject=f"Daybook: {subject}",
        context={"code": code, "signup": signup},
    )


def send_password_reset_code(email, code):
    """A code to choose a new password with."""
    _send(
        "password_reset_code",
        to=email,
        subject="Daybook: your code to reset your password",
        context={"code": code},
    )


def send_no_account(email):
    """Someone asked for a code for an address that has no account: say so, offer sign-up.

    The page they saw did not say whether the account exists (that would tell
    anyone who types an address); only the owner of the inbox learns it here.
    """
    _send(
        "no_account",
        to=email,
        subject="Daybook: there is no account for this address",
        context={"email": email, "signup_url": absolute_url("account_signup")},
    )


def send_account_exists(email):
    """Someone tried to sign up with an address that already has an account."""
    _send(
        "account_exists",
        to=email,
        subject="Daybook: you already have an account",
        context={"email": email, "login_url": absolute_url("account_login")},
    )


def send_security_notice(email, *, headline, change, when, ip, device):
    """Tell someone their account's security changed, and what to do if it was not them.

    headline is short ("a passkey was added"), change a sentence that says
    more; when, ip and device say where the change came from, as far as the
    server can tell.
    """
    _send(
        "security_notice",
        to=email,
        subject=f"Daybook: {headline}",
        context={
            "change": change,
            "when": when,
            "ip": ip,
            "device": device,
            "security_url": absolute_url("mfa_index"),
            "sessions_url": absolute_url("usersessions_list"),
        },
    )


def _send(name, *, to, subject, context):
    context = {"site_url": settings.SITE_URL, **context}
    mailers.default.send_messages([_compose(name, context, subject=subject, to=[to])])


def _compose(name, context, *, subject, to, **options):
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{name}.txt", context),
        to=to,
        **options,
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", context), "text/html")
    return message
