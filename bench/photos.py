"""How fast photos are developed, and how fast pages full of them answer.

    .venv/bin/python bench/photos.py                       # SQLite, a throwaway file
    .venv/bin/python bench/photos.py postgres://postgres@127.0.0.1:5432/h_photos_bench

Four measurements, all on production settings:

1. The darkroom on a 12-megapixel JPEG (4000 x 3000, camera-like noise and
   EXIF): both derivatives with draft-mode decoding, against the naive way
   (decode every pixel, then resize) in the same run; CPU time of one core.
   The same for a 12-megapixel HEIC.
2. The worker: 100 days with 3 photos each (12-MP JPEGs of about 3 MB, as a
   phone sends) stored, then developed by a separate worker process, one
   task after another as huey's consumer runs them: photos per second, and
   that process's peak RSS.
3. The day page with 12 photos and the Photos page of someone with 2,000
   photos: server time through Django's whole stack, and the query count,
   which must be the same as with one photo.

Warning: the database and var/bench/media are emptied. Never point this at real data.
"""

import datetime as dt
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import harness

RUNS = 10
PAGE_RUNS = 40


def camera_photo(size=(4000, 3000), fmt="JPEG", seed=0):
    """A photo-like image: noise over a gradient (which compresses like a real photo), with EXIF."""
    from PIL import Image

    noise = Image.effect_noise(size, 16 + seed).convert("L")
    gradient = Image.linear_gradient("L").resize(size)
    image = Image.merge("RGB", (noise, gradient, Image.blend(noise, gradient, 0.5)))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8769)[0x9003] = "2026:11:27 09:30:00"
    out = io.BytesIO()
    options = {"quality": 90} if fmt == "JPEG" else {"quality": 70}
    image.save(out, fmt, exif=exif, **options)
    return out.getvalue()


def naive(data):
    """Full decode, then resize: what the darkroom would do without draft mode."""
    from PIL import Image, ImageOps

    from entries import darkroom

    image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    image = image.convert("RGB")
    image.thumbnail((darkroom.LARGE, darkroom.LARGE), Image.Resampling.LANCZOS)
    large = darkroom._jpeg(image)
    small = image.copy()
    small.thumbnail((darkroom.THUMBNAIL, darkroom.THUMBNAIL), Image.Resampling.LANCZOS)
    return large, darkroom._jpeg(small)


def cpu_ms(work, data):
    work(data)  # warm up
    times = []
    for _ in range(RUNS):
        started = time.process_time()
        work(data)
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def darkroom_figures():
    from entries import darkroom

    jpeg = camera_photo()
    heic = camera_photo(fmt="HEIF")
    drafted = cpu_ms(darkroom.develop, jpeg)
    full = cpu_ms(naive, jpeg)
    heif = cpu_ms(darkroom.develop, heic)
    print("| 12-MP photo, both derivatives | CPU ms (median of 10) |")
    print("|---|---:|")
    print(f"| JPEG ({len(jpeg) / 1e6:.1f} MB), draft-mode decode | **{drafted:.0f}** |")
    print(f"| JPEG, naive: full decode then resize | {full:.0f} |")
    print(f"| HEIC ({len(heic) / 1e6:.1f} MB) | {heif:.0f} |")
    print(f"\nDraft mode is {full / drafted:.1f}x faster than the naive way.\n")


def worker_figures(database_url):
    from django.core.files.base import ContentFile

    from accounts.models import User
    from entries.models import Entry, Photo

    User.objects.filter(email__endswith="@bench.example").delete()
    person = User.objects.create_user("photos@bench.example")
    originals = [camera_photo(seed=n) for n in range(3)]
    for n in range(100):
        entry = Entry.objects.create(
            user=person, date=dt.date(2026, 11, 26) - dt.timedelta(days=n), body="A day."
        )
        for position, data in enumerate(originals):
            # Unique bytes per photo (a JPEG comment), as real photos are.
            unique = data[:2] + b"\xff\xfe\x00\x08" + f"{n:06d}".encode() + data[2:]
            Photo.objects.add(entry, ContentFile(unique, name=f"IMG_{n}_{position}.jpg"))
    pending = Photo.objects.filter(user=person, state=Photo.State.PENDING).count()
    command = [sys.executable, __file__, "--worker", database_url]
    started = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
    seconds = time.perf_counter() - started
    peak = int(done.stdout.split()[-1])
    ready = Photo.objects.filter(user=person, state=Photo.State.READY).count()
    print("| 100 days x 3 photos (12-MP JPEG) through the worker | |")
    print("|---|---:|")
    print(f"| Photos developed | {ready} of {pending} |")
    print(f"| Wall time, worker process start to finish | {seconds:.1f} s |")
    print(f"| Photos per second (one worker thread) | **{ready / seconds:.1f}** |")
    print(f"| Peak RSS of the worker process | **{peak:.0f} MiB** |\n")


