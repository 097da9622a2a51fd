"""An email backend that keeps every message as its own .eml file.

Django's file backend appends a whole session of messages to one log file.
One file per message is what you want to open in a mail client, attach to a
bug report, or feed back in with `manage.py receive_email < file.eml`.
"""

import os
import tempfile
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmlFileBackend(BaseEmailBackend):
    def __init__(self, *, file_path, **kwargs):
        super().__init__(**kwargs)
        self.file_path = Path(file_path)

    def send_messages(self, email_messages):
        self.file_path.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:12]}.eml"
            self._write_atomically(self.file_path / name, message.message().as_bytes())
        return len(email_messages)

    def _write_atomically(self, path, data):
        # Whoever watches the folder must never open a half-written message.
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
