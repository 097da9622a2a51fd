"""The emails replies cause: a held reply, what a reply's commands did, and receipts
(built and sent by project/emails.py)."""

from django.utils import dateformat

from project import emails


def send_held_reply_notice(user):
    """Tell someone a reply of theirs is waiting for review instead of in their journal."""
    emails.send(
        "held_reply",
        {"review_url": emails.absolute_url("entries:review")},
        subject="Daybook: a reply of yours is waiting for review",
        to=[user.email],
    )


def send_command_confirmation(user, confirmations):
    """What the commands at the top of a reply did: "Paused until 10 January. ..."."""
    emails.send(
        "command_confirmation",
        {"confirmations": confirmations, "settings_url": emails.absolute_url("accounts:settings")},
        subject=f"Daybook: {confirmations[0].split('. ')[0].rstrip('.')}",
        to=[user.email],
    )


def send_receipt(user, entries):
    """The day's receipt: which entries replies were saved to, with links to read and edit."""
    days = [
        {
            "entry": entry,
            "read_url": emails.absolute_url(
                "entries:day", entry.date.year, entry.date.month, entry.date.day
            ),
            "edit_url": emails.absolute_url(
                "entries:edit", entry.date.year, entry.date.month, entry.date.day
            ),
        }
        for entry in entries
    ]
    subject = f"Daybook: saved to {dateformat.format(entries[0].date, 'l j F')}"
    if len(entries) > 1:
        subject += f" and {len(entries) - 1} more day{'s' if len(entries) > 2 else ''}"
    emails.send(
        "receipt",
        {"days": days, "settings_url": emails.absolute_url("accounts:settings")},
        subject=subject,
        to=[user.email],
    )
