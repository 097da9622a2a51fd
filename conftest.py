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
