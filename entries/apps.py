from django.apps import AppConfig


class EntriesConfig(AppConfig):
    name = "entries"
    verbose_name = "Journal"

    def ready(self):
        # Everything the journal listens to, in one place (entries/receivers.py).
        from allauth.account.signals import email_confirmed
        from anymail.signals import inbound

        from accounts.signals import deleting_account
        from entries import receivers
        from entries.mail.pipeline import reply_held

        inbound.connect(receivers.keep_inbound_email, dispatch_uid="entries.keep_inbound_email")
        email_confirmed.connect(receivers.send_first_prompt, dispatch_uid="first-prompt")
        deleting_account.connect(
            receivers.forget_unlinked_mail, dispatch_uid="entries.forget_unlinked_mail"
        )
        reply_held.connect(
            receivers.tell_owner_of_held_reply, dispatch_uid="entries.tell_owner_of_held_reply"
        )
