"""Where allauth asks Daybook how to do things: its emails, and its names for things.

allauth renders its own emails from templates written for any site ("Hello
from example.com!"). Here each of its messages is handed to the matching
function in accounts/emails.py instead, so account email reads like the rest
of Daybook's, in plain text and HTML.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from accounts import emails, reauthentication


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": "Too many tries. Wait a few minutes, then try again.",
        "rate_limited": "Too many tries in a short time. Wait a minute, then try again.",
    }

    def send_mail(self, template_prefix, email, context):
        name = template_prefix.rpartition("/")[2]
        code = context.get("code")
        if name == "login_code":
            purpose = "log in"
            if context.get("reauthentication"):
                purpose = reauthentication.purpose_of(allauth_context.request) or "confirm it's you"
            emails.send_login_code(email, code, purpose=purpose)
        elif name in ("email_confirmation_signup", "email_confirmation"):
            emails.send_address_code(email, code, signup=name.endswith("signup"))
        elif name == "password_reset_code":
            emails.send_password_reset_code(email, code)
        elif name == "unknown_account":
            emails.send_no_account(email)
        elif name == "account_already_exists":
            emails.send_account_exists(email)
        else:  # pragma: no cover - Daybook's settings make allauth send no other mail
            super().send_mail(template_prefix, email, context)

    def get_reauthentication_methods(self, user):
        methods = super().get_reauthentication_methods(user)
        for method in methods:
            method["description"] = REAUTHENTICATION_WORDS.get(method["id"], method["description"])
        return methods


# The ways to prove it is you again, as Daybook's pages offer them.
REAUTHENTICATION_WORDS = {
    "reauthenticate": "Use your password",
    "reauthenticate_by_code": "Email me a code",
    "mfa_reauthenticate": "Use your authenticator app or a recovery code",
    "mfa_reauthenticate:webauthn": "Use a passkey",
}


class MFAAdapter(DefaultMFAAdapter):
    def _get_site_name(self):
        # What an authenticator app and the browser's passkey prompt call us,
        # rather than the host name.
        return "Daybook"

    def generate_authenticator_name(self, user, type):
        count = Authenticator.objects.filter(user_id=user.pk, type=type).count()
        return f"Passkey {count + 1}"
