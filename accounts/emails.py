"""The emails accounts send (built and sent by project/emails.py)."""

from project import emails


def send_account_deleted(email):
    """Confirm to someone who left that their account and journal are gone.

    Takes the address, not the user: by the time this is sent, the user is.
    """
    emails.send(
        "account_deleted",
        {"email": email},
        subject="Daybook: your account is deleted",
        to=[email],
    )
