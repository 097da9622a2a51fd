"""Benchmark one prompt dispatch pass: 100,000 people, 10,000 of them due.

Seeds people with random timezones, send times and weekdays, all verified,
making exactly --due of them due now (their send time fell in the last few
minutes) and the rest due later. Then it measures, separately:

1. the dispatch pass the worker runs every five minutes: claiming, Prompt
   rows, advancing next_prompt_at, and queueing one send task per prompt
   (to SqliteHuey, or to Redis when REDIS_URL is set);
2. the same pass again, from the same state, under tracemalloc for the peak
   Python memory it allocates;
3. draining the queue: running every send task through a no-op email
   backend (templates rendered, nothing delivered).

Run it on SQLite (a scratch file in var/bench/) or on PostgreSQL:

    .venv/bin/python bench/dispatch.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_prompts_bench \\
        REDIS_URL=redis://127.0.0.1:6379/1 .venv/bin/python bench/dispatch.py

It creates the tables it needs and wipes the database and queue it is given,
so never point it at data you want to keep.
"""

import argparse
import datetime as dt
import logging
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# A production-like configuration: no debug mode, no test shortcuts.
BENCH_ENVIRONMENT = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-0123456789abcdef",
    "ALLOWED_HOSTS": "localhost",
    "SITE_URL": "https://daybook.example.com",
    "DEFAULT_FROM_EMAIL": "Daybook <prompts@daybook.example.com>",
    "INBOUND_EMAIL_DOMAIN": "reply.daybook.example.com",
    "ANYMAIL_WEBHOOK_SECRET": "bench:bench",
    "MEDIA_ROOT": str(ROOT / "var" / "bench" / "media"),
    # Production refuses console email; sending is swapped for a no-op below.
    "EMAIL_PROVIDER": "file",
    "EMAIL_FILE_PATH": str(ROOT / "var" / "bench" / "mail"),
    "DJANGO_SETTINGS_MODULE": "project.settings",
}


def configure():
    os.environ.update(BENCH_ENVIRONMENT)
    from django.conf import settings

    if "DATABASE_URL" not in os.environ:
        # Keep the developer's own database and queue out of it.
        scratch = ROOT / "var" / "bench"
        scratch.mkdir(parents=True, exist_ok=True)
        for leftover in scratch.glob("*.sqlite3*"):
            leftover.unlink()
        settings.DATABASES["default"]["NAME"] = scratch / "dispatch.sqlite3"
        settings.HUEY["filename"] = str(scratch / "huey.sqlite3")
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}

    import django

    django.setup()
    # One log line per prompt would measure the terminal, not Daybook.
    logging.disable(logging.INFO)


def seed(users, due, now):
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.core.management import call_command
    from django.db import connection
    from huey.contrib.djhuey import HUEY

    from accounts import schedule
    from accounts.models import User
    from accounts.timezones import timezone_names

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    HUEY.flush()
    zones = timezone_names()
    rng = random.Random(20261127)
    people = []
    for number in range(users):
        zone = rng.choice(zones)
        local_now = now.astimezone(ZoneInfo(zone))
        weekdays = rng.randint(1, schedule.EVERY_DAY)
        if number < due:
            # Their time came up to four minutes ago, today, where they live.
            sent = (local_now - dt.timedelta(minutes=rng.randint(0, 4))).replace(tzinfo=None)
            send_time = dt.time(sent.hour, sent.minute)
            weekdays |= schedule.weekday_bit(sent.weekday())
            since = now - dt.timedelta(minutes=5)
        else:
            send_time = dt.time(rng.randint(0, 23), rng.choice(range(0, 60, 5)))
            since = now + dt.timedelta(minutes=30)
        next_at = schedule.next_prompt_at(
            since, timezone=zone, send_time=send_time, weekdays=weekdays
        )
        people.append(
            User(
                email=f"bench{number}@example.com",
                password=UNUSABLE_PASSWORD_PREFIX,
                timezone=zone,
                prompt_time=send_time,
                prompt_weekdays=weekdays,
                next_prompt_at=next_at,
            )
        )
    User.objects.bulk_create(people, batch_size=5000)
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=pk, email=email, verified=True, primary=True)
            for pk, email in User.objects.values_list("pk", "email")
        ],
        batch_size=5000,
    )
    # Fresh statistics, as autovacuum would have gathered on a live database;
    # without them PostgreSQL plans for empty tables.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def snapshot_due(now):
    from accounts.models import User

    return list(User.objects.due_for_prompt(now).values("pk", "next_prompt_at"))


def restore(due_people):
    """Put the database and queue back as they were before the pass."""
    from huey.contrib.djhuey import HUEY

    from accounts.models import User
    from entries.models import Prompt

    Prompt.objects.all().delete()
    User.objects.bulk_update(
        [User(pk=row["pk"], next_prompt_at=row["next_prompt_at"]) for row in due_people],
        ["next_prompt_at"],
        batch_size=1000,
    )
    HUEY.flush()


class QueryCounter:
    """Counts the queries run on a connection, keeping none of them in memory."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def one_pass(now):
    from django.db import connection
    from huey.contrib.djhuey import HUEY

    from entries import tasks
    from entries.prompts import dispatch

    queries = QueryCounter()
    queueing = 0.0
    with connection.execute_wrapper(queries):
        started = time.perf_counter()
        for prompt_id in dispatch.stranded(now):
            tasks.send_prompt(prompt_id)
        for batch in dispatch.claim_due(now):
            batch_queued = time.perf_counter()
            for prompt_id in batch:
                tasks.send_prompt(prompt_id)
            queueing += time.perf_counter() - batch_queued
        elapsed = time.perf_counter() - started
    return elapsed, queueing, queries.count, HUEY.pending_count()


def drain():
    from django.db import connection
    from huey.contrib.djhuey import HUEY

    from entries.models import Prompt

    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        started = time.perf_counter()
        while task := HUEY.dequeue():
            HUEY.execute(task)
        elapsed = time.perf_counter() - started
    sent = Prompt.objects.filter(status=Prompt.Status.SENT).count()
    return elapsed, queries.count, sent


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument(
        "--skip-sending", action="store_true", help="measure the dispatch pass only"
    )
    options = parser.parse_args()

    configure()
    from django.db import connection

    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    started = time.perf_counter()
    seed(options.users, options.due, now)
    print(f"Seeded {options.users:,} people in {time.perf_counter() - started:.1f} s")
    version = ".".join(map(str, connection.get_database_version()))
    print(f"Database: {connection.vendor} {version}")

    due_people = snapshot_due(now)
    print(f"Due now: {len(due_people):,}")

    elapsed, queueing, queries, queued = one_pass(now)
    print(
        f"Dispatch pass: {elapsed:.2f} s ({elapsed - queueing:.2f} s claiming and writing, "
        f"{queueing:.2f} s queueing), {queries} queries, {queued:,} send tasks queued"
    )

    restore(due_people)
    tracemalloc.start()
    one_pass(now)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"Dispatch pass peak Python allocations: {peak / 2**20:.1f} MiB")

    if options.skip_sending:
        from huey.contrib.djhuey import HUEY

        HUEY.flush()
    else:
        send_elapsed, send_queries, sent = drain()
        print(
            f"Sending {sent:,} prompts through a no-op backend: {send_elapsed:.1f} s, "
            f"{send_queries / max(sent, 1):.1f} queries per prompt"
        )
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"Peak resident memory of the whole run (incl. seeding): {maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
