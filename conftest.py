"""Fixtures every test may use."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _isolated_cache():
    # Rate limits live in the cache; on Redis it outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Photos a test stores land in its own folder, never in var/media/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _trusted_mail_server_and_no_dns(settings, monkeypatch):
    # Test replies carry this server's Authentication-Results (entries/tests/mail.py).
    settings.INBOUND_AUTHSERV_IDS = ["mx.daybook.test"]
    # DKIM keys come from a dict a test fills in (entries/tests/dkim.py), never from DNS.
    monkeypatch.setattr("entries.mail.authentication.lookup_txt", lambda name, timeout=0: None)
