"""Fuzz the Cython entry points with random shapes, dtypes and layouts.

The calls run in a subprocess so that a segfault in a kernel shows up as a
failed test (non-zero return code) rather than killing pytest.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.mark.parametrize("seed", [0, 1])
def test_entry_points_never_crash(seed):
    proc = subprocess.run(
        [sys.executable, str(HERE / "_fuzz_worker.py"), str(seed), "3000"],
        capture_output=True,
        text=True,
        cwd=HERE,
        timeout=600,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(HERE.parent), str(HERE)]),
        },
    )
    assert proc.returncode == 0, f"crashed ({proc.returncode}): {proc.stderr[-1000:]}"
    assert "done 3000 calls, 0 failures" in proc.stdout, proc.stdout[-2000:]
    # The fuzzer must also get past validation often, or it tests nothing.
    reached = int(proc.stdout.split("reached the kernels ")[1].split()[0])
    assert reached >= 150, proc.stdout[-500:]
    # ... and every entry point must be reached, not just the easy ones.
    per_entry = {
        line.split()[1]: int(line.split()[2])
        for line in proc.stdout.splitlines()
        if line.startswith("reached _")
    }
    assert len(per_entry) >= 11, per_entry
    assert min(per_entry.values()) >= 5, per_entry
