"""A write or edit form sent after the session expired keeps its text.

Without this, Save on a form left open past the session's end sends the
person to log in, and the words they typed are gone. Instead the text waits
in the new, anonymous session (for an hour at most), and the form's page
hands it back after the log-in, by password or by code: Django's login keeps
the session's data when it starts the logged-in session. One more press of
Save saves it.

The session, rather than the browser alone, because it works without
JavaScript and across the log-in's redirects. The text is handed back only
to the person whose form it was: the form's token names them, signed, so on
a shared computer someone else logging in next does not find it.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login

from entries.models import writer_of

SESSION_KEY = "unsent_form"
WAIT_SECONDS = 60 * 60
FIELDS = ("date", "body", "version", "token")


def login_required_keeping_text(view=None, *, page=None):
    """login_required, except that a form posted without a session keeps its text.

    `page(request)` names the page the form belongs to when it was posted
    elsewhere (the preview): the text waits for that page, and the log-in
    returns there, since the posting address answers POST only.
    """
    if view is None:
        return lambda view: login_required_keeping_text(view, page=page)
    guarded = login_required(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and not request.user.is_authenticated:
            path = page(request) if page else request.path
            writer = writer_of(request.POST.get("token"))
            if writer is not None and request.POST.get("body", "").strip():
                request.session[SESSION_KEY] = {
                    "path": path,
                    "writer": writer,
                    **{name: request.POST.get(name, "") for name in FIELDS},
                }
                request.session.set_expiry(WAIT_SECONDS)
            return redirect_to_login(path if page else request.get_full_path())
        return guarded(request, *args, **kwargs)

    return wrapper


def take_unsent(request):
    """The fields of this page's form as sent before the log-in, once; None if there are none."""
    unsent = request.session.get(SESSION_KEY)
    if not unsent or unsent.get("path") != request.path:
        return None
    del request.session[SESSION_KEY]
    if unsent.get("writer") != request.user.pk:
        return None
    return {name: unsent.get(name, "") for name in FIELDS}
