import io
import pathlib
import socket
import subprocess
import sys
import time
import uuid
import zipfile

import boto3
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


# The ports this project's tests may listen on, and how long moto may take to start.
MOTO_PORTS = range(18700, 18710)
MOTO_START_SECONDS = 30


def _free_port():
    for port in MOTO_PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.fail(f"No free port for the S3 server in {MOTO_PORTS}")


@pytest.fixture(scope="session")
def s3_server():
    """moto's standalone S3 server on a free local port: a real S3 API over HTTP."""
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + MOTO_START_SECONDS
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail("moto's S3 server did not start")
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(10)


@pytest.fixture
def s3_storage(s3_server, settings):
    """Photos stored in a fresh bucket on the moto server, as production stores them."""
    bucket = f"daybook-test-{uuid.uuid4().hex[:12]}"
    options = {
        "bucket_name": bucket,
        "access_key": "testing",
        "secret_key": "testing",
        "region_name": "us-east-1",
        "endpoint_url": s3_server,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
        "signature_version": "s3v4",
        "addressing_style": "path",
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=bucket)
    settings.AWS_STORAGE_BUCKET_NAME = bucket
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    client.bucket = bucket
    return client
