"""Run the hostile corpus (bench/fuzz_mail.py) through both ways in, and count what breaks.

On PostgreSQL and Redis, with production settings, it sets up twenty
verified people with a sent prompt each, then:

* ``pipe``: every message through ``receive_email`` (in one process, with
  call_command, so thousands run in minutes; every --subprocess-every'th
  one also as a real ``manage.py receive_email`` process with the message
  on its standard input, as Postfix would run it);
* ``webhook``: every message posted to gunicorn as Postmark's inbound JSON
  (the raw MIME in ``RawEmail``), authenticated, one at a time; then every
  stored message processed as the worker's task does.

and reports, the targets in brackets: crashes (an exception out of the
command or the pipeline) [0], messages left without a final state [0],
exits outside 0/65/67/75 [0], webhook 5xx [0], webhook answers over 1 s
[0], messages processed in over 1 s [0]; and the failure classes found
(exception types from the log, by kind of message).

    .venv/bin/python bench/fuzz_harness.py --count 3000 --mode both \\
        --database h_limits --redis redis://127.0.0.1:6379/4 --port 18400

It drops and re-creates the database it is given and empties the Redis
database. A message that takes longer than --stall seconds is recorded
as stalled and its process restarted from the next message.
"""

import argparse
import base64
import collections
import contextlib
import io
import json
import os
import selectors
import signal
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import fuzz_mail  # noqa: E402
from bench import inbound as bench_inbound  # noqa: E402

OUT = ROOT / "var" / "fuzz"
ALLOWED_EXITS = {0, 65, 67, 75}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--mode", choices=["pipe", "webhook", "both"], default="both")
    parser.add_argument("--database", default="h_limits")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/4")
    parser.add_argument("--port", type=int, default=18400)
    parser.add_argument("--stall", type=float, default=60.0)
    parser.add_argument("--subprocess-every", type=int, default=50)
    parser.add_argument("--child", choices=["pipe", "process"], help=argparse.SUPPRESS)
    parser.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    OUT.mkdir(parents=True, exist_ok=True)
    env = environment(args)
    load = os.getloadavg()[0]
    modes = ["pipe", "webhook"] if args.mode == "both" else [args.mode]
    for mode in modes:
        bench_inbound.recreate_database(args.database)
        bench_inbound.redis.Redis.from_url(args.redis).flushdb()
        bench_inbound.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env)
        create_targets(env, args.database)
        started = time.perf_counter()
        if mode == "pipe":
            results = supervise("pipe", args, env)
            results += real_pipes(args, env)
        else:
            results = post_all(args, env)
            results += supervise("process", args, env)
        states = final_states(args.database)
        report(mode, args, results, states, load, time.perf_counter() - started)


def environment(args):
    env = bench_inbound.environment(args.database, args.port, args.redis)
    env["INBOUND_EMAIL_DOMAIN"] = fuzz_mail.DOMAIN
    env["EMAIL_FILE_PATH"] = str(OUT / "mail")
    return env


def targets_file(database):
    return OUT / f"targets-{database}.json"


def create_targets(env, database):
    """Twenty verified people, each with a sent prompt for today; their targets as JSON."""
    script = f"""
import json
from allauth.account.models import EmailAddress
from django.utils import timezone
from accounts.models import User
from entries.models import Prompt
people = [User.objects.create_user(f"fuzz{{n}}@{fuzz_mail.SENDER_DOMAIN}") for n in range(20)]
targets = []
for n, person in enumerate(people):
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    prompt = Prompt.objects.create(
        user=person, date=timezone.localdate(), status="sent", message_id=f"<prompt-{{n}}@fuzz>"
    )
    targets.append([prompt.token, person.email, prompt.message_id])
print(json.dumps(targets))
"""
    done = bench_inbound.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        env,
        capture_output=True,
        text=True,
    )
    targets_file(database).write_text(done.stdout.strip().splitlines()[-1])


def samples(args):
    rows = json.loads(targets_file(args.database).read_text())
    targets = [fuzz_mail.Target(*row) for row in rows]
    return fuzz_mail.corpus(targets, args.count, args.seed)


# The supervisor: a child process runs messages in order and prints a line
# for each; one that takes longer than --stall is killed and noted.


