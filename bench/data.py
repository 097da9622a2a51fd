"""How long export and import take, and how much memory export holds.

    .venv/bin/python bench/data.py [DAYS]

Uses the database the settings point at (var/daybook.sqlite3 by default, or
DATABASE_URL), with a throwaway account that is deleted at the end.
"""

import datetime as dt
import os
import sys
import time
import tracemalloc
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

import django

django.setup()

from django.db import transaction  # noqa: E402

from accounts.models import User  # noqa: E402
from entries.models import Entry, ImportJob  # noqa: E402
from entries.transfer import importers, jobs  # noqa: E402
from entries.transfer.exporters import FORMATS  # noqa: E402

PARAGRAPH = (
    "Walked to the market in the rain, bought bread and too many apples, and talked "
    "with the man at the cheese stall about his daughter's wedding in the spring. "
)


def timed(label, function):
    start = time.perf_counter()
    result = function()
    print(f"{label:<48} {time.perf_counter() - start:7.2f} s")
    return result


def exported_bytes(kind, user):
    return sum(len(chunk) for chunk in kind.write(Entry.objects.for_export(user)))


def main(days):
    first = dt.date(2016, 1, 1)
    writer = User.objects.create_user(f"bench-{uuid.uuid4().hex}@example.com")
    reader = User.objects.create_user(f"bench-{uuid.uuid4().hex}@example.com")
    try:
        timed(
            f"create {days} entries (bulk)",
            lambda: Entry.objects.bulk_create(
                Entry(user=writer, date=first + dt.timedelta(days=n), body=PARAGRAPH * 4)
                for n in range(days)
            ),
        )
        for name, kind in FORMATS.items():
            size = timed(f"export {name}", lambda kind=kind: exported_bytes(kind, writer))
            # Measured apart: tracing every allocation slows the export down.
            tracemalloc.start()
            exported_bytes(kind, writer)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            print(f"{'':<48} {size / 1e6:7.2f} MB out, at most {peak / 1e6:.2f} MB held")
        data = "".join(FORMATS["json"].write(Entry.objects.for_export(writer))).encode()
        journal = timed(f"parse {len(data) / 1e6:.1f} MB of JSON", lambda: importers.parse(data))
        print(f"{'':<48} {len(journal.entries)} days")
        job = ImportJob.objects.create(user=reader, data=data, size=len(data))
        timed("check (parse + compare, the preview)", lambda: jobs.check(job))
        timed("save (parse + write, one transaction)", lambda: jobs.save(job))
        job = ImportJob.objects.create(user=reader, data=data, size=len(data))
        timed("check again (every day already there)", lambda: jobs.check(job))
        timed("save again (nothing to write)", lambda: jobs.save(job))
        job.refresh_from_db()
        print(f"re-import: {job.added} added, {job.merged} merged, {job.unchanged} unchanged")
    finally:
        with transaction.atomic():
            writer.delete()
            reader.delete()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3650)
