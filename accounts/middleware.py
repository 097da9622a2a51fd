"""Keeping "Where you're logged in" current without writing on every request."""

from allauth.usersessions.models import UserSession
from django.core.cache import cache
from django.utils import timezone

# How stale "last active" on the sessions page may be, in seconds.
ACTIVITY_INTERVAL = 5 * 60


def session_activity(get_response):
    """Record, at most every few minutes, that a logged-in session is in use.

    allauth's own activity tracking (USERSESSIONS_TRACK_ACTIVITY) reads and
    writes a row on every request a logged-in person makes. The sessions page
    only needs to say roughly when each browser was last seen, so this writes
    once per session per ACTIVITY_INTERVAL, remembered in the shared cache;
    the requests in between cost one cache read. It also records sessions that
    began without allauth's log-in (an admin's, or a test's force_login).
    """

    def middleware(request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key and request.user.is_authenticated:
            key = f"usersession-seen:{session.session_key}"
            now = timezone.now().timestamp()
            # The time seen is kept in the value, not only as the key's expiry,
            # so that the interval follows Django's clock (and the tests').
            if now - cache.get(key, 0) >= ACTIVITY_INTERVAL:
                cache.set(key, now, ACTIVITY_INTERVAL)
                UserSession.objects.create_from_request(request, user=request.user, session=session)
        return get_response(request)

    return middleware