def supervise(name, args, env):
    results, start = [], 0
    while start < args.count:
        command = [sys.executable, __file__, "--child", name, "--start", str(start)]
        command += ["--count", str(args.count), "--seed", str(args.seed)]
        command += ["--database", args.database]
        process = subprocess.Popen(  # noqa: S603 (this script)
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=(OUT / f"{name}-{args.database}.log").open("a"),
            text=True,
        )
        selector = selectors.DefaultSelector()
        selector.register(process.stdout, selectors.EVENT_READ)
        current = start
        while True:
            if not selector.select(timeout=args.stall):
                process.kill()
                process.wait()
                results.append({"n": current, "stage": name, "stalled": True})
                start = current + 1
                break
            line = process.stdout.readline()
            if not line:
                process.wait()
                if name == "process":
                    return results  # processed everything left
                start = args.count
                break
            result = json.loads(line)
            if result.get("begin"):
                current = result["n"]
                continue
            results.append(result)
            start = result["n"] + 1
        process.stdout.close()
    return results


def child(args):
    """Run in the child: messages from --start on, one JSON line each."""
    import django

    django.setup()
    import logging

    from django.core.management import call_command

    from entries.mail import pipeline
    from entries.models import InboundMessage

    failures = []

    class Failures(logging.Handler):
        def emit(self, record):
            if "could not be processed" in record.msg:
                failures.append(record.args[1])

    logging.getLogger("entries.mail.pipeline").addHandler(Failures())
    logging.getLogger("entries.mail.pipeline").propagate = False
    if args.child == "process":
        received = InboundMessage.objects.filter(state="received").exclude(raw=None).order_by("pk")
        for message in received.filter(pk__gte=args.start).only("pk", "event_id"):
            print(json.dumps({"n": message.pk, "begin": True}), flush=True)
            failures.clear()
            started = time.perf_counter()
            result = {"n": message.pk, "stage": "process"}
            if message.event_id.startswith("fuzz-"):
                result["sample"] = int(message.event_id.removeprefix("fuzz-"))
            try:
                pipeline.process(InboundMessage.objects.get(pk=message.pk))
            except Exception as error:
                result["crash"] = type(error).__name__
            result.update(seconds=time.perf_counter() - started, failures=list(failures))
            print(json.dumps(result), flush=True)
        return
    for sample in samples(args):
        if sample.number < args.start:
            continue
        print(json.dumps({"n": sample.number, "begin": True}), flush=True)
        failures.clear()
        result = {"n": sample.number, "kind": sample.kind, "stage": "pipe"}
        stdin = io.TextIOWrapper(io.BytesIO(sample.raw))
        started = time.perf_counter()
        with (
            contextlib.redirect_stdout(io.StringIO()),
            contextlib.redirect_stderr(io.StringIO()),
        ):
            old_stdin, sys.stdin = sys.stdin, stdin
            try:
                call_command("receive_email", recipient=sample.recipient)
                result["exit"] = 0
            except SystemExit as exit:
                result["exit"] = exit.code
            except BaseException as error:  # anything else escaping is a crash
                result["crash"] = type(error).__name__
            finally:
                sys.stdin = old_stdin
        result.update(seconds=time.perf_counter() - started, failures=list(failures))
        print(json.dumps(result), flush=True)


def real_pipes(args, env):
    """Every n'th message through a real process, as the mail server runs it."""
    results = []
    for sample in samples(args):
        if sample.number % args.subprocess_every:
            continue
        started = time.perf_counter()
        try:
            done = subprocess.run(  # noqa: S603 (this script)
                [sys.executable, "manage.py", "receive_email", "--recipient", sample.recipient],
                cwd=ROOT,
                env=env,
                input=sample.raw,
                capture_output=True,
                timeout=args.stall,
            )
        except subprocess.TimeoutExpired:
            results.append({"n": sample.number, "stage": "subprocess", "stalled": True})
            continue
        results.append(
            {
                "n": sample.number,
                "kind": sample.kind,
                "stage": "subprocess",
                "exit": done.returncode,
                "seconds": time.perf_counter() - started,
                "stderr": done.stderr.decode(errors="replace")[-300:],
            }
        )
    return results


# The webhook


def post_all(args, env):
    server = bench_inbound.start(
        bench_inbound.gunicorn_command(args.port), env, f"fuzz/gunicorn-{args.database}.log"
    )
    results = []
    try:
        bench_inbound.wait_until_up(args.port, server)
        headers = {
            "Content-Type": "application/json",
            "Authorization": "Basic " + base64.b64encode(bench_inbound.SECRET.encode()).decode(),
            "X-Forwarded-Proto": "https",
        }
        for sample in samples(args):
            # Postmark's JSON holds text; a provider never posts bytes that are not UTF-8.
            payload = {
                "RawEmail": sample.raw.decode("utf-8", "replace"),
                "OriginalRecipient": sample.recipient,
                "MessageID": f"fuzz-{sample.number}",
            }
            body = json.dumps(payload).encode()
            result = {"n": sample.number, "kind": sample.kind, "stage": "webhook"}
            started = time.perf_counter()
            connection = HTTPConnection("127.0.0.1", args.port, timeout=30)
            try:
                connection.request("POST", "/anymail/postmark/inbound/", body, headers)
                response = connection.getresponse()
                response.read()
                result["status"] = response.status
            except OSError as error:  # timeout or reset: no answer
                result["status"] = type(error).__name__
            finally:
                connection.close()
            result["seconds"] = time.perf_counter() - started
            results.append(result)
    finally:
        stop(server)
    return results


