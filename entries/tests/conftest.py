import pytest

from entries.tests.corpus import ABSENT, CORPUS


@pytest.fixture
def corpus():
    """The shared corpus folder; the test is skipped when it is not there."""
    if CORPUS is None:
        pytest.skip(ABSENT)
    return CORPUS
