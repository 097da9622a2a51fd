"""One-time tokens that make sending a form twice save it once."""

import secrets

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, models, transaction

# Long enough to cover a retry and a "resend form" after the back button;
# the nightly task forgets older ones.
KEEP_DAYS = 2
SALT = "entries.form_token"


def new_form_token(user):
    """A fresh token for one form, naming (signed) whose form it is.

    The name lets a form sent after the session expired be handed back to
    the same person only, once they log in again (see entries/unsent.py).
    """
    return signing.Signer(salt=SALT).sign(f"{user.pk}:{secrets.token_urlsafe(12)}")


def writer_of(token):
    """The id of the user a token was made for, or None for a token not made here."""
    try:
        return int(signing.Signer(salt=SALT).unsign(token or "").split(":")[0])
    except (signing.BadSignature, ValueError):
        return None


class AlreadySent(Exception):
    """The form with this token was saved before; `sent` is the first save's record."""

    def __init__(self, sent):
        super().__init__("This form was already sent.")
        self.sent = sent


class SentFormQuerySet(models.QuerySet):
    def claim(self, user, token, date):
        """Record that the form with this token is being saved, or raise AlreadySent.

        Call it inside the transaction that saves the form: the unique
        constraint makes a concurrent repeat wait for the first save and then
        fail here, and a save that fails takes its claim with it, so the form
        can be sent again. A missing token (a page opened before tokens
        existed) claims nothing: the form still saves.
        """
        if not token:
            return None
        try:
            with transaction.atomic():
                return self.create(user=user, token=token, date=date)
        except IntegrityError:
            raise AlreadySent(self.get(user=user, token=token)) from None


class SentForm(models.Model):
    """A write or edit form that was saved: its token, and the day it saved."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=100)
    date = models.DateField()
    created = models.DateTimeField(auto_now_add=True)

    objects = SentFormQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="form_sent_once"),
        ]

    def __str__(self):
        return f"Form sent {self.created:%Y-%m-%d %H:%M} for {self.date:%Y-%m-%d}"
