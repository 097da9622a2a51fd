"""For allauth's pages: what a re-authentication is for, which device a session is, passkeys."""

from allauth.mfa.models import Authenticator
from django import template

from accounts import devices, reauthentication

register = template.Library()


@register.simple_tag(takes_context=True)
def reauthentication_purpose(context):
    """What the page asking for a fresh proof is for ("delete your account"), or None."""
    return reauthentication.purpose_of(context["request"])


@register.filter
def device(user_agent):
    """ "Firefox on Windows", from a session's User-Agent header."""
    return devices.describe(user_agent)


@register.filter
def has_passkeys(user):
    """Whether someone has a passkey, so a page may offer to use one."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).exists()
