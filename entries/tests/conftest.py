import io
import pathlib
import zipfile

import pytest
from huey.contrib.djhuey import HUEY

from entries.tests.corpus import SAMPLED

SAMPLES = pathlib.Path(__file__).parent / "samples"


@pytest.fixture
def sample():
    """Read a sample export's bytes by file name."""
    return lambda name: (SAMPLES / name).read_bytes()


@pytest.fixture
def dayone_zip():
    """A Day One export zip as the app lays it out: Journal.json beside photos/.

    Built here from samples/dayone/Journal.json so the sample stays readable;
    the photo is a stand-in, since the importer never opens media.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Journal.json", (SAMPLES / "dayone" / "Journal.json").read_bytes())
        archive.writestr(
            "photos/5d41402abc4b2a76b9719d911017c592.jpeg", b"\xff\xd8\xff\xe0 not a real jpeg"
        )
    return buffer.getvalue()


@pytest.fixture
def corpus():
    """The shared corpus folder, or else the few of its files bundled with the tests."""
    return SAMPLED


@pytest.fixture(autouse=True)
def _empty_queue():
    # Tests run tasks immediately, but retries are scheduled for later in
    # huey's in-memory storage, which outlives a test.
    HUEY.flush()
    yield
    HUEY.flush()
