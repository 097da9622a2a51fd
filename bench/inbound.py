"""How many replies per second Daybook stores, and how fast it answers each webhook.

Serves Daybook with gunicorn (the production configuration, bound to
127.0.0.1 only) on PostgreSQL, with a huey worker on Redis, as on Heroku.
Posts N realistic Postmark inbound requests, each a Gmail-style reply from a
different person, and reports:

* the webhook: requests per second and latency percentiles (each answer
  means the message is committed to the database and its processing queued);
* the worker: replies into their entries per second, from its start until
  the last one lands (the web and worker each measured alone, as each has its
  own dyno in production);
* the same requests against a bare Django view on the same server: the ceiling.

    .venv/bin/python bench/inbound.py [--requests 2000] [--concurrency 8]

Needs PostgreSQL and Redis on 127.0.0.1. The database named by --database is
dropped and created afresh on each run; --redis names the Redis database
for the queue, whose pending tasks are cleared first.
"""

import argparse
import base64
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench:bench"  # noqa: S105 (a loopback-only server, made for this run)
DOMAIN = "reply.bench.example"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, default=8922)
    parser.add_argument("--database", default="h_inbound_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/2")
    parser.add_argument(
        "--worker",
        default="--workers 2 --worker-type process",
        help="run_huey options (processing is CPU-bound: processes use both cores)",
    )
    args = parser.parse_args()
    if not 1 <= args.requests <= 20000:
        sys.exit("--requests must be between 1 and 20000.")

    # The machine may be shared; the figures mean little without this.
    load_before = os.getloadavg()[0]
    env = environment(args.database, args.port, args.redis)
    recreate_database(args.database)
    redis.Redis.from_url(args.redis).flushdb()
    run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    tokens = create_people(args.requests, env)
    bodies = [postmark_payload(n, *prompt) for n, prompt in enumerate(tokens)]

    # On Heroku the web and worker dynos have their own CPUs; here they share
    # two, so each is measured alone: the webhook first, then the worker's drain.
    server = start(gunicorn_command(args.port), env, "bench-gunicorn.log")
    try:
        wait_until_up(args.port, server)
        url = f"http://127.0.0.1:{args.port}"
        replies = measure(url, "/anymail/postmark/inbound/", bodies, args.concurrency)
        bare = measure(url, "/bench/bare/", bodies, args.concurrency)
    finally:
        stop(server)
    started = time.perf_counter()
    worker = start(
        [sys.executable, "manage.py", "run_huey", *args.worker.split()], env, "bench-huey.log"
    )
    try:
        stored, drained = wait_for_entries(args.database, args.requests, started)
    finally:
        stop(worker)

    print(f"requests: {args.requests}, concurrency: {args.concurrency}, cores: {os.cpu_count()}")
    print(f"load average before: {load_before:.1f}; worker: run_huey {args.worker}")
    report("Daybook webhook (kept and queued)", replies)
    print(f"worker: {stored / drained:.0f} replies/s into entries ({drained:.1f} s for all)")
    report("bare Django view (ceiling)", bare)
    print(f"replies in entries: {stored} of {args.requests}")
    if stored != args.requests:
        sys.exit("Some replies were not stored.")


def environment(database, port, redis_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DEFAULT_FROM_EMAIL": "daybook@bench.example",
        "INBOUND_EMAIL_DOMAIN": DOMAIN,
        "ANYMAIL_WEBHOOK_SECRET": SECRET,
        "MEDIA_ROOT": str(ROOT / "var" / "bench" / "media"),
        # The replies' Authentication-Results come from "mx": trusted, so they are appended.
        "INBOUND_AUTHSERV_IDS": "mx",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "REDIS_URL": redis_url,
        # Production refuses console email; any mail this causes is kept as files.
        "EMAIL_PROVIDER": "file",
        "EMAIL_FILE_PATH": str(ROOT / "var" / "bench" / "mail"),
        # Sending goes to files, so the webhook to answer is named here.
        "INBOUND_PROVIDERS": "postmark,mailgun",
        "PYTHONPATH": str(ROOT),
    }


def run(command, env, **kwargs):
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)  # noqa: S603


def recreate_database(name):
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')


