"""Daybook's own settings plus one bare view, for bench/inbound.py only.

The bare view answers without touching the database: the ceiling that
gunicorn and Django's middleware allow on this machine, to compare the
webhook against. It is never part of the production URLs.
"""

from project.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
