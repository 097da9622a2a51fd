from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from allauth.account.signals import email_confirmed

        from accounts import receivers

        email_confirmed.connect(receivers.send_first_prompt, dispatch_uid="first-prompt")