def work():
    """The worker's part: run each queued photo task, one after another."""
    from entries.models import Photo
    from entries.tasks import process_photo

    pending = list(Photo.objects.filter(state=Photo.State.PENDING).values_list("pk", flat=True))
    for number, pk in enumerate(pending, 1):
        process_photo.call_local(pk)
        if number % 100 == 0:
            print(f"  worker: {number} photos, peak RSS {peak_rss()} MiB", file=sys.stderr)
    print(peak_rss())


def peak_rss():
    """This process's own peak RSS in MiB, since exec.

    Not getrusage: its ru_maxrss survives exec, so a child started from a
    large parent would report the parent's size.
    """
    status = Path("/proc/self/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) // 1024


def page_figures():
    from django.db import connection
    from django.test import Client
    from journal import measure

    from accounts.models import User
    from entries.models import Entry, Photo

    person = User.objects.create_user("pages@bench.example")
    sample = Photo.objects.filter(state=Photo.State.READY).first()
    days = [
        Entry(user=person, date=dt.date(2026, 11, 26) - dt.timedelta(days=n), body="A day.")
        for n in range(400)
    ]
    Entry.objects.bulk_create(days)
    days = list(Entry.objects.filter(user=person).order_by("-date"))
    rows = []
    # 2,000 photos: 12 on the latest day, the rest spread 5 a day over older ones.
    spread = [(days[0], 12)] + [(day, 5) for day in days[1:]]
    for entry, count in spread:
        for position in range(count):
            if len(rows) == 2000:
                break
            rows.append(
                Photo(
                    user=person,
                    entry=entry,
                    date=entry.date,
                    position=position,
                    state=Photo.State.READY,
                    name="IMG.jpg",
                    content_type="image/jpeg",
                    size=sample.size,
                    stored_bytes=sample.stored_bytes,
                    sha256=f"{entry.pk:032d}{position:032d}",
                    original=sample.original.name,
                    thumbnail=sample.thumbnail.name,
                    large=sample.large.name,
                    thumbnail_width=400,
                    thumbnail_height=300,
                )
            )
    Photo.objects.bulk_create(rows, batch_size=500)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE entries_photo")
    client = Client()
    client.force_login(person)
    latest = days[0].date
    pages = [
        ("Day page, 12 photos", f"/journal/{latest:%Y/%m/%d}/"),
        ("Photos page, first of 2,000 photos", "/journal/photos/"),
        ("Photos page, deep in the 2,000", f"/journal/photos/?after={days[300].date}.0.1"),
        ("Journal page, 30 days with photos", "/journal/"),
        ("Large view of one photo", f"/journal/photos/{rows[5].key}/"),
    ]
    print(f"{Photo.objects.filter(user=person).count()} photos; {PAGE_RUNS} runs per page\n")
    print("| Page | best ms | median ms | p95 ms | Python CPU ms | queries |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, url in pages:
        best, median, p95, cpu, queries = measure(client, "get", url)
        print(f"| {name} | {best:.1f} | {median:.1f} | {p95:.1f} | {cpu:.1f} | {queries} |")


def main():
    if sys.argv[1:2] == ["--worker"]:
        harness.start(sys.argv[2])
        work()
        return
    url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{Path(tempfile.mkdtemp())}/bench.db"
    shutil.rmtree(harness.ROOT / "var" / "bench" / "media", ignore_errors=True)
    harness.start(url)
    import journal

    journal.RUNS = PAGE_RUNS
    from django.db import connection

    print(f"{connection.vendor}, load average {os.getloadavg()[0]:.1f} (2 cores)\n")
    darkroom_figures()
    worker_figures(url)
    page_figures()
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.1f} (2 cores)")


if __name__ == "__main__":
    main()
