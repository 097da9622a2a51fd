"""Peak memory of importing a large JSON export, as the worker does it.

Writes a Daybook JSON export of about --megabytes MB (entries of a few
kilobytes, one per day back from today), then in a fresh process for each
step measures the peak resident memory (ru_maxrss) of:

* ``parse``: reading the file into entries (entries.transfer.importers.parse), the
  step that used to hold the whole document as Python objects;
* ``check``: the worker's preview (entries/transfer/jobs.py, check) on a new account,
  on a SQLite database in var/bench/, with the file in the job's row as the
  upload view leaves it;
* ``save``: the worker's import (jobs.save) after that check.

A first process (``seed``) stores the upload in the job's row, as the upload
view does, so the measured processes only read it back.

Each step runs in its own interpreter so one step's peak is not another's.
The baseline is the process after Django is set up (or after importing
entries.transfer.importers, for ``parse``), printed as well.

    .venv/bin/python bench/imports.py [--megabytes 50] [--database sqlite:///var/bench/imports.sqlite3]
"""

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / "var" / "bench"
FILE = SCRATCH / "import-bench.json"
STEPS = ("parse", "check", "save")


def write_export(megabytes):
    """A Daybook export of about `megabytes` MB: entries of ~3 KB, newest yesterday."""
    SCRATCH.mkdir(parents=True, exist_ok=True)
    # One emoji, as journals have: Python then holds the text at four bytes
    # a character, which is what made the old import peak so high.
    paragraph = (
        "Walked to the river with Maya; the water was high after the rain and the "
        "herons stood in the shallows as if nothing had changed. "
    ) * 20 + "🌧"
    target = megabytes * 1024 * 1024
    day = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    written = 0
    with FILE.open("w", encoding="utf-8") as out:
        out.write('{"version": 1, "entries": [\n')
        separator = ""
        n = 0
        while written < target:
            record = {
                "date": (day - dt.timedelta(days=n)).isoformat(),
                "body": f"Entry {n}.\n\n{paragraph}",
                "created": "2020-01-01T20:00:00+00:00",
                "updated": "2020-01-01T20:00:00+00:00",
            }
            line = separator + json.dumps(record, ensure_ascii=False)
            out.write(line)
            written += len(line)
            separator = ",\n"
            n += 1
        out.write("\n]}\n")
    return n


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def step(name, database):
    """Run one step in this process and print its figures as one JSON line."""
    data = FILE.read_bytes()
    if name == "parse":
        sys.path.insert(0, str(ROOT))
        from entries.transfer import importers

        before = peak_mib()
        started = time.perf_counter()
        journal = importers.parse(data, "daybook-json", FILE.name)
        result = {"days": len(journal.entries)}
    else:
        sys.path.insert(0, str(ROOT))
        from bench import harness

        harness.start(database)
        from accounts.models import User
        from entries.models import Entry, ImportJob
        from entries.transfer import jobs

        if name == "seed":
            Entry.objects.all().delete()
            ImportJob.objects.all().delete()
            User.objects.filter(email="importer@bench.example").delete()
            user = User.objects.create_user("importer@bench.example")
            ImportJob.objects.create(user=user, data=data, size=len(data), filename=FILE.name)
            print(json.dumps({"step": name, "peak_mib": round(peak_mib())}))
            return
        del data
        job = ImportJob.objects.get(user__email="importer@bench.example")  # as the worker reads it
        before = peak_mib()
        started = time.perf_counter()
        (jobs.check if name == "check" else jobs.save)(job)
        job.refresh_from_db()
        result = {"status": job.status, "error": job.error[:200], "added": job.added}
    result.update(
        step=name,
        seconds=round(time.perf_counter() - started, 2),
        baseline_mib=round(before),
        peak_mib=round(peak_mib()),
    )
    print(json.dumps(result))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument("--database", default=f"sqlite:///{SCRATCH / 'imports.sqlite3'}")
    parser.add_argument("--step", choices=[*STEPS, "seed"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        step(args.step, args.database)
        return
    entries = write_export(args.megabytes)
    size = FILE.stat().st_size
    print(f"{FILE.name}: {size / 1024 / 1024:.1f} MiB, {entries:,} entries")
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    if args.database.startswith("sqlite:///"):
        Path(args.database.removeprefix("sqlite:///")).unlink(missing_ok=True)
    for name in ("seed", *STEPS):
        command = [sys.executable, __file__, "--step", name, "--database", args.database]
        done = subprocess.run(command, capture_output=True, text=True)  # noqa: S603 (this script)
        if done.returncode:
            sys.exit(f"step {name} failed:\n{done.stderr[-3000:]}")
        print(done.stdout.strip().splitlines()[-1])
    FILE.unlink()


if __name__ == "__main__":
    main()
