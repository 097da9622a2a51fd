"""Daybook as Heroku scales it: separate web and worker processes, one PostgreSQL, one Redis.

Seeds --people people (--due of them due now) plus one person with a sent
prompt per reply, then starts --web gunicorn processes (each as the
Procfile's web line: gunicorn.conf.py) and --workers huey processes (each as
the Procfile's worker line), queues one dispatch pass, and meanwhile posts
Postmark inbound webhooks at --rate per second, spread over the web
processes. Email goes to Django's dummy backend (rendered, not delivered).

It reports the dispatch pass time, prompts sent per second, replies per
second into entries, the webhook's latency percentiles, and checks the
guarantees: exactly one prompt per due person and day, every reply stored
exactly once.

    .venv/bin/python bench/fleet.py [--web 2] [--workers 2] [--people 100000] [--due 10000]

Needs PostgreSQL and Redis on 127.0.0.1. The database named by --database is
dropped and created again; the Redis database of --redis is flushed.
"""

import argparse
import base64
import datetime as dt
import os
import statistics
import sys
import threading
import time
from http.client import HTTPConnection
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import inbound  # noqa: E402

PROCFILE_WORKER = ["--workers", "2", "--graceful-signal", "TERM", "--shutdown-timeout", "20"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--web", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--replies", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=100.0, help="replies posted per second")
    parser.add_argument("--port", type=int, default=19100)
    parser.add_argument("--database", default="h_perf_fleet")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    env = {**inbound.environment(args.database, args.port, args.redis), "BENCH_MAIL": "dummy"}
    inbound.recreate_database(args.database)
    redis.Redis.from_url(args.redis).flushdb()
    seeded = time.perf_counter()
    seed(args.people, args.due, env)
    tokens = inbound.create_people(args.replies, env)
    bodies = [inbound.postmark_payload(n, *prompt) for n, prompt in enumerate(tokens)]
    print(f"seeded in {time.perf_counter() - seeded:.0f} s")

    processes = []
    try:
        for number in range(args.web):
            port = args.port + number
            processes.append(
                inbound.start(inbound.gunicorn_command(port), env, f"fleet-web{number}.log")
            )
        for number in range(args.web):
            inbound.wait_until_up(args.port + number, processes[number])
        for number in range(args.workers):
            command = [sys.executable, "manage.py", "run_huey", *PROCFILE_WORKER]
            processes.append(inbound.start(command, env, f"fleet-worker{number}.log"))
        time.sleep(3)  # the workers connect and start polling
        started = dt.datetime.now(dt.UTC)
        inbound.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "--no-imports",
                "-c",
                "from entries.tasks import dispatch_prompts; dispatch_prompts()",
            ],
            env,
        )
        ports = [args.port + number for number in range(args.web)]
        latencies, wall = post_paced(ports, bodies, args.rate)
        wait_until_done(args.database, args.due, args.replies)
    finally:
        for process in processes:
            inbound.stop(process)
    report(args, load_before, started, latencies, wall)


def seed(people, due, env):
    script = (
        "import datetime as dt\n"
        "from bench import dispatch\n"
        "dispatch.configure()\n"
        "now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)\n"
        f"dispatch.seed({people}, {due}, now)\n"
    )
    inbound.run([sys.executable, "-c", script], {**env, "DJANGO_SETTINGS_MODULE": "bench.settings"})


def post_paced(ports, bodies, rate):
    """Post each body at its moment (rate per second), from enough threads to keep up."""
    headers = {
        "Content-Type": "application/json",
        "Authorization": "Basic " + base64.b64encode(inbound.SECRET.encode()).decode(),
        "X-Forwarded-Proto": "https",
    }
    latencies, failures, lock = [], [], threading.Lock()
    threads_count = 16
    begin = time.perf_counter()

    def worker(index):
        connections = {port: HTTPConnection("127.0.0.1", port, timeout=30) for port in ports}
        for n in range(index, len(bodies), threads_count):
            delay = begin + n / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            connection = connections[ports[n % len(ports)]]
            sent = time.perf_counter()
            connection.request("POST", "/anymail/postmark/inbound/", bodies[n], headers)
            response = connection.getresponse()
            response.read()
            with lock:
                latencies.append(time.perf_counter() - sent)
                if response.status != 200:
                    failures.append(response.status)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        sys.exit(f"{len(failures)} webhook requests failed, e.g. HTTP {failures[0]}.")
    return latencies, time.perf_counter() - begin


