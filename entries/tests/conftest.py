import pytest
from huey.contrib.djhuey import HUEY


@pytest.fixture(autouse=True)
def _empty_queue():
    # Tests run tasks immediately, but retries are scheduled for later in
    # huey's in-memory storage, which outlives a test.
    HUEY.flush()
    yield
    HUEY.flush()
