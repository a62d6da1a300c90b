"""The ``def`` entry points of skreg's compiled modules, for the fuzz test.

Each entry: (name, function, argument roles).  Roles are understood by
``_fuzz_worker.make_argument``: "X"/"out" (n x p matrix), "X_cd" (the
coordinate-descent design: n x p, mostly Fortran-ordered, sometimes a CSC
matrix, sometimes with a corrupted CSC structure), "Xt" (p x n matrix),
"vec_p", "vec_n", "vec_p64" (float64 vector of length p whatever the data
dtype), "penalties" (short float64 vector), "mask_p" (bool vector of length
p), "bits" (uint16 n x p matrix), "opt_vec_n" (None or a vector),
"opt_clip" (None or a pair), "float", "nonneg_float", "int", "bool".
A compiled module adds its entry points here.
"""

import numpy as np

from skreg import _cd, _cd_gram, _cd_multinomial, _cd_multitask, _scale
from skreg.linear_model import _l0_swap
from skreg.neural_network import _kernels


def _enet_path_cd(X, y, v, mean, l1s, l2s, w, tol_abs, max_iter, seed, positive):
    # The keyword-only arguments as positional roles; few iterations so the
    # fuzzer spends its time on validation and many shapes.
    if 0 < max_iter < 2**30:
        max_iter = 1 + max_iter % 20
    return _cd.enet_path_cd(
        X, y, v, mean, l1s, l2s, w, tol_abs=tol_abs, max_iter=max_iter,
        seed=seed, positive=positive, random=positive,
    )  # fmt: skip


def _enet_path_gram(X, q, yy, l1s, l2s, w, tol_abs, max_iter, seed, positive):
    # A float n x p matrix becomes its p x p Gram (in its own dtype and
    # layout flags), so consistent calls reach the kernel; anything else is
    # passed as G unchanged, to exercise the validation.
    G = X
    if isinstance(X, np.ndarray) and X.ndim == 2 and X.dtype.kind == "f":
        G = np.asarray(X.T @ X, order="F" if X.flags.f_contiguous else "C")
    if 0 < max_iter < 2**30:
        max_iter = 1 + max_iter % 20
    return _cd_gram.enet_path_gram(
        G, q, yy, l1s, l2s, w, tol_abs=tol_abs, max_iter=max_iter,
        seed=seed, positive=positive, random=positive,
    )  # fmt: skip


def _multitask_enet_path_cd(X, y, mean, l1s, l2s, w, tol_abs, max_iter, seed, random):
    # A vector y (n,) and w (p,) become the one-target Y (1, n) and W (p, 1)
    # (views, keeping their flags), so consistent calls reach the kernel.
    Y = y[None, :] if isinstance(y, np.ndarray) and y.ndim == 1 else y
    W = w[:, None] if isinstance(w, np.ndarray) and w.ndim == 1 else w
    if 0 < max_iter < 2**30:
        max_iter = 1 + max_iter % 20
    return _cd_multitask.multitask_enet_path_cd(
        X, Y, mean, l1s, l2s, W, tol_abs=tol_abs, max_iter=max_iter,
        seed=seed, random=random,
    )  # fmt: skip


def _multinomial_path_cd(X, v, s, alphas, w, tol_abs, max_iter, group):
    # A float vector v (n,) becomes class indices in [0, 3), s its absolute
    # values in float64 (the weights), w (p,) the (3, p) starting W, so
    # consistent calls reach the kernel; anything else is passed unchanged.
    K = 3
    y, W = v, w
    if isinstance(v, np.ndarray) and v.dtype.kind == "f" and np.isfinite(v).all():
        y = (np.minimum(np.abs(v), 1e6) * 5).astype(np.int32) % K
    if isinstance(s, np.ndarray) and s.dtype.kind == "f":
        s = np.abs(s).astype(np.float64)
    if isinstance(w, np.ndarray) and w.ndim == 1 and w.dtype.kind == "f":
        W = np.tile(w.astype(np.float64), (K, 1))
    if 0 < max_iter < 2**30:
        max_iter = 1 + max_iter % 20
    return _cd_multinomial.multinomial_path_cd(
        X, y, s, alphas, W, np.zeros(K), l1_ratio=0.5, group=group,
        fit_intercept=True, tol_abs=tol_abs, max_iter=max_iter,
    )  # fmt: skip


ENTRY_POINTS = [
    ("_scale.column_min_max", _scale.column_min_max, ["X"]),
    ("_scale.column_mean_m2", _scale.column_mean_m2, ["X", "opt_vec_n"]),
    ("_scale.subtract_divide", _scale.subtract_divide, ["X", "out", "vec_p", "vec_p"]),
    (
        "_scale.multiply_add",
        _scale.multiply_add,
        ["X", "out", "vec_p", "vec_p", "opt_clip"],
    ),
    (
        "_cd.enet_path_cd",
        _enet_path_cd,
        ["X_cd", "vec_n", "vec_n", "vec_p64", "penalties", "penalties", "vec_p"]
        + ["nonneg_float", "int", "int", "bool"],
    ),
    (
        "_cd_gram.enet_path_gram",
        _enet_path_gram,
        ["X", "vec_p", "float", "penalties", "penalties", "vec_p"]
        + ["nonneg_float", "int", "int", "bool"],
    ),
    (
        "_cd_multitask.multitask_enet_path_cd",
        _multitask_enet_path_cd,
        ["X_cd", "vec_n", "vec_p64", "penalties", "penalties", "vec_p"]
        + ["nonneg_float", "int", "int", "bool"],
    ),
    (
        "_cd_multinomial.multinomial_path_cd",
        _multinomial_path_cd,
        ["X_cd", "vec_n", "vec_n", "penalties", "vec_p"]
        + ["nonneg_float", "int", "bool"],
    ),
    (
        "_l0_swap.best_swap",
        _l0_swap.best_swap,
        ["vec_p", "Xt", "vec_p", "vec_n", "vec_n", "mask_p", "float"],
    ),
    (
        "_l0_swap.best_addition",
        _l0_swap.best_addition,
        ["vec_p", "vec_p", "mask_p", "float"],
    ),
    (
        "_kernels.adam_step",
        _kernels.adam_step,
        ["vec_p", "vec_p", "vec_p", "vec_p", "float", "float", "float", "float"],
    ),
    (
        "_kernels.batchnorm_forward",
        _kernels.batchnorm_forward,
        ["X", "vec_p", "vec_p", "float", "out", "out"]
        + ["vec_p", "vec_p", "vec_p", "vec_p64"],
    ),
    (
        "_kernels.batchnorm_backward",
        _kernels.batchnorm_backward,
        ["out", "X", "vec_p", "vec_p", "vec_p", "vec_p", "bool"]
        + ["vec_p64", "vec_p64"],
    ),
    (
        "_kernels.dropout_forward",
        _kernels.dropout_forward,
        ["X", "bits", "int", "float", "out", "out"],
    ),
]
