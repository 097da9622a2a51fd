from django.apps import AppConfig


class EntriesConfig(AppConfig):
    name = "entries"
    verbose_name = "Journal"

    def ready(self):
        # Connects the receivers of steering.reply_filed.
        from entries import receivers  # noqa: F401
