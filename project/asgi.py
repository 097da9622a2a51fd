"""The ASGI application, for servers that speak ASGI. Daybook runs on WSGI."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
# Before settings load: this process answers requests, so its database
# statements get the web time limits (see project/databases.py).
os.environ["DAYBOOK_PROCESS"] = "web"

application = get_asgi_application()
