from django.apps import AppConfig


class EntriesConfig(AppConfig):
    name = "entries"
    verbose_name = "Journal"

    def ready(self):
        # Connects the inbound-email signal that provider webhooks send.
        from entries import receivers  # noqa: F401
