"""Sphinx configuration for skreg's documentation.

Build (warnings are errors):
    python -m sphinx -W --keep-going -b html docs docs/_build/html

The API reference is generated from ``skreg.__all__`` at build time (see
``_write_api_list``), so a newly exported object is documented without
editing any page; the gallery runs every ``examples/plot_*.py``.
"""

import os
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))
# Gallery scripts and autodoc import skreg from this checkout.
os.environ["PYTHONPATH"] = os.pathsep.join(
    filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
)

import skreg  # noqa: E402

project = "skreg"
author = "the skreg developers"
copyright = "the skreg developers"
version = release = skreg.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "api_list.rst", "**.ipynb_checkpoints"]
root_doc = "index"

# autosummary writes one page per public object into gen_modules/.
autosummary_generate = ["api_list.rst"]
autodoc_default_options = {"members": True, "inherited-members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_validation_checks = set()

html_theme = "pydata_sphinx_theme"
html_title = f"skreg {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
}
html_static_path = []

# mathjax is loaded by URL in the HTML only; the build itself needs no network.
math_number_all = False

sphinx_gallery_conf = {
    "examples_dirs": str(ROOT / "examples"),
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    # every example must run, fast: the build fails on an error.
    "abort_on_example_error": True,
    "only_warn_on_example_error": False,
    "plot_gallery": "True",
}


def _write_api_list():
    """List every name of ``skreg.__all__`` in an autosummary table."""
    classes, functions = [], []
    for name in sorted(skreg.__all__):
        if name.startswith("_"):
            continue
        obj = getattr(skreg, name)
        (classes if isinstance(obj, type) else functions).append(name)
    lines = []
    for title, names, template in [
        ("Classes", classes, "class.rst"),
        ("Functions", functions, "function.rst"),
    ]:
        if not names:
            continue
        lines += [title, "-" * len(title), "", ".. currentmodule:: skreg", ""]
        lines += [".. autosummary::", "   :toctree: gen_modules/"]
        lines += [f"   :template: {template}", ""]
        lines += [f"   {name}" for name in names] + [""]
    # Written next to api.rst (excluded as a page of its own) so that the stub
    # paths of ``:toctree:`` mean the same when scanned and when included.
    target = DOCS / "api_list.rst"
    text = "\n".join(lines)
    if not target.exists() or target.read_text() != text:
        target.write_text(text)


_write_api_list()
