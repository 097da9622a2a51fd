"""The email the inbound pipeline causes (built and sent by project/emails.py)."""

from project import emails


def send_held_reply_notice(user):
    """Tell someone a reply of theirs is waiting for review instead of in their journal."""
    emails.send(
        "held_reply",
        {"review_url": emails.absolute_url("entries:review")},
        subject="Daybook: a reply of yours is waiting for review",
        to=[user.email],
    )
