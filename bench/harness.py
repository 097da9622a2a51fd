"""Start Django for a bench script: production settings, a database of its choice.

The bench measures what production would do (DEBUG off, cached templates,
persistent database connections), so it sets the environment production
needs with harmless values. Three things differ, each because a script is
not a deployment: no HTTPS redirect, no secure-only cookies (the browser
talks plain HTTP to 127.0.0.1), and static files read from the source
folders instead of a collectstatic manifest.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_LIKE = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-that-is-long-enough-and-never-deployed-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SITE_URL": "http://127.0.0.1",
    "DEFAULT_FROM_EMAIL": "Daybook <daybook@localhost>",
    "INBOUND_EMAIL_DOMAIN": "reply.localhost",
    "ANYMAIL_WEBHOOK_SECRET": "bench:bench",
    # Production refuses console email; any mail a bench causes is kept as files.
    "EMAIL_PROVIDER": "file",
    "EMAIL_FILE_PATH": str(ROOT / "var" / "bench" / "mail"),
    "MEDIA_ROOT": str(ROOT / "var" / "bench" / "media"),
}


def start(database_url):
    os.environ.update(PRODUCTION_LIKE, DATABASE_URL=database_url)
    os.environ["DJANGO_SETTINGS_MODULE"] = "project.settings"
    sys.path.insert(0, str(ROOT))

    import django
    from django.test.utils import override_settings

    django.setup()
    from django.conf import settings

    storages = {**settings.STORAGES}
    storages["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(
        STORAGES=storages,
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
    ).enable()

    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
