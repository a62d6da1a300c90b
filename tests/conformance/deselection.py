"""Read ``deselected.txt``: the scikit-learn tests skreg does not pass, with why.

The file is a list of reasons, each followed by the ids of the tests it
covers (relative to the installed ``sklearn`` package)::

    reason: Ridge(solver="sag") not yet accepted: issue 16, being fixed
    linear_model/tests/test_ridge.py::test_ridge_regression[sag]

Blank lines and lines starting with ``#`` are ignored.  Every id needs a
reason above it, and appears once.
"""

from pathlib import Path

DESELECTION_FILE = Path(__file__).with_name("deselected.txt")

# Reasons of this form mark tests that fail with scikit-learn itself at the
# pinned version; they do not count against skreg's share.
SKLEARN_FAILS_PREFIX = "fails with scikit-learn itself"


def read_deselections(path=DESELECTION_FILE):
    """Return ``{test id: reason}``; raise ValueError on a malformed file."""
    deselections = {}
    reason = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("reason:"):
            reason = line.removeprefix("reason:").strip()
            if not reason:
                raise ValueError(f"{path.name}:{number}: empty reason")
            continue
        if reason is None:
            raise ValueError(f"{path.name}:{number}: {line} has no reason above it")
        if "::" not in line or " " in line.partition("[")[0]:
            raise ValueError(f"{path.name}:{number}: {line!r} is not a test id")
        if line in deselections:
            raise ValueError(f"{path.name}:{number}: {line} is listed twice")
        deselections[line] = reason
    return deselections
