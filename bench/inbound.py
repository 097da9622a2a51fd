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

With --direct N it measures instead what one reply costs the worker, in
this process, with no web server or queue: N replies kept as the pipe keeps
them, then each processed (identify, authenticate, extract, append) one at a
time. It prints the median wall and processor time and the SQL statements
per reply (savepoints included), on SQLite (a scratch file) or, with
--database-url, on PostgreSQL:

    .venv/bin/python bench/inbound.py --direct 500
    .venv/bin/python bench/inbound.py --direct 500 \
        --database-url postgres://postgres@127.0.0.1:5432/h_inbound_direct

Needs PostgreSQL and Redis on 127.0.0.1. The database named by --database is
dropped and created afresh on each run; --redis names the Redis database
for the queue, whose pending tasks are cleared first.
"""

import argparse
import base64
import json
import logging
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
    parser.add_argument("--direct", type=int, metavar="N", help="process N replies in-process")
    parser.add_argument("--database-url", help="with --direct: the database (default SQLite)")
    parser.add_argument(
        "--pipe", type=int, metavar="N", help="run receive_email N times, each a whole process"
    )
    args = parser.parse_args()
    if args.direct:
        direct(args.direct, args.database_url)
        return
    if args.pipe:
        pipe(args.pipe)
        return
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
        insert = measure(url, "/bench/insert/", bodies, args.concurrency)
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
    report("one-INSERT view (the least that keeps a request)", insert)
    webhook_rate = len(replies[0]) / replies[1]
    insert_rate = len(insert[0]) / insert[1]
    print(f"webhook / one-INSERT view: {webhook_rate / insert_rate:.2f}")
    print(f"replies in entries: {stored} of {args.requests}")
    if stored != args.requests:
        sys.exit("Some replies were not stored.")


def reply_mime(n, token, prompt_message_id):
    """The message the pipe would get for the same Gmail-style reply as postmark_payload."""
    return (
        "Authentication-Results: mx; dmarc=pass; spf=pass; dkim=pass\r\n"
        f"From: Person <person{n}@bench.example>\r\n"
        f"To: {token}@{DOMAIN}\r\n"
        "Subject: Re: It's Friday, Nov 27\r\n"
        "Date: Fri, 27 Nov 2026 20:10:00 +0100\r\n"
        f"Message-ID: <reply-{n}@mail.gmail.com>\r\n"
        f"In-Reply-To: {prompt_message_id}\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: text/plain; charset="UTF-8"\r\n\r\n'
        f"Reply {n}: a long walk along the canal, then soup with Ana.\r\n\r\n"
        "Finished the chapter I had been stuck on for a week. Early night.\r\n\r\n"
        f"On Fri, Nov 27, 2026 at 8:00 PM Daybook <{token}@{DOMAIN}> wrote:\r\n\r\n"
        "> ## Reply above this line ##\r\n> It's Friday, Nov 27. How was your day?\r\n"
    ).encode()


def direct(count, database_url):
    """Keep count replies, then process each in this process: wall, CPU and statements."""
    import datetime as dt

    os.environ.update(INBOUND_EMAIL_DOMAIN=DOMAIN, INBOUND_AUTHSERV_IDS="mx")
    if database_url is None:
        scratch = ROOT / "var" / "bench"
        scratch.mkdir(parents=True, exist_ok=True)
        (scratch / "inbound-direct.sqlite3").unlink(missing_ok=True)
        database_url = f"sqlite:///{scratch / 'inbound-direct.sqlite3'}"
    else:
        recreate_database(database_url.rsplit("/", 1)[1])
    sys.path.insert(0, str(ROOT))
    from bench import harness

    harness.start(database_url)
    # One log line per reply would measure the terminal, not Daybook.
    logging.disable(logging.INFO)
    from allauth.account.models import EmailAddress
    from django.db import connection

    from accounts.models import User
    from entries.models import Prompt

    try:
        from entries.mail.pipeline import keep, process
    except ImportError:  # the layout before the package was restructured
        from entries.inbound import keep, process

    users = User.objects.bulk_create(
        User(email=f"person{n}@bench.example", timezone="UTC") for n in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    day = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    Prompt.objects.bulk_create(
        Prompt(user=u, date=day, status="sent", message_id=f"<p{u.pk}@bench>") for u in users
    )
    prompts = Prompt.objects.order_by("user_id").values_list("token", "message_id")
    messages = [keep(reply_mime(n, *prompt), provider="pipe") for n, prompt in enumerate(prompts)]
    walls, cpus, statements = [], [], []

    trace = os.environ.get("BENCH_TRACE")

    def count_statement(execute, sql, params, many, context):
        statements[-1] += 1
        if trace and len(statements) == 20:
            print(sql[:150])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count_statement):
        for message in messages:
            statements.append(0)
            wall, cpu = time.perf_counter(), time.process_time()
            process(message)
            cpus.append(time.process_time() - cpu)
            walls.append(time.perf_counter() - wall)
            if message.state != "accepted":
                sys.exit(f"Message {message.pk} ended {message.state} ({message.reason}).")
    walls, cpus, statements = walls[10:], cpus[10:], statements[10:]
    print(
        f"per reply ({connection.vendor}, {len(walls)} measured): "
        f"wall {statistics.median(walls) * 1000:.2f} ms, "
        f"CPU {statistics.median(cpus) * 1000:.2f} ms, "
        f"statements {statistics.median(statements):.0f}"
    )


def pipe(count):
    """Deliver count replies through `manage.py receive_email`, one process each.

    Reports the median wall time and the largest peak memory (RSS) of one
    process, as the mail server would see them, on a scratch SQLite database.
    """
    scratch = ROOT / "var" / "bench"
    scratch.mkdir(parents=True, exist_ok=True)
    database = scratch / "pipe.sqlite3"
    database.unlink(missing_ok=True)
    env = {
        **os.environ,
        **environment("unused", 0, ""),
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "INBOUND_EMAIL_DOMAIN": DOMAIN,
    }
    del env["REDIS_URL"]
    run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    prompts = create_people(count, env)
    walls, peaks = [], []
    for n, prompt in enumerate(prompts):
        started = time.perf_counter()
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "receive_email", "--recipient", f"{prompt[0]}@{DOMAIN}"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        process.stdin.write(reply_mime(n, *prompt))
        process.stdin.close()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        walls.append(time.perf_counter() - started)
        peaks.append(usage.ru_maxrss / 1024)
        if process.returncode != 0:
            sys.exit(f"receive_email exited {process.returncode}.")
    print(
        f"receive_email ({count} processes): wall {statistics.median(walls):.3f} s, "
        f"peak RSS {max(peaks):.0f} MiB"
    )


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