def create_people(count, env):
    """One verified person with one sent prompt per request: (token, Message-ID) of each."""
    script = f"""
import datetime as dt
from allauth.account.models import EmailAddress
from accounts.models import User
from entries.models import Prompt
users = User.objects.bulk_create(
    User(email=f"person{{n}}@bench.example", timezone="Europe/Paris") for n in range({count})
)
EmailAddress.objects.bulk_create(
    EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
)
prompts = Prompt.objects.bulk_create(
    Prompt(user=u, date=dt.date(2026, 11, 27), status="sent", message_id=f"<p{{u.pk}}@bench>")
    for u in users
)
print(" ".join(f"{{p.token}},{{p.message_id}}" for p in prompts))
"""
    result = run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        env,
        capture_output=True,
        text=True,
    )
    return [line.split(",") for line in result.stdout.split()]


def postmark_payload(n, token, prompt_message_id):
    """What Postmark posts for a Gmail reply: a couple of paragraphs above the quoted prompt."""
    text = (
        f"Reply {n}: a long walk along the canal, then soup with Ana.\n\n"
        "Finished the chapter I had been stuck on for a week. Early night.\n\n"
        f"On Fri, Nov 27, 2026 at 8:00 PM Daybook <{token}@{DOMAIN}> wrote:\n\n"
        "> ## Reply above this line ##\n> It's Friday, Nov 27. How was your day?\n"
    )
    return json.dumps(
        {
            "FromFull": {"Email": f"person{n}@bench.example", "Name": "Person", "MailboxHash": ""},
            "ToFull": [{"Email": f"{token}@{DOMAIN}", "Name": "", "MailboxHash": ""}],
            "OriginalRecipient": f"{token}@{DOMAIN}",
            "Subject": "Re: It's Friday, Nov 27",
            "MessageID": f"bench-{n}",
            "Date": "Fri, 27 Nov 2026 20:10:00 +0100",
            "TextBody": text,
            "HtmlBody": "",
            "Headers": [
                {"Name": "Message-ID", "Value": f"<reply-{n}@mail.gmail.com>"},
                {"Name": "In-Reply-To", "Value": prompt_message_id},
                {"Name": "Authentication-Results", "Value": "mx; dmarc=pass; spf=pass; dkim=pass"},
            ],
        }
    ).encode()


def gunicorn_command(port):
    return [
        str(ROOT / ".venv/bin/gunicorn"),
        "project.wsgi",
        "--config",
        "gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "/dev/null",
        "--log-level",
        "warning",
    ]


def start(command, env, log_name):
    # Daybook logs a line per reply; logs go to var/, not into the report.
    log = (ROOT / "var" / log_name).open("w")
    return subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log
    )


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def wait_until_up(port, server):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/up", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not start within 30 seconds (see var/bench-gunicorn.log).")


def wait_for_entries(database, expected, started, timeout=600):
    """How many replies reached their entries, and how long after the first request."""
    deadline = time.monotonic() + timeout
    stored = 0
    while time.monotonic() < deadline:
        stored = count_stored(database)
        if stored >= expected:
            break
        time.sleep(0.1)
    return stored, time.perf_counter() - started


def measure(url, path, bodies, concurrency):
    """Post every body once, from `concurrency` keep-alive connections; latencies and wall time."""
    headers = {
        "Content-Type": "application/json",
        "Authorization": "Basic " + base64.b64encode(SECRET.encode()).decode(),
        # As Heroku's router says; production settings redirect plain HTTP.
        "X-Forwarded-Proto": "https",
    }
    latencies, failures, lock = [], [], threading.Lock()
    host, port = url.removeprefix("http://").split(":")

    def worker(share):
        connection = HTTPConnection(host, int(port), timeout=30)
        for body in share:
            started = time.perf_counter()
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if response.status != 200:
                    failures.append(response.status)
        connection.close()

    threads = [
        threading.Thread(target=worker, args=(bodies[i::concurrency],)) for i in range(concurrency)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if failures:
        sys.exit(f"{len(failures)} requests to {path} failed, e.g. HTTP {failures[0]}.")
    return latencies, wall


def report(name, result):
    latencies, wall = result
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    print(
        f"{name}: {len(ordered) / wall:.0f} requests/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
        f"max {ordered[-1] * 1000:.1f} ms"
    )


def count_stored(database):
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}") as db:
        return db.execute(
            "SELECT count(*) FROM entries_inboundmessage WHERE state = 'accepted'"
        ).fetchone()[0]


if __name__ == "__main__":
    main()
