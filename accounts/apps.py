from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from allauth.account import signals as account
        from allauth.mfa import signals as mfa

        from accounts import receivers

        # Security notices, in Daybook's words (allauth's own are turned off).
        for signal, receiver in [
            (mfa.authenticator_added, receivers.notify_authenticator_added),
            (mfa.authenticator_removed, receivers.notify_authenticator_removed),
            (mfa.authenticator_reset, receivers.notify_authenticator_reset),
            (account.email_changed, receivers.notify_email_changed),
            (account.password_set, receivers.notify_password_set),
            (account.password_changed, receivers.notify_password_changed),
            (account.password_reset, receivers.notify_password_reset),
        ]:
            signal.connect(receiver, dispatch_uid=receiver.__name__)
