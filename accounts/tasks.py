"""Background work for accounts, run by huey's worker.

What happens after someone deletes their account runs here, after the
deletion has committed: the request that deleted it answers at once, and a
mail provider's outage cannot turn a finished deletion into an error page.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils.timezone import now
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from accounts import emails


@db_task(retries=3, retry_delay=60)
def send_account_deleted(email):
    """Confirm the deletion; it takes the address, as the user row is already gone."""
    emails.send_account_deleted(email)


@db_task()
def delete_sessions_of(user_id):
    """Delete the stored sessions of a deleted user, wherever they were logged in.

    Once the user row is gone no session can log anyone in as them, but a
    session still holds their id and whatever else was kept in it (the
    words of their last search). The id is only inside each session's
    encoded data, so every session has to be read; that is why this runs
    here and not in the request.
    """
    theirs = [
        session.pk
        for session in Session.objects.iterator(chunk_size=1000)
        if session.get_decoded().get(SESSION_KEY) == str(user_id)
    ]
    Session.objects.filter(pk__in=theirs).delete()


@db_periodic_task(crontab(hour="4", minute="41"))
def clear_expired_sessions():
    """Delete sessions past their expiry, with what they held (a search's words, say).

    Django never deletes an expired session by itself; this is its
    clearsessions command, run nightly by the worker.
    """
    deleted, _ = Session.objects.filter(expire_date__lt=now()).delete()
    return deleted


@db_task(retries=3, retry_delay=60)
def send_security_notice(email, **notice):
    """Tell someone their account's security changed; see accounts/receivers.py."""
    emails.send_security_notice(email, **notice)
