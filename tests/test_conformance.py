"""The conformance suite's configuration is well formed.

The suite itself (scikit-learn's own tests against skreg) runs with
``python -m tests.conformance``; these checks keep its swap table and its
deselection list honest without running it.
"""

import importlib
import re

import pytest
from conformance.__main__ import pinned_sklearn_version
from conformance.deselection import read_deselections
from conformance.plugin import SKLEARN_DIR, short_id
from conformance.swaps import SWAPS, spec_files

import skreg


def test_swap_table_names_only_what_skreg_exports_and_sklearn_has():
    for name, (namespace, _) in SWAPS.items():
        assert name in skreg.__all__, name
        assert hasattr(importlib.import_module(namespace), name), (namespace, name)


def test_test_files_exist_in_the_installed_sklearn():
    assert spec_files()
    for relative in spec_files():
        assert (SKLEARN_DIR / relative).is_file(), relative


def test_every_deselected_test_has_a_specific_reason():
    deselections = read_deselections()
    files = set(spec_files())
    for test_id, reason in deselections.items():
        assert test_id.partition("::")[0] in files, test_id
        assert len(reason) >= 20 and "TODO" not in reason, (test_id, reason)


@pytest.mark.parametrize(
    "text, message",
    [
        ("a.py::test_x\n", "has no reason above it"),
        ("reason:\na.py::test_x\n", "empty reason"),
        ("reason: why\na.py::test_x\na.py::test_x\n", "listed twice"),
        ("reason: why\nnot an id\n", "is not a test id"),
    ],
)
def test_malformed_deselection_file_is_refused(tmp_path, text, message):
    path = tmp_path / "deselected.txt"
    path.write_text(text)
    with pytest.raises(ValueError, match=message):
        read_deselections(path)


def test_deselection_file_format(tmp_path):
    path = tmp_path / "deselected.txt"
    path.write_text("# comment\n\nreason: a reason\na.py::test_x[1-2]\nb.py::test_y\n")
    assert read_deselections(path) == {
        "a.py::test_x[1-2]": "a reason",
        "b.py::test_y": "a reason",
    }


def test_short_ids_are_relative_to_the_sklearn_package():
    nodeid = "../../x/site-packages/sklearn/linear_model/tests/test_ridge.py::t[a/b]"
    assert short_id(nodeid) == "linear_model/tests/test_ridge.py::t[a/b]"
    assert short_id("linear_model/tests/t.py::t") == "linear_model/tests/t.py::t"


def test_the_test_extra_pins_one_sklearn_version():
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned_sklearn_version() or "")
