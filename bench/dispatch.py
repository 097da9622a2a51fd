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
   backend (templates rendered, nothing delivered);
4. the recap pass on the first morning of a month, with --due people owed
   a recap (each with a few entries in the month before): the same pass
   with a tenth as many due, to show its queries do not grow with people;
   on PostgreSQL two passes at once on two connections, counting recaps per
   person; and sending the recaps (summary, heat map image, memories).

With --per-prompt N it measures instead what one prompt costs the worker:
N people, each with a journal of past entries (so the memory lookup has
something to find), one queued prompt each, then each prompt claimed,
rendered and sent through Django's locmem backend (the MIME message is
built, as a real backend would), one at a time, in this process. It prints
the median wall and processor time per prompt and the queries per prompt.

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


def seed_per_prompt(count, now):
    """count people, each with 40 past entries and one queued prompt for today."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.core.management import call_command
    from huey.contrib.djhuey import HUEY

    from accounts.models import User
    from entries.models import Entry, Prompt

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    HUEY.flush()
    rng = random.Random(20261129)
    users = User.objects.bulk_create(
        User(email=f"bench{n}@example.com", password=UNUSABLE_PASSWORD_PREFIX, timezone="UTC")
        for n in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    today = now.date()
    body = "A long walk along the canal, then soup with Ana. " * 6
    entries = []
    for user in users:
        days = rng.sample(range(8, 3 * 365), 40)
        entries += [
            Entry(user=user, date=today - dt.timedelta(days=d), body=body, words=60) for d in days
        ]
    Entry.objects.bulk_create(entries, batch_size=2000)
    Prompt.objects.bulk_create(Prompt(user=u, date=today) for u in users)
    return list(Prompt.objects.order_by("pk").values_list("pk", flat=True))


def _deliver_function():
    # The prompt's module moved when the package was restructured; either layout works.
    try:
        from entries.prompts.dispatch import deliver
    except ImportError:
        from entries.prompts import deliver
    return deliver


def per_prompt(count):
    """Claim, render and send each queued prompt once; per-prompt wall, CPU and queries."""
    import statistics

    from django.conf import settings
    from django.core import mail
    from django.db import connection

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    now = dt.datetime.now(dt.UTC)
    ids = seed_per_prompt(count, now)
    deliver = _deliver_function()
    mail.outbox = []
    walls, cpus = [], []
    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        for prompt_id in ids:
            wall, cpu = time.perf_counter(), time.process_time()
            sent = deliver(prompt_id)
            cpus.append(time.process_time() - cpu)
            walls.append(time.perf_counter() - wall)
            if not sent:
                sys.exit(f"Prompt {prompt_id} was not sent.")
            if len(mail.outbox) > 100:
                mail.outbox = []
    # The first few warm caches (templates, zones): leave them out.
    walls, cpus = walls[10:], cpus[10:]
    print(
        f"per prompt ({connection.vendor}, {len(walls)} measured): "
        f"wall {statistics.median(walls) * 1000:.2f} ms, "
        f"CPU {statistics.median(cpus) * 1000:.2f} ms, "
        f"queries {queries.count / len(ids):.2f}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument(
        "--skip-sending", action="store_true", help="measure the dispatch pass only"
    )
    parser.add_argument(
        "--per-prompt",
        type=int,
        metavar="N",
        help="measure the cost of sending one prompt, over N prompts",
    )
    parser.add_argument("--skip-recaps", action="store_true", help="measure prompts only")
    parser.add_argument("--only-recaps", action="store_true", help="measure recaps only")
    options = parser.parse_args()

    configure()
    if options.per_prompt:
        per_prompt(options.per_prompt)
        return
    from django.db import connection

    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    started = time.perf_counter()
    seed(options.users, options.due, now)
    print(f"Seeded {options.users:,} people in {time.perf_counter() - started:.1f} s")
    version = ".".join(map(str, connection.get_database_version()))
    print(f"Database: {connection.vendor} {version}")

    due_people = snapshot_due(now)
    print(f"Due now: {len(due_people):,}")

    if not options.only_recaps:
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
    if not options.skip_recaps:
        recap_figures(options.due, now, send=not options.skip_sending)
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"Peak resident memory of the whole run (incl. seeding): {maxrss / 1024:.0f} MiB")


def seed_recaps(due, now):
    """Make the first `due` people owed a recap now."""
    from accounts.models import User
    from entries.models import Recap

    Recap.objects.all().delete()
    pks = list(User.objects.order_by("pk").values_list("pk", flat=True)[:due])
    User.objects.update(next_recap_at=now + dt.timedelta(days=10))
    User.objects.filter(pk__in=pks).update(next_recap_at=now - dt.timedelta(minutes=1))


def seed_entries(due, now):
    """Four entries last month for each of the first `due` people, so each recap has a story."""
    from accounts.models import User
    from entries.models import Entry

    pks = User.objects.order_by("pk").values_list("pk", flat=True)[:due]
    month = (now.date().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    Entry.objects.bulk_create(
        [
            Entry(user_id=pk, date=month + dt.timedelta(days=day), body=BODY, words=12)
            for pk in pks
            for day in (2, 3, 4, 11)
        ],
        batch_size=5000,
    )


BODY = "Walked to the river with Maya. The water was high after the rain."


def recap_pass(now):
    from django.db import connection

    from entries import tasks
    from entries.prompts import recaps

    queries = QueryCounter()
    queued = 0
    with connection.execute_wrapper(queries):
        started = time.perf_counter()
        for batch in recaps.claim_due(now):
            for recap_id in batch:
                tasks.send_recap(recap_id)
                queued += 1
        elapsed = time.perf_counter() - started
    return elapsed, queries.count, queued


def two_recap_passes_at_once(now):
    """Two passes on two connections at the same instant; recaps made and most per person."""
    import threading

    from django.db import connections
    from django.db.models import Count, Max

    from entries.models import Recap
    from entries.prompts import recaps

    start, claimed = threading.Barrier(2), []

    def work():
        try:
            start.wait()
            claimed.append(sum(len(batch) for batch in recaps.claim_due(now)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    most = Recap.objects.values("user").annotate(n=Count("pk")).aggregate(most=Max("n"))["most"]
    return claimed, Recap.objects.count(), most


def recap_figures(due, now, *, send):
    from django.db import connection
    from huey.contrib.djhuey import HUEY

    from entries.models import Recap

    seed_entries(due, now)
    for count in (due // 10, due):
        seed_recaps(count, now)
        HUEY.flush()
        elapsed, queries, queued = recap_pass(now)
        print(f"Recap pass, {count:,} due: {elapsed:.2f} s, {queries} queries, {queued:,} queued")
    if connection.vendor == "postgresql":
        seed_recaps(due, now)
        HUEY.flush()
        claimed, made, most = two_recap_passes_at_once(now)
        if send:
            from entries import tasks

            for recap_id in Recap.objects.values_list("pk", flat=True):
                tasks.send_recap(recap_id)
        print(
            f"Two recap passes at once, {due:,} due: claimed {claimed[0]:,} + {claimed[1]:,}, "
            f"{made:,} recaps, at most {most} per person"
        )
    if send:
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            started = time.perf_counter()
            while task := HUEY.dequeue():
                HUEY.execute(task)
            elapsed = time.perf_counter() - started
        sent = Recap.objects.filter(status=Recap.Status.SENT).count()
        print(
            f"Sending {sent:,} recaps through a no-op backend: {elapsed:.1f} s, "
            f"{queries.count / max(sent, 1):.1f} queries per recap"
        )


if __name__ == "__main__":
    main()
