"""How fast the journal's pages answer for someone with ten years of entries.

    .venv/bin/python bench/journal.py                       # SQLite, a throwaway file
    .venv/bin/python bench/journal.py postgres://postgres@127.0.0.1:5432/h_journal_bench

Fills the database with 3,650 entries (one a day for ten years) for the
person measured, and 1,000 each for three others so that indexes have to
tell people apart. Each page is then requested many times through Django's
whole stack (middleware, session, templates) with production settings; the
time is server time, without a network or a browser. The number of SQL
queries per page is printed too: it must not grow with the journal.

Warning: the database is emptied and refilled. Never point this at real data.
"""

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import harness

YEARS, RUNS = 10, 40
LAST_DAY = dt.date(2026, 11, 26)


def fill(User, Entry, demo, count_words, keep_tags_in_step):
    Entry.objects.all().delete()
    User.objects.filter(email__endswith="@bench.example").delete()
    people = [User.objects.create_user(f"person{n}@bench.example") for n in range(4)]
    rows = []
    for n, person in enumerate(people):
        days = 3650 if n == 0 else 1000
        for date, text in demo.journal(LAST_DAY, days, seed=n, skip=0 if n == 0 else 0.1):
            rows.append(Entry(user=person, date=date, body=text, words=count_words(text)))
    Entry.objects.bulk_create(rows, batch_size=1000)
    for start in range(0, len(rows), 1000):
        keep_tags_in_step(rows[start : start + 1000])
    return people[0]


def measure(client, method, url, data=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request = getattr(client, method)
    request(url, data) if data else request(url)  # warm caches, as a running server has
    times, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = request(url, data) if data else request(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        request(url, data) if data else request(url)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    size = len(response.content) / 1000
    return times[0], statistics.median(times), p95, statistics.median(cpu), len(queries), size


def main():
    url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{Path(tempfile.mkdtemp())}/bench.db"
    harness.start(url)

    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from entries import demo
    from entries.models import Entry, keep_tags_in_step
    from entries.text import count_words

    started = time.perf_counter()
    person = fill(User, Entry, demo, count_words, keep_tags_in_step)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("entries_entry", "entries_tag", "entries_entry_tags"):
                cursor.execute(f"ANALYZE {table}")
    print(
        f"{connection.vendor}: filled {Entry.objects.count()} entries in "
        f"{time.perf_counter() - started:.1f} s; {RUNS} runs per page\n"
    )

    client = Client()
    client.force_login(person)
    middle = LAST_DAY - dt.timedelta(days=1800)
    maya = person.tags.get(name="maya")
    tagged = Entry.objects.filter(tags=maya).count()
    last_page = -(-tagged // 20)
    print(f"#maya is on {tagged} days; {person.tags.count()} tags in all\n")

    def searched(q, order="newest"):
        # Each search has its own address: /journal/search/?s=<key>.
        return client.post("/journal/search/", {"q": q, "order": order}).url

    pages = [
        ("Journal, latest page", lambda: "/journal/"),
        ("Journal, page from 2019", lambda: "/journal/?before=2019-06-01"),
        ("Day page", lambda: f"/journal/{middle:%Y/%m/%d}/"),
        ("Search: one common word", lambda: searched("garden")),
        ("Search: word + phrase, by relevance", lambda: searched('maya "river path"', "relevance")),
        ("Search: rare word, page 2", lambda: searched("strawberries") + "&page=2"),
        ("Search: #tag + word", lambda: searched("#maya walk")),
        ("Tags page", lambda: "/journal/tags/"),
        ("Tag page (#maya, newest)", lambda: f"/journal/tags/{maya.pk}/"),
        ("Tag page (#maya, oldest page)", lambda: f"/journal/tags/{maya.pk}/?page={last_page}"),
        ("Calendar, this month", lambda: f"/journal/{LAST_DAY:%Y/%m}/"),
        ("Calendar, a month in 2019", lambda: "/journal/2019/06/"),
        ("On this day", lambda: "/journal/on-this-day/"),
        ("Year at a glance", lambda: "/journal/2023/"),
        ("Write page", lambda: "/journal/write/"),
    ]
    print("| Page | best ms | median ms | p95 ms | Python CPU ms | queries | HTML KB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, url_of in pages:
        best, median, p95, cpu, queries, size = measure(client, "get", url_of())
        print(
            f"| {name} | {best:.1f} | {median:.1f} | {p95:.1f} | {cpu:.1f} | {queries} "
            f"| {size:.0f} |"
        )
    print(f"\nLoad average while measuring: {os.getloadavg()[0]:.1f} (2 cores)")


if __name__ == "__main__":
    main()
