"""Why Daybook asks someone to prove it is them again, in words.

allauth's re-authentication pages and emails only say "confirm access". A
view that needs a fresh proof declares what for with reauthenticate_to();
the pages and the emailed code then name that purpose, found from the page
the person is sent back to afterwards (the "next" address).
"""

from urllib.parse import urlsplit

from allauth.account.decorators import reauthentication_required
from django.urls import Resolver404, resolve

# allauth's own views that ask for a fresh proof: setting up or removing a
# second factor or passkey.
MFA_PURPOSE = "change how you log in"


def reauthenticate_to(purpose):
    """allauth's reauthentication_required (GET included), naming the purpose.

    purpose completes "Confirm it's you to ...", e.g. "delete your account".
    """

    def decorator(view):
        guarded = reauthentication_required(allow_get=True)(view)
        guarded.reauthentication_purpose = purpose
        return guarded

    return decorator


def purpose_of(request):
    """What the current re-authentication is for, or None if it does not say."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    # Bounded: a next address longer than any of Daybook's paths is not one.
    path = urlsplit(next_url[:2000]).path
    if not path.startswith("/"):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    view = match.func
    while view is not None:
        purpose = getattr(view, "reauthentication_purpose", None)
        if purpose:
            return purpose
        view = getattr(view, "__wrapped__", None)
    if (match.url_name or "").startswith("mfa_"):
        return MFA_PURPOSE
    return None
