"""Daybook's own settings plus one bare view, for bench/inbound.py only.

The bare view answers without touching the database: the ceiling that
gunicorn and Django's middleware allow on this machine, to compare the
webhook against. It is never part of the production URLs.
"""

import os

from project.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

if os.environ.get("BENCH_MAIL") == "dummy":
    # bench/fleet.py: prompts are rendered and handed to a backend that drops them.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