def query(database, sql):
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}") as db:
        return db.execute(sql).fetchone()


def wait_until_done(database, due, replies, timeout=1800):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sent, accepted = query(
            database,
            "SELECT (SELECT count(*) FROM entries_prompt"
            "   WHERE status = 'sent' AND message_id NOT LIKE '<p%@bench>'),"
            " (SELECT count(*) FROM entries_inboundmessage WHERE state = 'accepted')",
        )
        if sent >= due and accepted >= replies:
            return
        time.sleep(0.5)
    sys.exit(f"Not done after {timeout} s: {sent} prompts sent, {accepted} replies stored.")


def report(args, load_before, started, latencies, wall):
    db = args.database
    pass_end, last_sent = query(
        db,
        "SELECT max(created), max(sent_at) FROM entries_prompt"
        " WHERE message_id NOT LIKE '<p%@bench>'",
    )
    first_in, last_stored = query(
        db,
        "SELECT min(received), max(processed) FROM entries_inboundmessage WHERE state = 'accepted'",
    )
    # The guarantees, from the database.
    (doubled,) = query(
        db,
        "SELECT count(*) FROM (SELECT user_id, date FROM entries_prompt"
        " GROUP BY user_id, date HAVING count(*) > 1) AS d",
    )
    prompts, sent, people_prompted = query(
        db,
        "SELECT count(*), count(*) FILTER (WHERE status = 'sent'), count(DISTINCT user_id)"
        " FROM entries_prompt WHERE message_id NOT LIKE '<p%@bench>'",
    )
    accepted, distinct_ids, entries_once = query(
        db,
        "SELECT (SELECT count(*) FROM entries_inboundmessage WHERE state = 'accepted'),"
        " (SELECT count(DISTINCT message_id) FROM entries_inboundmessage"
        "   WHERE state = 'accepted'),"
        " (SELECT count(*) FROM entries_entry WHERE body LIKE 'Reply %'"
        "   AND body NOT LIKE '%Reply %Reply %')",
    )
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    pass_seconds = (pass_end - started).total_seconds()
    sending = (last_sent - started).total_seconds()
    storing = (last_stored - first_in).total_seconds()
    print(
        f"{args.web} web + {args.workers} worker processes; {args.people:,} people, "
        f"{args.due:,} due; {args.replies:,} replies at {args.rate:g}/s; "
        f"load average before: {load_before:.1f}, after: {os.getloadavg()[0]:.1f}"
    )
    print(f"dispatch pass: {pass_seconds:.1f} s (queued to last prompt row)")
    print(f"prompts sent: {sent:,} in {sending:.1f} s, {sent / sending:.0f}/s")
    print(f"replies into entries: {accepted:,} in {storing:.1f} s, {accepted / storing:.0f}/s")
    print(
        f"webhook: {len(ordered) / wall:.0f} requests/s offered, p50 {p50:.1f} ms, "
        f"p99 {p99:.1f} ms, max {ordered[-1] * 1000:.1f} ms"
    )
    print(
        f"guarantees: {doubled} person-days with two prompts; {prompts:,} prompts for "
        f"{people_prompted:,} people ({args.due:,} due), {sent:,} sent; {accepted:,} replies "
        f"accepted, {distinct_ids:,} distinct, {entries_once:,} entries hold their reply once"
    )
    ok = (
        doubled == 0
        and prompts == people_prompted == sent == args.due
        and accepted == distinct_ids == entries_once == args.replies
    )
    if not ok:
        sys.exit("A guarantee failed.")


if __name__ == "__main__":
    main()
