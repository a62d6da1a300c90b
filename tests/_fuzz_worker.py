"""Subprocess side of the Cython entry-point fuzz test (test_kernel_fuzz.py).

Usage: ``python _fuzz_worker.py SEED N_CALLS``.  Calls every registered
``def`` entry point of skreg's compiled modules with random shapes, dtypes
and memory layouts (half of the calls consistent enough to reach the
kernels).  Each call must return or raise ValueError/TypeError; anything else
is printed as a failure line, and a crash kills the process (seen by the
parent as a non-zero return code).
"""

import sys

import numpy as np
from kernel_registry import ENTRY_POINTS

DTYPES = [np.float64, np.float32, np.int64, np.bool_, np.complex128, object]


def _layout(rng, a):
    choice = rng.integers(5)
    if a.ndim >= 2 and choice == 1:
        return np.asfortranarray(a)
    if a.ndim >= 1 and choice == 2 and a.shape[0] > 0:
        wide = np.repeat(a, 2, axis=0)
        return wide[::2]
    if choice == 3:
        a = a.copy()
        a.setflags(write=False)
    return a


def _array(rng, shape, consistent, base_dtype):
    if not consistent:
        ndim = int(rng.integers(0, 4))
        shape = tuple(int(s) for s in rng.integers(0, 5, ndim))
    dtype = (
        base_dtype if consistent and rng.random() < 0.85 else DTYPES[rng.integers(6)]
    )
    data = rng.normal(size=shape)
    if rng.random() < 0.1:
        data[...] = np.nan
    with np.errstate(invalid="ignore"):
        a = data.astype(dtype)
    return _layout(rng, a)


def make_argument(rng, role, n, p, consistent, dtype):
    if role == "X" or role == "out":
        return _array(rng, (n, p), consistent, dtype)
    if role == "vec_p":
        return _array(rng, (p,), consistent, dtype)
    if role == "vec_n":
        return _array(rng, (n,), consistent, dtype)
    if role == "opt_vec_n":
        return None if rng.random() < 0.5 else _array(rng, (n,), consistent, dtype)
    if role == "opt_clip":
        return (
            None if rng.random() < 0.5 else (float(rng.normal()), float(rng.normal()))
        )
    if role == "float":
        return (
            float(rng.normal())
            if consistent
            else rng.choice([np.nan, -1.0, 0.0, 1e300])
        )
    if role == "int":
        return int(rng.integers(-2, 50))
    raise KeyError(role)


def main():
    seed, n_calls = int(sys.argv[1]), int(sys.argv[2])
    rng = np.random.default_rng(seed)
    failures = succeeded = 0
    for _ in range(n_calls):
        name, function, roles = ENTRY_POINTS[rng.integers(len(ENTRY_POINTS))]
        n, p = (int(v) for v in rng.integers(0, 7, 2))
        consistent = rng.random() < 0.5
        dtype = [np.float64, np.float32][rng.integers(2)]
        args = [make_argument(rng, role, n, p, consistent, dtype) for role in roles]
        try:
            function(*args)
            succeeded += 1
        except (ValueError, TypeError):
            pass
        except Exception as exc:  # noqa: BLE001 - any other type is a finding
            failures += 1
            print(f"FAIL {name}: {type(exc).__name__}: {exc}", flush=True)
    print(f"done {n_calls} calls, {failures} failures", flush=True)
    print(f"reached the kernels {succeeded} times", flush=True)


if __name__ == "__main__":
    main()
