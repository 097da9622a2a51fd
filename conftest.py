"""Fixtures every test may use."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _isolated_cache():
    # Rate limits live in the cache; on Redis it outlives a test.
    cache.clear()
    yield
    cache.clear()
