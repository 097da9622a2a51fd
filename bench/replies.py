"""How many replies from many clients and languages come out exactly as the person typed.

Sends one real prompt the way Daybook does (entries/prompts/emails.py, rendered from its
templates), then answers it with every case of entries/tests/mail/reply_cases/ - quote headers,
original-message separators, phone signatures, list footers, HTML quote containers,
signature blocks, broken MIME - each as a whole message through the pipeline
(pipeline.keep, then pipeline.process: identify, authenticate, extract, store). A case
passes when the day's entry (or, for a held reply, the text held) is exactly what the
person typed. Each runs twice: below the prompt's full quote, and below a quote trimmed
of Daybook's "Reply above this line" marker, so the client-specific rules do the work.

    .venv/bin/python bench/replies.py [--database sqlite:///var/bench/replies.sqlite3]

Prints the pass rate per kind and per language, every failure, and the five slowest
extractions (parse and extract only, the slowest of three runs, in CPU and wall-clock
milliseconds). The database is
created afresh (for PostgreSQL, give a database of your own). Results: docs/replies.md.
"""

import argparse
import collections
import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VERDICT = "spf=pass dkim=pass dmarc=pass"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=f"sqlite:///{ROOT / 'var/bench/replies.sqlite3'}")
    args = parser.parse_args()
    if args.database.startswith("sqlite:///"):
        path = Path(args.database.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)

    from bench import harness

    harness.start(args.database)
    import logging

    logging.getLogger("entries.mail.pipeline").setLevel(logging.WARNING)  # one line per reply
    run()


def _real_prompt(user):
    """A prompt sent as Daybook sends it; its text part is what replies quote."""
    from django.core import mail
    from django.test.utils import override_settings

    from entries.models import Prompt
    from entries.prompts import emails

    prompt = Prompt.objects.create(user=user, date=dt.date(2026, 11, 27), status=Prompt.Status.SENT)
    locmem = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with override_settings(MAILERS=locmem):
        mail.outbox = []
        emails.send_prompt(prompt)
        prompt.save()
        return prompt, mail.outbox[-1].body.replace("\r\n", "\n").strip("\n")


def run() -> None:
    from allauth.account.models import EmailAddress
    from django.db import transaction

    from accounts.models import User
    from entries.mail import pipeline
    from entries.models import Entry, InboundMessage, Prompt
    from entries.tests.mail.reply_cases import all_cases, message_bytes, without_marker

    user = User.objects.create_user(email="ann@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    first, text = _real_prompt(user)
    variants = {"full quote": text, "trimmed quote": without_marker(text)}

    results = collections.defaultdict(lambda: [0, 0])  # (variant, key) -> [passed, total]
    failures, timings = [], []
    states = collections.Counter()
    day = 0
    for variant, prompt_text in variants.items():
        for case in all_cases():
            day += 1
            with transaction.atomic():
                prompt = Prompt.objects.create(
                    user=user,
                    date=first.date - dt.timedelta(days=day),
                    status=Prompt.Status.SENT,
                    message_id=f"<bench-{day}@daybook.example>",
                    sent_at=first.sent_at,
                )
            raw = message_bytes(case, prompt_text, prompt.reply_address)
            # The provider's verdict a real webhook would carry for a genuine reply, so the
            # reply is stored rather than held (held replies are measured the same way).
            kept = pipeline.keep(
                raw, provider="bench", recipient=prompt.reply_address, verdict=VERDICT
            )
            message = pipeline.process(kept)
            entry = Entry.objects.filter(user=user, date=prompt.date).first()
            got = entry.body if entry else message.text
            passed = got == case.expected
            states[message.state] += 1
            for key in ("all", f"kind {case.kind}", f"language {case.language}"):
                results[variant, key][0] += passed
                results[variant, key][1] += 1
            if not passed:
                state = InboundMessage.objects.get(pk=message.pk).state
                failures.append((variant, case.name, state, got))
            cpu = wall = 0.0
            for _ in range(3):
                start, start_cpu = time.perf_counter(), time.process_time()
                pipeline.extract(pipeline.parse(raw))
                cpu = max(cpu, time.process_time() - start_cpu)
                wall = max(wall, time.perf_counter() - start)
            timings.append((cpu, wall, variant, case.name))
    _report(variants, results, failures, timings)
    print(f"messages by final state: {dict(states)}")


def _report(variants, results, failures, timings) -> None:
    print(f"load average: {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores")
    keys = sorted({key for _, key in results}, key=lambda k: (k != "all", k))
    print(f"{'':<22}" + "".join(f"{variant:>22}" for variant in variants))
    for key in keys:
        cells = []
        for variant in variants:
            passed, total = results[variant, key]
            cells.append(f"{passed:>4}/{total:<4} {100 * passed / total:6.1f}%")
        print(f"{key:<22}" + "".join(f"{cell:>22}" for cell in cells))
    print(f"\n{len(failures)} failures")
    for variant, name, state, got in failures:
        print(f"  [{variant}] {name} ({state}): {got[:120]!r}")
    # CPU time counts this process only; on a shared machine the wall clock counts others too.
    print("\nslowest extractions (parse + extract, slowest of three runs, CPU and wall ms):")
    for cpu, wall, variant, name in sorted(timings, reverse=True)[:5]:
        print(f"  {cpu * 1000:6.1f} {wall * 1000:6.1f}  [{variant}] {name}")
    print(f"slowest wall clock: {max(t[1] for t in timings) * 1000:.1f} ms")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
