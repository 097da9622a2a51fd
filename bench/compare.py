"""Before and after, interleaved: the same measurements on two versions of Daybook.

Exports the base commit (default: main) into var/bench/base/ with this
checkout's bench/ scripts copied over it, so both versions are measured by
the same harness. Then, round after round, it runs each measurement on the
base and on this checkout in turn (the order alternating each round, so
neither always runs on a warmer or quieter machine) and prints, per
measurement, the median of the rounds for each, their ratio, and the load
average before each run.

    .venv/bin/python bench/compare.py [--base main] [--rounds 3] [--postgres h_perf_cmp]

The PostgreSQL measurements use databases named after --postgres, which are
dropped and created again.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NUMBER = re.compile(r"(wall|CPU|queries|statements|peak RSS) ([\d.]+)")


def measurements(postgres):
    url = f"postgres://postgres@127.0.0.1:5432/{postgres}"
    pg = {"DATABASE_URL": url, "REDIS_URL": "redis://127.0.0.1:6379/11"}
    return {
        "prompt, SQLite": (["bench/dispatch.py", "--per-prompt", "300"], {}),
        "prompt, PostgreSQL": (["bench/dispatch.py", "--per-prompt", "300"], pg),
        "reply, SQLite": (["bench/inbound.py", "--direct", "300"], {}),
        "reply, PostgreSQL": (
            ["bench/inbound.py", "--direct", "300", "--database-url", url + "_reply"],
            {},
        ),
        "receive_email": (["bench/inbound.py", "--pipe", "3"], {}),
    }


def export(base):
    target = ROOT / "var" / "bench" / "base"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    archive = _command("git", "archive", base, cwd=ROOT, capture_output=True).stdout
    _command("tar", "-x", "-C", str(target), input=archive)
    shutil.rmtree(target / "bench")
    shutil.copytree(ROOT / "bench", target / "bench")
    return target


def _command(*command, **options):
    # Fixed programs from PATH with arguments made here, never from input.
    return subprocess.run(command, check=True, **options)  # noqa: S603


def run(tree, command, env, postgres):
    if "DATABASE_URL" in env:
        _command("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", postgres)
        _command("createdb", "-h", "127.0.0.1", "-U", "postgres", postgres)
    load = os.getloadavg()[0]
    result = subprocess.run(  # noqa: S603
        [sys.executable, *command],
        cwd=tree,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    line = result.stdout.strip().splitlines()[-1]
    return load, {name: float(value) for name, value in NUMBER.findall(line)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", default="h_perf_cmp")
    parser.add_argument("--only", help="run only the measurements whose name contains this")
    args = parser.parse_args()
    base = export(args.base)
    trees = {"before": base, "after": ROOT}
    for name, (command, env) in measurements(args.postgres).items():
        if args.only and args.only not in name:
            continue
        results = {"before": [], "after": []}
        for round_ in range(args.rounds):
            order = ["before", "after"] if round_ % 2 == 0 else ["after", "before"]
            for version in order:
                results[version].append(run(trees[version], command, env, args.postgres))
        print(f"\n{name} (base {args.base}, {args.rounds} rounds)")
        for version in ("before", "after"):
            loads = ", ".join(f"{load:.1f}" for load, _ in results[version])
            figures = {
                key: statistics.median(values[key] for _, values in results[version])
                for key in results[version][0][1]
            }
            text = ", ".join(f"{key} {value:g}" for key, value in figures.items())
            print(f"  {version}: {text} (load before each run: {loads})")
            results[version] = figures
        ratios = ", ".join(
            f"{key} {results['after'][key] / results['before'][key]:.2f}"
            for key in results["after"]
            if results["before"].get(key)
        )
        print(f"  after / before: {ratios}")


if __name__ == "__main__":
    main()
