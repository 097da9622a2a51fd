from django.apps import AppConfig


class EntriesConfig(AppConfig):
    name = "entries"
    verbose_name = "Journal"

    def ready(self):
        # Everything the journal listens to, in one place (entries/receivers.py).
        # Mail from providers comes in through entries/webhooks.py, not a signal.
        from allauth.account.signals import email_confirmed

        from accounts.signals import deleting_account
        from entries import receivers
        from entries.mail.pipeline import another_email_kept, reply_held
        from entries.models.photo import photo_kept

        email_confirmed.connect(receivers.send_first_prompt, dispatch_uid="first-prompt")
        deleting_account.connect(
            receivers.forget_unlinked_mail, dispatch_uid="entries.forget_unlinked_mail"
        )
        reply_held.connect(
            receivers.tell_owner_of_held_reply, dispatch_uid="entries.tell_owner_of_held_reply"
        )
        another_email_kept.connect(
            receivers.process_another_email, dispatch_uid="entries.process_another_email"
        )
        photo_kept.connect(receivers.develop_photo, dispatch_uid="entries.develop_photo")
