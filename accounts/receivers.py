"""What accounts do when allauth reports something about a person: a notice for each
change to how they log in. (The first prompt after a proved address is the journal's
answer, in entries/receivers.py.)"""

from django.db import transaction
from django.utils import timezone

# What each change to an account's security is called in the notice about it:
# (headline, sentence). Recovery codes made along with a first authenticator
# app or passkey get no notice of their own; that one says enough.
AUTHENTICATOR_NOTICES = {
    ("added", "totp"): (
        "an authenticator app was set up",
        "An authenticator app was set up as a second factor for your Daybook account. "
        "From now on, logging in asks for a code from that app too.",
    ),
    ("removed", "totp"): (
        "your authenticator app was removed",
        "The authenticator app was removed from your Daybook account; logging in no longer "
        "asks for its codes.",
    ),
    ("added", "webauthn"): (
        "a passkey was added",
        "A passkey was added to your Daybook account. It can log in on its own, without a code.",
    ),
    ("removed", "webauthn"): (
        "a passkey was removed",
        "A passkey was removed from your Daybook account; it can no longer log in.",
    ),
    ("reset", "recovery_codes"): (
        "new recovery codes were made",
        "New recovery codes were made for your Daybook account, and the old ones no longer work.",
    ),
}


def notify_authenticator_added(sender, request, user, authenticator, **kwargs):
    """A second factor or passkey was added: tell the account's owner."""
    _notify_authenticator_change("added", request, user, authenticator)


def notify_authenticator_removed(sender, request, user, authenticator, **kwargs):
    """A second factor or passkey was removed: tell the account's owner."""
    _notify_authenticator_change("removed", request, user, authenticator)


def notify_authenticator_reset(sender, request, user, authenticator, **kwargs):
    """Recovery codes were made anew: tell the account's owner."""
    _notify_authenticator_change("reset", request, user, authenticator)


def _notify_authenticator_change(change, request, user, authenticator):
    notice = AUTHENTICATOR_NOTICES.get((change, authenticator.type))
    if notice:
        _send_security_notice(request, user.email, *notice)


def notify_email_changed(sender, request, user, from_email_address, to_email_address, **kwargs):
    """The account's address changed: tell both the old address and the new one."""
    old = from_email_address.email if from_email_address else None
    new = to_email_address.email
    sentence = (
        f"Your Daybook account's email address changed from {old} to {new}. Prompts and "
        f"codes now go to {new}."
        if old
        else f"Your Daybook account's email address is now {new}."
    )
    for address in dict.fromkeys(filter(None, [old, new])):
        _send_security_notice(request, address, "your email address changed", sentence)


def notify_password_set(sender, request, user, **kwargs):
    """A password was set where there was none."""
    _send_security_notice(
        request, user.email, "a password was set", "A password was set for your Daybook account."
    )


def notify_password_changed(sender, request, user, **kwargs):
    """The password was changed by someone logged in."""
    _send_security_notice(
        request, user.email, "your password changed", "Your Daybook account's password changed."
    )


def notify_password_reset(sender, request, user, **kwargs):
    """The password was reset with an emailed code."""
    _send_security_notice(
        request, user.email, "your password was reset", "Your Daybook account's password was reset."
    )


def _send_security_notice(request, email, headline, sentence):
    from allauth.account.adapter import get_adapter

    from accounts import devices, tasks

    ip = get_adapter().get_client_ip(request) if request is not None else None
    device = devices.describe(request.headers.get("User-Agent")) if request is not None else None
    when = timezone.now()
    transaction.on_commit(
        lambda: tasks.send_security_notice(
            email, headline=headline, change=sentence, when=when, ip=ip, device=device
        )
    )
