"""How fast hostile inbound webhooks are answered and finished, and what a big anonymous post costs.

Serves Daybook with gunicorn (production settings, 127.0.0.1 only) on
PostgreSQL, and reports:

* for each hostile but authenticated webhook request (a From: of 100,000
  encoded words, a Subject of as many, deep MIME nesting, unknown charsets,
  NUL bytes): the time to the webhook's answer, then the time the worker
  takes to bring its message to a final state, and that state;
* the peak resident memory of the gunicorn worker that receives one
  anonymous 60 MB form post to /accounts/login/, and the answer it gets.

    .venv/bin/python bench/hostile.py [--port 18100] [--database h_webhook]

The database named by --database is dropped and created afresh.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import sys
import time
from http.client import HTTPConnection
from pathlib import Path

import redis

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.inbound import (
    DOMAIN,
    ROOT,
    SECRET,
    create_people,
    environment,
    gunicorn_command,
    recreate_database,
    run,
    start,
    stop,
    wait_until_up,
)

MAILGUN_KEY = "bench-mailgun-signing-key"
FLOOD = " ".join("=?utf-8?q?a=C3=A9?=" for _ in range(100_000))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=18100)
    parser.add_argument("--database", default="h_webhook")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/1")
    parser.add_argument("--login-mb", type=int, default=60)
    parser.add_argument(
        "--settings",
        default="bench.settings",
        help="settings module (to compare with, e.g., an older upload limit)",
    )
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    env = {
        **environment(args.database, args.port, args.redis),
        "WEB_CONCURRENCY": "1",
        "MAILGUN_WEBHOOK_SIGNING_KEY": MAILGUN_KEY,
        "DJANGO_SETTINGS_MODULE": args.settings,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    recreate_database(args.database)
    redis.Redis.from_url(args.redis).flushdb()
    run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    [(token, prompt_id)] = create_people(1, env)
    server = start(gunicorn_command(args.port), env, "bench-hostile-gunicorn.log")
    try:
        wait_until_up(args.port, server)
        print(f"load average before: {load_before:.1f}; cores: {os.cpu_count()}")
        answered = {}
        for name, path, body, content_type in hostile_requests(token, prompt_id):
            status, seconds = post(args.port, path, body, content_type, authenticated=True)
            answered[name] = (status, seconds, len(body))
        worker = worker_pid(server.pid)
        before = rss(worker)
        status, seconds = post(
            args.port,
            "/accounts/login/",
            b"email=a%40example.com&password=" + b"x" * (args.login_mb * 1024 * 1024),
            "application/x-www-form-urlencoded",
            authenticated=False,
        )
        peak = peak_rss(worker)
    finally:
        stop(server)
    print(f"anonymous {args.login_mb} MB POST /accounts/login/: HTTP {status} in {seconds:.2f} s;")
    print(f"  gunicorn worker RSS {before:.0f} MB before, peak {peak:.0f} MB")
    finished = finish_in_worker(env)
    redis.Redis.from_url(args.redis).flushdb()
    for name, (status, seconds, size) in answered.items():
        state, took = finished.get(name, ("?", 0))
        print(
            f"{name} ({size / 1024:.0f} KB): HTTP {status} in {seconds * 1000:.0f} ms; "
            f"worker {took * 1000:.0f} ms -> {state}"
        )


def hostile_requests(token, prompt_id):
    address = f"{token}@{DOMAIN}"

    def postmark(name, **fields):
        event = {
            "FromFull": {"Email": "person0@bench.example", "Name": "Person"},
            "ToFull": [{"Email": address, "Name": ""}],
            "OriginalRecipient": address,
            "Subject": "Re: It's Friday",
            "MessageID": name,
            "TextBody": "A day.",
            "Headers": [{"Name": "In-Reply-To", "Value": prompt_id}],
            **fields,
        }
        return name, "/anymail/postmark/inbound/", json.dumps(event).encode(), "application/json"

    def mailgun(name, raw):
        boundary = "BenchBoundary"
        timestamp, token = str(int(time.time())), name.ljust(50, "x")
        signature = hmac.new(
            MAILGUN_KEY.encode(), f"{timestamp}{token}".encode(), hashlib.sha256
        ).hexdigest()
        fields = {
            "timestamp": timestamp,
            "token": token,
            "signature": signature,
            "body-mime": raw,
            "recipient": address,
            "sender": "person0@bench.example",
        }
        body = "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
            for key, value in fields.items()
        )
        return (
            name,
            "/anymail/mailgun/inbound_mime/",
            (body + f"--{boundary}--\r\n").encode("utf-8", "surrogateescape"),
            f"multipart/form-data; boundary={boundary}",
        )

    head = f"From: Person <person0@bench.example>\r\nTo: {address}\r\nSubject: Re\r\n"
    nested = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n" * 20_000
    yield postmark("postmark-from-flood", FromFull={"Email": "x@y.example", "Name": FLOOD})
    yield postmark("postmark-subject-flood", Subject=FLOOD)
    yield postmark("postmark-nul-bytes", TextBody="nul \x00 text", Subject="a\x00b")
    yield postmark(
        "postmark-undefined-charset", Headers=[{"Name": "X-Odd", "Value": "=?undefined?q?a?="}]
    )
    yield mailgun(
        "mime-from-flood", f"From: {FLOOD} <person0@bench.example>\r\nTo: {address}\r\n\r\nHi\r\n"
    )
    yield mailgun("mime-deep-nesting", head + nested + "A day.\r\n")
    yield mailgun(
        "mime-undefined-charset",
        head + 'Content-Type: text/plain; charset="undefined"\r\n\r\nA day.\r\n',
    )
    yield mailgun(
        "mime-long-message-id",
        head + "Message-ID: <" + "m" * 5000 + "@x>\r\n\r\nA day.\r\n",
    )


def post(port, path, body, content_type, *, authenticated):
    headers = {"Content-Type": content_type, "X-Forwarded-Proto": "https"}
    if authenticated:
        headers["Authorization"] = "Basic " + base64.b64encode(SECRET.encode()).decode()
    else:
        # What anyone can send to get past the CSRF checks that need no body
        # (a same-site Referer, any cookie), so that the form is read.
        headers["Referer"] = f"https://127.0.0.1:{port}/accounts/login/"
        headers["Cookie"] = "csrftoken=" + "a" * 32
    connection = HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        status = response.status
    except (BrokenPipeError, ConnectionResetError):
        status = "connection closed"
    seconds = time.perf_counter() - started
    connection.close()
    return status, seconds


def worker_pid(master):
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def rss(pid):
    return _status(pid, "VmRSS")


def peak_rss(pid):
    return _status(pid, "VmHWM")


def _status(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0


def finish_in_worker(env):
    """Process every kept message as the worker would, timing each: {event name: (state, s)}."""
    script = """
import time
from entries.mail import pipeline
from entries.models import InboundMessage
for message in InboundMessage.objects.order_by("pk"):
    started = time.perf_counter()
    try:
        pipeline.process(message)
    except Exception as error:
        print("error", type(error).__name__)
    message.refresh_from_db()
    took = time.perf_counter() - started
    print(message.pk, message.state, message.reason.replace(" ", "_") or "-", took)
"""
    result = run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        env,
        capture_output=True,
        text=True,
    )
    names = [name for name, *_ in hostile_requests("t", "<p@x>")]
    rows = [line.split() for line in result.stdout.splitlines() if line[:1].isdigit()]
    return {
        name: (f"{state} ({reason})", float(took))
        for name, (_, state, reason, took) in zip(names, rows, strict=False)
    }


if __name__ == "__main__":
    main()
