"""Subprocess side of the Cython entry-point fuzz test (test_kernel_fuzz.py).

Usage: ``python _fuzz_worker.py SEED N_CALLS``.  Calls every registered
``def`` entry point of skreg's compiled modules with random shapes, dtypes
and memory layouts (half of the calls consistent enough to reach the
kernels).  Each call must return or raise ValueError/TypeError; anything else
is printed as a failure line, and a crash kills the process (seen by the
parent as a non-zero return code).
"""

import os
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


# Index of the one argument of a consistent call whose dtype or layout may be
# perturbed (set per call by main): perturbing every argument at once made
# the calls with many arguments almost never reach their kernels.
_PERTURBED = {"current": 0, "target": 0}


def _array(rng, shape, consistent, base_dtype):
    perturb = not consistent or _PERTURBED["current"] == _PERTURBED["target"]
    if not consistent:
        ndim = int(rng.integers(0, 4))
        shape = tuple(int(s) for s in rng.integers(0, 5, ndim))
    dtype = (
        base_dtype
        if consistent and (not perturb or rng.random() < 0.85)
        else DTYPES[rng.integers(6)]
    )
    data = rng.normal(size=shape)
    if rng.random() < 0.1:
        data[...] = np.nan
    with np.errstate(invalid="ignore"):
        a = data.astype(dtype)
    return _layout(rng, a) if perturb else a


def _csc(rng, n, p, consistent, dtype):
    """A CSC matrix, its structure corrupted in a third of the cases."""
    from scipy import sparse

    X = sparse.random(n, p, density=0.5, format="csc", dtype=dtype, rng=rng)
    X.indices = X.indices.astype(np.int32)
    X.indptr = X.indptr.astype(np.int32)
    if consistent or X.nnz == 0 or rng.random() < 0.66:
        return X
    corruption = rng.integers(3)
    if corruption == 0:
        X.indices[rng.integers(X.nnz)] = n + int(rng.integers(1, 1000))
    elif corruption == 1 and p > 0:
        X.indptr[rng.integers(1, p + 1)] = -5
    else:
        X.indptr[:] = X.indptr[::-1]
    return X


def make_argument(rng, role, n, p, consistent, dtype):
    if role == "X" or role == "out":
        return _array(rng, (n, p), consistent, dtype)
    if role == "X_cd":
        if rng.random() < 0.25:
            return _csc(rng, n, p, consistent, dtype)
        a = _array(rng, (n, p), consistent, dtype)
        return np.asfortranarray(a) if consistent and rng.random() < 0.8 else a
    if role == "Xt":
        return _array(rng, (p, n), consistent, dtype)
    if role == "vec_p64":
        return _array(rng, (p,), consistent, np.float64)
    if role == "penalties":
        size = int(rng.integers(1, 4))
        values = np.abs(rng.normal(size=size))
        return values if consistent else _array(rng, (size,), False, dtype)
    if role == "mask_p":
        if consistent and rng.random() < 0.85:
            return rng.random(p) < 0.5
        return _array(rng, (p,), False, np.bool_)
    if role == "bits":
        if consistent and rng.random() < 0.85:
            return rng.integers(0, 65536, size=(n, p)).astype(np.uint16)
        return _array(rng, (n, p), False, np.uint16)
    if role == "nonneg_float":
        if consistent:
            return float(abs(rng.normal()))
        return rng.choice([np.nan, -1.0, 0.0, 1e300, np.inf])
    if role == "bool":
        return bool(rng.random() < 0.5)
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
        if consistent:
            return int(rng.integers(0, 50))
        return int(rng.choice([-2, 0, 7, 2**31, 2**40, -(2**40)]))
    raise KeyError(role)


def _describe(args):
    parts = []
    for a in args:
        if isinstance(a, np.ndarray):
            order = "F" if a.flags.f_contiguous and a.ndim > 1 else ""
            order += "C" if a.flags.c_contiguous else ""
            ro = "" if a.flags.writeable else " ro"
            parts.append(f"{a.dtype}{list(a.shape)}{order}{ro}")
        elif hasattr(a, "format"):
            parts.append(f"{a.format}{list(a.shape)}")
        else:
            parts.append(repr(a))
    return ", ".join(parts)


def main():
    seed, n_calls = int(sys.argv[1]), int(sys.argv[2])
    rng = np.random.default_rng(seed)
    # FUZZ_ONLY=substring restricts the run to matching entry points (to
    # bisect a crash that corrupts memory and surfaces in a later call).
    only = os.environ.get("FUZZ_ONLY", "")
    entry_points = [e for e in ENTRY_POINTS if only in e[0]]
    failures = succeeded = 0
    reached = dict.fromkeys((e[0] for e in entry_points), 0)
    for _ in range(n_calls):
        name, function, roles = entry_points[rng.integers(len(entry_points))]
        n, p = (int(v) for v in rng.integers(0, 7, 2))
        consistent = rng.random() < 0.5
        dtype = [np.float64, np.float32][rng.integers(2)]
        _PERTURBED["target"] = int(rng.integers(len(roles)))
        args = []
        for index, role in enumerate(roles):
            _PERTURBED["current"] = index
            args.append(make_argument(rng, role, n, p, consistent, dtype))
        # The last line on stderr names the call that crashed, if one does.
        print(f"call {name} {_describe(args)}", file=sys.stderr, flush=True)
        try:
            function(*args)
            succeeded += 1
            reached[name] += 1
        except (ValueError, TypeError):
            pass
        except Exception as exc:  # noqa: BLE001 - any other type is a finding
            failures += 1
            print(f"FAIL {name}: {type(exc).__name__}: {exc}", flush=True)
    print(f"done {n_calls} calls, {failures} failures", flush=True)
    print(f"reached the kernels {succeeded} times", flush=True)
    for name, count in reached.items():
        print(f"reached {name} {count}", flush=True)


if __name__ == "__main__":
    main()
