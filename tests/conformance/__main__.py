"""Run scikit-learn's own tests against skreg: ``python -m tests.conformance``.

``python -m tests.conformance [run] [-n N] [pytest args]``
    What CI runs: the test files of :mod:`tests.conformance.swaps`, taken
    from the installed scikit-learn, with skreg's classes swapped in and the
    tests of ``deselected.txt`` deselected.  Fails on any other failure.

``python -m tests.conformance report [-n N] [--file PATH ...]``
    Runs every test twice, with scikit-learn's classes (the baseline) and
    with skreg's, nothing deselected, and prints per file the number of
    tests, how many pass with each, the newly failing ones (pass with
    scikit-learn, fail with skreg), the deselected ones and their share of
    scikit-learn's passing tests; then the newly failing ids not yet in
    ``deselected.txt`` (grouped by error, ready to paste under a reason) and
    the deselected ids that now pass (to remove).

Run from the checkout's root, in an environment with skreg installed.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from .deselection import SKLEARN_FAILS_PREFIX, read_deselections
from .plugin import SKLEARN_DIR
from .swaps import SWAPS, spec_files

HERE = Path(__file__).parent
ROOT = HERE.parents[1]


def pinned_sklearn_version():
    """The scikit-learn version the `test` extra pins (and the list is for)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'"scikit-learn==([^"]+)"', text)
    return match.group(1) if match else None


def check_sklearn_version():
    """Refuse to run another scikit-learn than the pinned one.

    The test ids and reasons of ``deselected.txt`` are those of the pinned
    version's test files; another version's would fail for other reasons.
    """
    import sklearn

    pinned = pinned_sklearn_version()
    if sklearn.__version__ != pinned:
        sys.exit(
            f"scikit-learn {sklearn.__version__} is installed, but the "
            f"conformance suite is for scikit-learn=={pinned} (the `test` extra "
            "of pyproject.toml): install that version, or move the pin and "
            "regenerate deselected.txt with `python -m tests.conformance report`."
        )


def pytest_command(files, n_workers, extra=()):
    """The pytest command line of one conformance run."""
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-c",
        str(HERE / "pytest.ini"),
        "--rootdir",
        str(SKLEARN_DIR),
    ]
    command += ["-n", str(n_workers)] if n_workers > 0 else ["-p", "no:xdist"]
    return command + [str(SKLEARN_DIR / f) for f in files] + list(extra)


def run_pytest(command):
    env = dict(os.environ)
    # The plugin is imported by name in every xdist worker.
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), env.get("PYTHONPATH")])
    )
    # Nothing is written into the installed scikit-learn.
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


def run(args, extra):
    deselections = read_deselections()
    print(
        f"conformance: {len(deselections)} tests deselected by "
        "tests/conformance/deselected.txt, each with its reason",
        flush=True,
    )
    options = ["-q", "--disable-warnings", *extra]
    return run_pytest(pytest_command(spec_files(), args.n_workers, options))


def _record(files, n_workers, mode, directory):
    path = Path(directory) / f"{mode}.json"
    command = pytest_command(
        files,
        n_workers,
        [
            "-q",
            "--tb=no",
            "-rN",
            f"--conformance-mode={mode}",
            "--conformance-keep-deselected",
            f"--conformance-record={path}",
        ],
    )
    print(f"--- {mode} run: {' '.join(command[2:6])} ...", flush=True)
    run_pytest(command)
    return json.loads(path.read_text())


def unswapped_names():
    """skreg's public names that scikit-learn's swapped namespaces also have."""
    import importlib

    import skreg

    namespaces = {namespace for namespace, _ in SWAPS.values()}
    return sorted(
        name
        for name in skreg.__all__
        if name not in SWAPS
        and any(hasattr(importlib.import_module(ns), name) for ns in namespaces)
    )


def report(args):
    files = args.file or spec_files()
    with tempfile.TemporaryDirectory() as directory:
        baseline = _record(files, args.n_workers, "sklearn", directory)
        swapped = _record(files, args.n_workers, "skreg", directory)
    deselections = read_deselections()
    rows, new_failures, now_passing = [], defaultdict(list), []
    for file in files:
        ids = sorted(i for i in swapped if i.partition("::")[0] == file)
        sk_pass = {i for i in ids if baseline.get(i, {}).get("outcome") == "passed"}
        ours_pass = {i for i in ids if swapped[i]["outcome"] == "passed"}
        newly = {i for i in sk_pass if swapped[i]["outcome"] == "failed"}
        listed = {i for i in deselections if i.partition("::")[0] == file}
        charged = {
            i
            for i in listed
            if not deselections[i].startswith(SKLEARN_FAILS_PREFIX) and i in sk_pass
        }
        rows.append(
            (
                file,
                len(ids),
                len(sk_pass),
                len(ours_pass),
                len(newly),
                len(charged),
                len(listed),
                sum(swapped[i]["outcome"] == "failed" and i not in listed for i in ids),
            )
        )
        for i in ids:
            if swapped[i]["outcome"] != "failed" or i in listed:
                continue
            theirs = baseline.get(i, {}).get("outcome", "not run")
            if theirs == "failed":
                message = f"{SKLEARN_FAILS_PREFIX}: " + baseline[i].get("message", "")
            elif theirs != "passed":
                message = f"{theirs} with scikit-learn: " + swapped[i]["message"]
            else:
                message = swapped[i].get("message", "")
            new_failures[message].append(i)
        now_passing += sorted(
            i for i in listed if swapped.get(i, {}).get("outcome") == "passed"
        )

    header = (
        "file",
        "tests",
        "sklearn pass",
        "skreg pass",
        "newly failing",
        "deselected",
        "share",
        "listed",
        "not listed",
    )
    print("\n| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for file, *counts in rows:
        sk, charged = counts[1], counts[4]
        share = f"{100 * charged / sk:.1f} %" if sk else "-"
        cells = [file, *map(str, counts[:5]), share, *map(str, counts[5:])]
        print("| " + " | ".join(cells) + " |")
    print(
        "\nnewly failing: passes with scikit-learn, fails with skreg (before "
        "deselection); deselected: listed in deselected.txt and passing with "
        "scikit-learn; share: deselected / sklearn pass; listed: all entries of "
        "the file; not listed: failing with skreg and not in deselected.txt."
    )
    if new_failures:
        print("\nFailing and not in deselected.txt, grouped by error:")
        for message, ids in sorted(new_failures.items()):
            print(f"\nreason: TODO ({message})")
            print("\n".join(ids))
    missing = unswapped_names()
    if missing:
        print(
            "\nskreg exports these names, which scikit-learn also has, but "
            "swaps.py does not swap them (add a row with their test file): "
            + ", ".join(missing)
        )
    if now_passing:
        print("\nIn deselected.txt but passing with skreg now (remove them):")
        print("\n".join(now_passing))
    return 1 if new_failures else 0


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv.pop(0) if argv and argv[0] in ("run", "report") else "run"
    parser = argparse.ArgumentParser(
        prog="python -m tests.conformance [run|report]",
        description="Other arguments are passed to pytest (run only).",
    )
    parser.add_argument(
        "-n",
        "--n-workers",
        type=int,
        default=2,
        help="pytest-xdist workers (0: no xdist); default 2",
    )
    parser.add_argument(
        "--file",
        action="append",
        help="report: only this test file (relative to sklearn/), repeatable",
    )
    args, extra = parser.parse_known_args(argv)
    check_sklearn_version()
    if command == "report":
        return report(args)
    return run(args, extra)


if __name__ == "__main__":
    sys.exit(main())
