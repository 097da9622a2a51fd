"""The WSGI application that gunicorn serves (see gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
# Before settings load: this process answers requests, so its database
# statements get the web time limits (see project/databases.py).
os.environ["DAYBOOK_PROCESS"] = "web"

application = get_wsgi_application()
