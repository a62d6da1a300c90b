"""Build script: cythonize every ``.pyx`` file below ``skreg/``.

The metadata lives in ``pyproject.toml``; this file only declares the
extension modules, so that adding a kernel is a matter of adding a ``.pyx``.

Building the kernels is most of the time a fresh ``pip install -e .`` takes
(and so most of CI's tour step): the modules are cythonized and compiled in
parallel, one job per core, and without debug information.
"""

import os
from pathlib import Path

import numpy as np
from Cython.Build import cythonize
from setuptools import Extension, setup

HERE = Path(__file__).parent


def _extensions():
    extensions = []
    for pyx in sorted((HERE / "skreg").rglob("*.pyx")):
        relative = pyx.relative_to(HERE).with_suffix("")
        extensions.append(
            Extension(
                ".".join(relative.parts),
                [str(pyx.relative_to(HERE))],
                include_dirs=[np.get_include()],
                define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
                # -O3 lets gcc vectorize the min/max and axpy loops, and
                # -fno-trapping-math lets it turn the NaN-masking selects into
                # vector blends (no kernel relies on floating-point traps).
                # No -ffast-math: it would break the NaN handling.  -g0 drops
                # the debug information Python's CFLAGS ask for: it costs
                # about a third of the compile time and 8x the library size.
                extra_compile_args=["-O3", "-fno-trapping-math", "-fopenmp", "-g0"],
                extra_link_args=["-fopenmp"],
            )
        )
    return extensions


_JOBS = os.cpu_count() or 1

setup(
    ext_modules=cythonize(
        _extensions(),
        compiler_directives={"language_level": "3", "embedsignature": True},
        nthreads=_JOBS,
    ),
    options={"build_ext": {"parallel": _JOBS}},
)
