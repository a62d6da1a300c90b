"""Bad input never crashes an estimator and never yields silent non-finite output.

Every (estimator configuration, hostile input) pair of ``catalogue.py`` runs
in a subprocess, so a segfault or abort is caught as a failure instead of
taking the test run down.  One subprocess serves all the cases of one
configuration; if it dies, the cases are rerun one per process to name the
one that crashed.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from catalogue import CASES, configuration_names

HERE = Path(__file__).parent
WORKER = HERE / "_catalogue_worker.py"


def _run(config, cases):
    proc = subprocess.run(
        [sys.executable, str(WORKER), config, *cases],
        capture_output=True,
        text=True,
        cwd=HERE,
        timeout=600,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(HERE.parent), str(HERE)]),
        },
    )
    results = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            results[record["case"]] = record
    return proc, results


def test_catalogue_is_large_enough():
    # The acceptance: at least 18 inputs x 8 estimator configurations,
    # including the main non-default ones.
    assert len(CASES) >= 18
    names = configuration_names()
    assert len(names) >= 8
    for required in ("Ridge(solver=cg)", "Ridge(solver=lsqr)", "Ridge(solver=gd)"):
        assert required in names
    assert "MLPClassifier(dropout+batch)" in names


@pytest.mark.parametrize("config", configuration_names())
def test_bad_input_catalogue(config):
    cases = list(CASES)
    proc, results = _run(config, cases)
    if proc.returncode != 0:
        for case in cases:
            if case not in results:
                single, single_results = _run(config, [case])
                if case not in single_results:
                    results[case] = {
                        "outcome": "crash",
                        "detail": f"return code {single.returncode}: "
                        f"{single.stderr[-400:]}",
                    }
                else:
                    results.update(single_results)
    failures = {
        case: record
        for case, record in results.items()
        if record["outcome"] not in ("finite", "error")
    }
    missing = set(cases) - set(results)
    assert not missing, f"{config}: no outcome for {missing}: {proc.stderr[-800:]}"
    assert not failures, f"{config}: {json.dumps(failures, indent=1)}"
