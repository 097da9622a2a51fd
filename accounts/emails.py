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


# Account email: codes, and notices about an account's security. allauth
# decides when they go (accounts/adapter.py and accounts/receivers.py hand
# them here); what they say is Daybook's.


def send_login_code(email, code, *, purpose=None):
    """A code to log in with, or, with a purpose, to confirm it is you before a change."""
    subject = f"Daybook: your code to {purpose}" if purpose else "Daybook: your code to log in"
    emails.send("login_code", {"code": code, "purpose": purpose}, subject=subject, to=[email])


def send_address_code(email, code, *, signup):
    """A code that proves an address is yours: a new account's, or one you are adding."""
    subject = "your code to finish signing up" if signup else "confirm this address"
    emails.send(
        "address_code",
        {"code": code, "signup": signup},
        subject=f"Daybook: {subject}",
        to=[email],
    )


def send_password_reset_code(email, code):
    """A code to choose a new password with."""
    emails.send(
        "password_reset_code",
        {"code": code},
        subject="Daybook: your code to reset your password",
        to=[email],
    )


def send_no_account(email):
    """Someone asked for a code for an address that has no account: say so, offer sign-up.

    The page they saw did not say whether the account exists (that would tell
    anyone who types an address); only the owner of the inbox learns it here.
    """
    emails.send(
        "no_account",
        {"email": email, "signup_url": emails.absolute_url("account_signup")},
        subject="Daybook: there is no account for this address",
        to=[email],
    )


def send_account_exists(email):
    """Someone tried to sign up with an address that already has an account."""
    emails.send(
        "account_exists",
        {"email": email, "login_url": emails.absolute_url("account_login")},
        subject="Daybook: you already have an account",
        to=[email],
    )


def send_security_notice(email, *, headline, change, when, ip, device):
    """Tell someone their account's security changed, and what to do if it was not them.

    headline is short ("a passkey was added"), change a sentence that says
    more; when, ip and device say where the change came from, as far as the
    server can tell.
    """
    emails.send(
        "security_notice",
        {
            "change": change,
            "when": when,
            "ip": ip,
            "device": device,
            "security_url": emails.absolute_url("mfa_index"),
            "sessions_url": emails.absolute_url("usersessions_list"),
        },
        subject=f"Daybook: {headline}",
        to=[email],
    )
