"""How long reply extraction takes on the worst replies we know how to write.

Each case is a reply body built to make one rule do as much work as it can: a line of
repeated "On " words (which once sent a regular expression into minutes of
backtracking), very long "wrote:" lines, Gmail-style date lines, one huge paragraph,
hundreds of thousands of lines, deeply nested and broken HTML. Each is run at a few
sizes up to the 25 MB a message may have, through ``extract_reply`` (the text rules) and,
for the largest, through ``pipeline.extract`` (decoding the MIME part first); then broken
25 MB messages (a lost multipart boundary, no charset, a false "base64") through
``pipeline.extract``. The slowest of three runs is printed.

    .venv/bin/python bench/extraction.py [--max-mb 25]

No database is needed. Figures go in docs/performance.md ("Reply extraction").
"""

import argparse
import os
import sys
import time
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MB = 1024 * 1024


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


# name -> (kind, builder of a body of about ``size`` characters)
CASES = {
    "one line of 'On ' words": ("text", lambda n: _repeat("On ", n)),
    "one long 'wrote:' line": ("text", lambda n: _repeat("x", n) + " wrote:"),
    "'On ... wrote:' lines of 300 chars": (
        "text",
        lambda n: _repeat("On " + "a " * 140 + "2026 wrote:\n", n),
    ),
    "short lines ending 'wrote:', no opener": (
        "text",
        lambda n: _repeat("x@y.z 10:00 wrote:\n", n),
    ),
    "Gmail date lines": ("text", lambda n: _repeat("2016-03-03 17:21 GMT+01:00 " * 9 + "\n", n)),
    "one long Gmail date line": ("text", lambda n: "2016-03-03 17:21 " + _repeat("GMT+01:00 ", n)),
    "one huge paragraph": ("text", lambda n: _repeat("word ", n)),
    "short lines of text": ("text", lambda n: _repeat("Line of text here.\n", n)),
    "blank lines": ("text", lambda n: "Hi\n" + _repeat("\n", n)),
    "quoted lines": ("text", lambda n: "Hi\n" + _repeat(">\n", n)),
    "Outlook field lines": ("text", lambda n: "Hi\n\n" + _repeat("From: a\nSent: b\n", n)),
    "contact-card lines": ("text", lambda n: "Hi\n\n" + _repeat("a@b.cd\n\n", n)),
    "nested <div>": (
        "html",
        lambda n: _repeat("<div>", n // 2) + "text" + _repeat("</div>", n // 2),
    ),
    "nested <blockquote>": ("html", lambda n: _repeat("<blockquote>", n) + "text"),
    "'<a<a<a...'": ("html", lambda n: _repeat("<a", n)),
    "'</</</...'": ("html", lambda n: _repeat("</", n)),
    "'<?<?<?...'": ("html", lambda n: _repeat("<?", n)),
    "unclosed comment": ("html", lambda n: "Hi<!--" + _repeat("a", n)),
    "unclosed <style>": ("html", lambda n: "Hi<style>" + _repeat("a<", n)),
    "classed divs": ("html", lambda n: _repeat('<div class="x y z" id="w">t</div>', n)),
}


_HEAD = b"From: ann@example.com\r\nMIME-Version: 1.0\r\n"

# Broken messages, whole: name -> builder of a message of about ``size`` bytes.
BROKEN = {
    "multipart, boundary lost, '--x' lines": lambda n: (
        _HEAD
        + b'Content-Type: multipart/mixed; boundary="declared"\r\n\r\n'
        + _repeat("--x\r\n", n).encode()
    ),
    "no charset, windows-1251 text": lambda n: (
        _HEAD
        + b"Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + _repeat("Сегодня гуляли у озера.\r\n", n // 2).encode("cp1251")  # noqa: RUF001
    ),
    "says base64, is plain text": lambda n: (
        _HEAD
        + b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + _repeat("Line of text here.\r\n", n).encode()
    ),
}


def _time(function, *args) -> tuple[float, float]:
    """The slowest of three runs: CPU seconds of this process, and wall-clock seconds.

    On a shared machine the wall clock counts other people's work too; the CPU time is
    what the reply itself costs.
    """
    cpu = wall = 0.0
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        function(*args)
        cpu = max(cpu, time.process_time() - start_cpu)
        wall = max(wall, time.perf_counter() - start)
    return cpu, wall


def _as_message(kind: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "ann@example.com"
    message.set_content(body, subtype="plain" if kind == "text" else "html", cte="base64")
    return message


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-mb", type=int, default=25)
    args = parser.parse_args()

    from bench.harness import PRODUCTION_LIKE

    # Production settings; nothing here touches the database.
    os.environ.update(PRODUCTION_LIKE, DATABASE_URL="sqlite:///:memory:")
    os.environ["DJANGO_SETTINGS_MODULE"] = "project.settings"
    import django

    django.setup()
    from email import policy
    from email.parser import BytesParser

    from entries.mail import mime, pipeline
    from entries.mail.replies import extract_reply

    sizes = [3 * 1024, 24 * 1024, 90 * 1024, MB, args.max_mb * MB]
    print(f"load average: {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores; CPU ms per reply")
    header = "".join(f"{size // 1024:>9} KB" for size in sizes)
    print(f"{'case':<42}{header}{'MIME, largest':>15}")
    worst_cpu = worst_wall = 0.0
    for name, (kind, build) in CASES.items():
        row = []
        for size in sizes:
            body = build(size)
            cpu, wall = _time(extract_reply, *((body,) if kind == "text" else (None, body)))
            worst_cpu, worst_wall = max(worst_cpu, cpu), max(worst_wall, wall)
            row.append(f"{cpu * 1000:>12.1f}")
        raw = _as_message(kind, body).as_bytes()
        email = BytesParser(_class=mime.Message, policy=policy.compat32).parsebytes(raw)
        cpu, wall = _time(pipeline.extract, email)
        worst_cpu, worst_wall = max(worst_cpu, cpu), max(worst_wall, wall)
        print(f"{name:<42}{''.join(row)}{cpu * 1000:>15.1f}")
    for name, build in BROKEN.items():
        email = BytesParser(_class=mime.Message, policy=policy.compat32).parsebytes(
            build(args.max_mb * MB)
        )
        cpu, wall = _time(pipeline.extract, email)
        worst_cpu, worst_wall = max(worst_cpu, cpu), max(worst_wall, wall)
        print(f"{name:<42}{'':>{12 * len(sizes)}}{cpu * 1000:>15.1f}")
    print(f"slowest: {worst_cpu * 1000:.0f} ms CPU, {worst_wall * 1000:.0f} ms wall clock")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
