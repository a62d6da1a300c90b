"""pytest plugin: run scikit-learn's own test files against skreg.

Loaded with ``-p tests.conformance.plugin`` by ``python -m tests.conformance``
(which see).  Before the test modules are imported, every active row of
:data:`~tests.conformance.swaps.SWAPS` replaces scikit-learn's name by skreg's
in the namespace the test files import it from.  The tests listed in
``deselected.txt`` are then deselected, each with the reason written there.
"""

import ast
import importlib
import importlib.util
import json
from pathlib import Path

import pytest

from .deselection import read_deselections
from .swaps import SWAPS, spec_files

SKLEARN_DIR = Path(importlib.util.find_spec("sklearn").origin).parent


def pytest_addoption(parser):
    group = parser.getgroup("conformance", "scikit-learn's tests against skreg")
    group.addoption(
        "--conformance-mode",
        choices=("skreg", "sklearn"),
        default="skreg",
        help="skreg: swap skreg's classes in (default); sklearn: the baseline, "
        "scikit-learn's own classes, nothing swapped or deselected.",
    )
    group.addoption(
        "--conformance-keep-deselected",
        action="store_true",
        help="Run the tests of deselected.txt too (the report does).",
    )
    group.addoption(
        "--conformance-record",
        metavar="FILE",
        help="Write every test's outcome and crash message to FILE (JSON).",
    )


def short_id(nodeid):
    """A node id relative to the installed ``sklearn`` package."""
    path, sep, rest = nodeid.partition("::")
    marker = "/sklearn/"
    if marker in "/" + path:
        path = ("/" + path).rsplit(marker, 1)[1]
    return path + sep + rest


def _imported_modules(path):
    """The scikit-learn modules a test file imports at its top level."""
    modules = []
    for node in ast.parse(Path(path).read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.append(node.module)
            # ``from sklearn import datasets`` imports a submodule.
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                if _is_module(name):
                    modules.append(name)
        elif isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
    return [m for m in modules if m == "sklearn" or m.startswith("sklearn.")]


def _is_module(name):
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def install_swaps():
    """Put skreg's names in scikit-learn's namespaces; return the names swapped.

    The modules the test files import are imported first, with scikit-learn's
    classes in place, so that scikit-learn's own helpers (the estimator
    checks, the instance generator, ...) keep scikit-learn's classes: only the
    test modules, imported afterwards, see skreg's.
    """
    import skreg

    unexported = sorted(set(SWAPS) - set(skreg.__all__))
    if unexported:
        raise pytest.UsageError(
            f"The swap table lists names skreg does not export: {unexported}"
        )
    for relative in spec_files():
        for module in _imported_modules(SKLEARN_DIR / relative):
            importlib.import_module(module)
    for name, (namespace, _) in SWAPS.items():
        module = importlib.import_module(namespace)
        if not hasattr(module, name):
            raise pytest.UsageError(f"{namespace} has no {name} to replace")
        setattr(module, name, getattr(skreg, name))
    return sorted(SWAPS)


def pytest_configure(config):
    record = config.getoption("conformance_record")
    if record:
        config.pluginmanager.register(_Recorder(record), "conformance-recorder")
    if config.getoption("conformance_mode") == "skreg":
        install_swaps()


def pytest_report_header(config):
    mode = config.getoption("conformance_mode")
    if mode == "sklearn":
        return "conformance: baseline run, scikit-learn's own classes"
    return "conformance: skreg's " + ", ".join(sorted(SWAPS)) + " swapped in"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    if config.getoption("conformance_mode") == "sklearn" or config.getoption(
        "conformance_keep_deselected"
    ):
        return
    deselections = read_deselections()
    collected = {short_id(item.nodeid): item for item in items}
    files = {test_id.partition("::")[0] for test_id in collected}
    stale = sorted(
        test_id
        for test_id in deselections
        if test_id.partition("::")[0] in files and test_id not in collected
    )
    if stale:
        raise pytest.UsageError(
            "deselected.txt lists tests that do not exist (fix the ids):\n  "
            + "\n  ".join(stale)
        )
    removed = [item for test_id, item in collected.items() if test_id in deselections]
    if removed:
        config.hook.pytest_deselected(items=removed)
        kept = [item for item in items if short_id(item.nodeid) not in deselections]
        items[:] = kept


def _crash_message(report):
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None and crash.message:
        return crash.message.splitlines()[0][:300]
    lines = str(report.longrepr).strip().splitlines()
    return lines[-1][:300] if lines else ""


class _Recorder:
    """Collects each test's outcome (under xdist, in the controller)."""

    def __init__(self, path):
        self.path = path
        self.outcomes = {}

    def pytest_runtest_logreport(self, report):
        xfail = hasattr(report, "wasxfail")
        if report.when == "setup" and not report.passed:
            outcome = "xfailed" if xfail else report.outcome
        elif report.when == "call":
            if xfail:
                outcome = "xpassed" if report.passed else "xfailed"
            else:
                outcome = report.outcome
        elif report.when == "teardown" and report.failed:
            outcome = "failed"
        else:
            return
        entry = {"outcome": outcome}
        if outcome == "failed":
            entry["message"] = _crash_message(report)
        self.outcomes[short_id(report.nodeid)] = entry

    def pytest_sessionfinish(self, session):
        if not hasattr(session.config, "workerinput"):
            Path(self.path).write_text(json.dumps(self.outcomes, sort_keys=True))