def stop(server):
    """SIGTERM, then SIGKILL: a worker stuck on a hostile request would hold the stop for long."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def final_states(database):
    with bench_inbound.psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}") as db:
        return db.execute(
            "SELECT state, reason, count(*) FROM entries_inboundmessage "
            "GROUP BY 1, 2 ORDER BY 3 DESC"
        ).fetchall()


def report(mode, args, results, states, load, wall):
    lines = [f"== {mode}: {args.count} messages, seed {args.seed}, {wall:.0f} s, load {load:.1f}"]
    by_stage = collections.defaultdict(list)
    for result in results:
        by_stage[result["stage"]].append(result)
    kinds_by_sample = {r["n"]: r.get("kind") for r in results if r.get("kind")}
    for stage, rows in by_stage.items():
        # The worker's stage numbers messages by row; the rest by sample.
        kinds = {r["n"]: kinds_by_sample.get(r.get("sample", r["n"])) for r in rows}
        crashes = [r for r in rows if r.get("crash")]
        stalled = [r for r in rows if r.get("stalled")]
        slow = [r for r in rows if r.get("seconds", 0) > 1]
        lines.append(f"-- {stage}: {len(rows)} runs")
        if stage == "subprocess":
            lines.append("   (times include starting Python and Django for each message)")
        lines.append(
            f"   crashes: {len(crashes)} {dict(collections.Counter(r['crash'] for r in crashes))}"
        )
        if crashes:
            by_kind = collections.Counter((kinds.get(r["n"]) or "?", r["crash"]) for r in crashes)
            lines.append(f"   crashes by kind: {dict(by_kind)}")
        lines.append(f"   stalled over {args.stall:.0f} s (killed): {len(stalled)}")
        longest = max((r.get("seconds", 0) for r in rows), default=0)
        lines.append(f"   over 1 s: {len(slow)}; max {longest:.2f} s")
        if slow:
            by_kind = collections.Counter(kinds.get(r["n"]) or "?" for r in slow)
            lines.append(f"   over 1 s by kind: {dict(by_kind)}")
        if stalled:
            by_kind = collections.Counter(kinds.get(r["n"]) or "?" for r in stalled)
            lines.append(f"   stalled by kind: {dict(by_kind)}")
        exits = collections.Counter(r["exit"] for r in rows if "exit" in r)
        if exits:
            bad = {code: count for code, count in exits.items() if code not in ALLOWED_EXITS}
            lines.append(f"   exit codes: {dict(exits)}; outside 0/65/67/75: {sum(bad.values())}")
            tempfail = collections.Counter(
                kinds.get(r["n"]) or "?" for r in rows if r.get("exit") == 75
            )
            if tempfail:
                lines.append(f"   exit 75 by kind: {dict(tempfail)}")
        statuses = collections.Counter(r["status"] for r in rows if "status" in r)
        if statuses:
            errors = [r for r in rows if not isinstance(r.get("status"), int) or r["status"] >= 500]
            lines.append(f"   HTTP: {dict(statuses)}; 5xx or no answer: {len(errors)}")
            if errors:
                by_kind = collections.Counter(r["kind"] for r in errors)
                lines.append(f"   5xx or no answer by kind: {dict(by_kind)}")
        failures = collections.Counter(
            (kinds.get(r["n"]) or "?", failure) for r in rows for failure in r.get("failures", [])
        )
        if failures:
            lines.append(f"   pipeline failures (kind, exception): {dict(failures)}")
        odd = [r for r in rows if r["stage"] == "subprocess" and r.get("exit") not in ALLOWED_EXITS]
        for r in odd[:5]:
            lines.append(f"   subprocess exit {r.get('exit')}: {r.get('stderr', '')!r}")
    not_final = sum(count for state, _, count in states if state == "received")
    lines.append(f"-- final states: {[list(row) for row in states]}")
    lines.append(f"   messages without a final state: {not_final}")
    text = "\n".join(lines)
    print(text)
    (OUT / f"report-{mode}.txt").write_text(text + "\n")
    (OUT / f"results-{mode}.json").write_text(json.dumps(results))


if __name__ == "__main__":
    main()
