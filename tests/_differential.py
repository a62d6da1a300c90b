"""Degenerate random problems for the differential tests against scikit-learn.

Every problem is built from one seed by a plain NumPy generator, so a failure
is reproduced by its seed alone (``make_problem(seed)``; ``describe`` prints
what was drawn).  The draws aim at the inputs where implicit centering,
rank-deficient systems and extreme scales break solvers: constant, zero,
duplicated and collinear columns, low-rank tall and wide X, huge offsets,
tiny and huge scales, zero and extreme sample weights, float32, CSR/CSC and
2-D y.
"""

import itertools
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

DEGENERACIES = (
    "constant",
    "zero",
    "duplicate",
    "collinear",
    "low_rank",
    "offset",
    "tiny",
    "huge",
)


@dataclass
class Problem:
    seed: int
    X: object  # dense ndarray or sparse matrix, float32 or float64
    y: np.ndarray
    sample_weight: object
    tags: list = field(default_factory=list)

    @property
    def dense_X(self):
        return self.X.toarray() if sparse.issparse(self.X) else self.X

    def describe(self):
        kind = self.X.format if sparse.issparse(self.X) else "dense"
        weights = "none" if self.sample_weight is None else self.tags[-1]
        return (
            f"seed={self.seed} X {self.X.shape} {kind} {self.X.dtype} "
            f"y {self.y.shape} weights={weights} tags={self.tags}"
        )


def _degenerate(rng, X, kind, float32):
    n, p = X.shape
    j = int(rng.integers(p))
    if kind == "constant":
        X[:, j] = rng.choice([1.0, -3.7, 0.1, 1e3]) * rng.uniform(0.5, 2)
    elif kind == "zero":
        X[:, j] = 0.0
    elif kind == "duplicate" and p > 1:
        X[:, j] = X[:, (j + 1 + int(rng.integers(p - 1))) % p]
    elif kind == "collinear" and p > 2:
        k, m = rng.choice([c for c in range(p) if c != j], 2, replace=False)
        X[:, j] = rng.uniform(-2, 2) * X[:, k] + rng.uniform(-2, 2) * X[:, m]
    elif kind == "low_rank" and min(n, p) > 2:
        rank = int(rng.integers(1, min(n, p) - 1))
        X[:] = rng.standard_normal((n, rank)) @ rng.standard_normal((rank, p))
    elif kind == "offset":
        X += 10 ** rng.uniform(1, 4) * rng.choice([-1, 1], p)
    elif kind == "tiny":
        X *= 10 ** (rng.uniform(-25, -10) if float32 else rng.uniform(-120, -40))
    elif kind == "huge":
        X *= 10 ** (rng.uniform(10, 25) if float32 else rng.uniform(40, 120))
    return X


def make_problem(
    seed,
    *,
    allow_sparse=True,
    allow_float32=True,
    allow_2d_y=True,
    allow_weights=True,
    max_features=30,
):
    """One random degenerate regression problem, fully determined by seed."""
    rng = np.random.default_rng(seed)
    float32 = allow_float32 and rng.random() < 0.2
    tall = rng.random() < 0.6
    if tall:
        n = int(rng.integers(6, 40))
        p = int(rng.integers(1, min(n, 12) + 1))
    else:
        n = int(rng.integers(4, 16))
        p = int(rng.integers(n + 1, max(n + 2, max_features)))
    p = min(p, max_features)
    X = rng.standard_normal((n, p)) * 10 ** rng.uniform(-1, 1, p)
    n_kinds = int(rng.choice([0, 1, 1, 2, 3]))
    kinds = list(rng.choice(DEGENERACIES, size=n_kinds, replace=False))
    if "tiny" in kinds and "huge" in kinds:
        kinds.remove("huge")
    # Scale changes come last so they scale the degenerate columns too.
    kinds.sort(key=lambda kind: kind in ("tiny", "huge"))
    tags = []
    for kind in kinds:
        X = _degenerate(rng, X, str(kind), float32)
        tags.append(str(kind))
    w = rng.standard_normal(p) * (rng.random(p) < 0.6)
    column_scale = np.abs(X).max(axis=0)
    column_scale[column_scale == 0] = 1.0
    signal = (X / column_scale) @ w
    y_scale = 10 ** rng.uniform(-2, 2)
    y = y_scale * (signal + rng.standard_normal(n) * rng.choice([1e-3, 0.1, 1.0]))
    y += rng.choice([0.0, 5.0 * y_scale])
    if allow_2d_y and rng.random() < 0.2:
        y = np.column_stack(
            [y, y_scale * rng.standard_normal(n), -2 * y][: int(rng.integers(1, 4))]
        )
    sample_weight = None
    if allow_weights and rng.random() < 0.4:
        kind = str(rng.choice(["uniform", "zeros", "extreme"]))
        if kind == "uniform":
            sample_weight = rng.uniform(0.5, 2.0, n)
        elif kind == "zeros":
            sample_weight = rng.uniform(0.5, 2.0, n)
            sample_weight[rng.random(n) < 0.3] = 0.0
            if np.count_nonzero(sample_weight) < 2:
                sample_weight[:2] = 1.0
        else:
            sample_weight = 10 ** rng.uniform(-6, 6, n)
        tags.append(f"sw:{kind}")
    if float32:
        X = X.astype(np.float32)
        y = y.astype(np.float32)
        if sample_weight is not None:
            sample_weight = sample_weight.astype(np.float32)
    if allow_sparse and rng.random() < 0.25:
        X = X * (rng.random(X.shape) < 0.5)
        X = sparse.csr_matrix(X) if rng.random() < 0.5 else sparse.csc_matrix(X)
    return Problem(seed, X, y, sample_weight, tags)


def ridge_objective(X, y, coef, intercept, alpha, sample_weight=None):
    """``sum_i s_i (y_i - x_i w - b)^2 + alpha ||w||^2`` per target, float64."""
    X = np.asarray(X.toarray() if sparse.issparse(X) else X, dtype=np.float64)
    y2 = np.asarray(y, dtype=np.float64).reshape(X.shape[0], -1)
    coef2 = np.asarray(coef, dtype=np.float64).reshape(y2.shape[1], -1)
    alpha = np.broadcast_to(np.asarray(alpha, dtype=np.float64), (y2.shape[1],))
    residual = y2 - X @ coef2.T - np.asarray(intercept, dtype=np.float64)
    s = (
        np.ones(X.shape[0])
        if sample_weight is None
        else np.asarray(sample_weight, float)
    )
    return s @ residual**2 + alpha * np.einsum("ij,ij->i", coef2, coef2)


def ridge_truth(X, y, alpha, sample_weight=None, fit_intercept=True):
    """Ridge (minimum-norm at alpha = 0) by LAPACK's SVD-based least squares
    on ``[D X_c; sqrt(alpha) I] w = [D y_c; 0]``, explicitly centered, in
    float64, with exactly constant columns (over the positive weights) set to
    zero once centered.  Returns (coef (T, p), intercept (T,))."""
    data_eps = np.finfo(X.dtype).eps
    X = np.asarray(X.toarray() if sparse.issparse(X) else X, dtype=np.float64)
    y2 = np.asarray(y, dtype=np.float64).reshape(X.shape[0], -1)
    n, p = X.shape
    s = np.ones(n) if sample_weight is None else np.asarray(sample_weight, float)
    alpha = np.broadcast_to(np.asarray(alpha, dtype=np.float64), (y2.shape[1],))
    rows = s > 0
    # lstsq's relative cut-off at the data's own precision: float32 data is
    # exact in float64, but its rounding makes a low-rank design full rank
    # at the 1e-7 level, which float64's cut-off would keep; and relative to
    # the uncentered design, whose entries' rounding survives centering.
    raw = np.sqrt(s @ np.sum(X**2, axis=1) / max(1, min(n, p)))
    if fit_intercept:
        X_offset = np.average(X, axis=0, weights=s)
        y_offset = np.average(y2, axis=0, weights=s)
        flat = np.ptp(X[rows], axis=0) == 0
    else:
        X_offset, y_offset = np.zeros(p), np.zeros(y2.shape[1])
        flat = ~np.any(X[rows] != 0, axis=0)
    # Work in a unit scale: lstsq's rcond is relative, the scale is not.
    x_scale = np.abs(X - X_offset).max(initial=0.0) or 1.0
    Xc = (X - X_offset) / x_scale
    Xc[:, flat] = 0.0
    d = np.sqrt(s)[:, None]
    s_max = np.linalg.norm(d * Xc, 2) if Xc.size else 0.0
    rcond = max(n, p) * data_eps * max(1.0, raw / x_scale / s_max if s_max else 1.0)
    coef = np.zeros((y2.shape[1], p))
    for t in range(y2.shape[1]):
        root = np.sqrt(alpha[t]) / x_scale
        A = np.vstack([d * Xc, root * np.eye(p)])
        b = np.concatenate([d[:, 0] * (y2[:, t] - y_offset[t]), np.zeros(p)])
        coef[t] = np.linalg.lstsq(A, b, rcond=rcond)[0] / x_scale
    coef[:, flat] = 0.0
    intercept = y_offset - coef @ X_offset if fit_intercept else np.zeros(len(alpha))
    return coef, intercept


def enet_objective(X, y, coef, intercept, alpha, l1_ratio, sample_weight=None):
    """scikit-learn's elastic-net objective for one target, float64, with
    the weights rescaled to sum to n."""
    X = np.asarray(X.toarray() if sparse.issparse(X) else X, dtype=np.float64)
    n = X.shape[0]
    s = np.ones(n) if sample_weight is None else np.asarray(sample_weight, float)
    s = s * (n / s.sum())
    coef = np.asarray(coef, dtype=np.float64)
    residual = np.asarray(y, dtype=np.float64) - X @ coef - float(intercept)
    return (s @ residual**2) / (2 * n) + alpha * (
        l1_ratio * np.abs(coef).sum() + 0.5 * (1 - l1_ratio) * coef @ coef
    )


def multitask_enet_objective(X, Y, coef, intercept, alpha, l1_ratio):
    """scikit-learn's multi-task elastic-net objective, float64:
    ``1/(2n) ||Y - X W^T - b||_F^2 + alpha l1_ratio sum_j ||W[:, j]||_2
    + alpha (1 - l1_ratio) / 2 ||W||_F^2`` with ``W = coef`` of shape
    (n_targets, n_features)."""
    X = np.asarray(X, dtype=np.float64)
    coef = np.asarray(coef, dtype=np.float64)
    residual = np.asarray(Y, dtype=np.float64) - X @ coef.T - intercept
    return (residual**2).sum() / (2 * X.shape[0]) + alpha * (
        l1_ratio * np.linalg.norm(coef, axis=0).sum()
        + 0.5 * (1 - l1_ratio) * (coef**2).sum()
    )


def make_l0_problem(seed):
    """A degenerate best-subset problem: dense, 1-D y, at most 10 features
    (so the exhaustive search stays cheap), and L0Regressor's parameters:
    ``(problem, params)`` with ``n_nonzero_coefs`` in 0..4 (constrained
    form) or an ``alpha`` drawn around the objective's scale (penalized
    form, sometimes capped by ``n_nonzero_coefs``)."""
    problem = make_problem(seed, allow_sparse=False, allow_2d_y=False, max_features=10)
    rng = np.random.default_rng(80_000 + seed)
    params = {"fit_intercept": bool(rng.random() < 0.8), "random_state": 0}
    if rng.random() < 0.65:
        params["n_nonzero_coefs"] = int(rng.integers(0, 5))
        return problem, params
    y = np.asarray(problem.y, np.float64)
    sw = problem.sample_weight
    s = np.ones(len(y)) if sw is None else np.asarray(sw, float)
    yc = y - np.average(y, weights=s) if params["fit_intercept"] else y
    f_zero = (s @ yc**2) / (2 * s.sum())
    params["alpha"] = float(f_zero * 10 ** rng.uniform(-4, 0)) if f_zero else 1.0
    if rng.random() < 0.3:
        params["n_nonzero_coefs"] = int(rng.integers(0, 4))
    return problem, params


def l0_objective(X, y, coef, intercept, alpha=None, sample_weight=None):
    """L0Regressor's objective in float64: ``1/(2n) sum_i s_i (y_i - x_i w
    - b)^2 (+ alpha ||w||_0)`` with s rescaled to sum to n.

    Also returns a bound on its rounding error: a fit's coefficients can
    cancel each other at 1e8 times the data's scale (offset columns), and
    ``x_i w + b`` then carries the rounding of the coefficients (in their
    own dtype) and of the sum at that size.
    """
    eps = max(np.finfo(np.float64).eps, np.finfo(np.asarray(coef).dtype).eps)
    X = np.asarray(X, dtype=np.float64)
    n = X.shape[0]
    s = np.ones(n) if sample_weight is None else np.asarray(sample_weight, float)
    s = s * (n / s.sum())
    coef = np.asarray(coef, np.float64)
    y = np.asarray(y, np.float64)
    residual = y - X @ coef - float(intercept)
    penalty = 0.0 if alpha is None else alpha * np.count_nonzero(coef)
    terms = np.abs(X) @ np.abs(coef) + abs(float(intercept)) + np.abs(y)
    noise = 4 * (X.shape[1] + 2) * eps * terms
    error = float(s @ (np.abs(residual) * noise + noise**2)) / n
    return float(s @ residual**2) / (2 * n) + penalty, error


def best_subset_truth(X, y, k_max, sample_weight=None, fit_intercept=True):
    """Exhaustive weighted best subset: for each size 0..k_max the lowest
    ``1/(2n) sum_i s_i (y_i - x_i w - b)^2`` over supports of that size.

    Columns are centered (weighted, with an intercept) and sqrt-weighted;
    columns constant over the positively weighted rows are never selected;
    each support's least squares is LAPACK's ``lstsq`` with a cut-off at the
    data's own precision: every column is scaled by the norm of its
    *uncentered* values, whose rounding survives centering (float32 data is
    exact in float64, but its rounding makes dependent columns independent
    at 1e-7), so a support dependent up to that rounding scores as its
    independent part.

    Returns the best values per size (non-increasing) and the numerical rank
    of the design at a strict and a loose cut-off (a fit asked for k
    features can usefully have between ``min(k, strict)`` and
    ``min(k, loose)`` nonzeros).  The values use a cut-off 30 times the one
    L0Regressor documents, so a support it may count as independent is
    never scored lower here.
    """
    data_eps = np.finfo(X.dtype).eps
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n, p = X.shape
    s = np.ones(n) if sample_weight is None else np.asarray(sample_weight, float)
    s = s * (n / s.sum())
    rows = s > 0
    root = np.sqrt(s)
    if fit_intercept:
        Xc = X - np.average(X, axis=0, weights=s)
        yc = y - np.average(y, weights=s)
        flat = np.ptp(X[rows], axis=0) == 0
    else:
        Xc, yc = X.copy(), y
        flat = ~np.any(X[rows] != 0, axis=0)
    peak = np.abs(X).max(axis=0)
    peak[peak == 0] = 1.0
    raw = np.linalg.norm(X / peak * root[:, None], axis=0) * peak
    raw[raw == 0] = 1.0
    Z = Xc * root[:, None] / raw
    u = yc * root
    Z[:, flat] = 0.0
    cut = max(100 * data_eps, 1e-8)
    candidates = np.flatnonzero(~flat & (np.linalg.norm(Z, axis=0) > 30 * cut))
    best = np.full(k_max + 1, np.inf)
    best[0] = float(u @ u)
    for size in range(1, k_max + 1):
        for subset in itertools.combinations(candidates, size):
            cols = Z[:, subset]
            coef = np.linalg.lstsq(cols, u, rcond=30 * cut)[0]
            residual = u - cols @ coef
            best[size] = min(best[size], float(residual @ residual))
    # A support can always drop a feature: sizes beyond the candidates keep
    # the best of the smaller ones.
    best = np.minimum.accumulate(best) / (2 * n)
    singular = np.linalg.svd(Z[:, ~flat], compute_uv=False)
    top = singular[0] if singular.size else 0.0
    strict = int(np.sum(singular > 30 * cut * top))
    loose = int(np.sum(singular > cut / 30 * top))
    return best, (strict, loose)


# ------------------------------------------------------- LogisticRegression


@dataclass
class LogisticProblem:
    seed: int
    X: object  # dense float64 ndarray or CSR matrix
    y: np.ndarray
    sample_weight: object
    n_classes: int
    l1_ratio: float
    C: float
    fit_intercept: bool

    def describe(self):
        kind = self.X.format if sparse.issparse(self.X) else "dense"
        weights = "none" if self.sample_weight is None else "random"
        return (
            f"seed={self.seed} X {self.X.shape} {kind} K={self.n_classes} "
            f"l1_ratio={self.l1_ratio} C={self.C:.4g} "
            f"fit_intercept={self.fit_intercept} weights={weights}"
        )


def make_logistic_problem(seed):
    """A well-posed classification problem (standardized Gaussian X, labels
    drawn from a sparse true model) with its penalty, fully set by seed:
    binary or 3-4 classes, L1 / elastic net / L2, intercept or not, sample
    weights or not, dense or CSR, C between 2 and 30 times the smallest C
    with a nonzero L1 solution."""
    rng = np.random.default_rng(seed)
    n_classes = int(rng.choice([2, 2, 3, 4]))
    n = int(rng.integers(40, 90))
    p = int(rng.integers(3, 16))
    X = rng.standard_normal((n, p))
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    W = rng.standard_normal((p, n_classes)) * (rng.random((p, n_classes)) < 0.5)
    logits = X @ W + rng.gumbel(size=(n, n_classes))
    y = logits.argmax(axis=1)
    y[:n_classes] = np.arange(n_classes)  # every class present
    sample_weight = rng.uniform(0.2, 3.0, n) if rng.random() < 0.4 else None
    l1_ratio = float(rng.choice([0.0, 0.5, 1.0]))
    fit_intercept = bool(rng.random() < 0.5)
    # 1 / C_min: the largest gradient entry of the loss at W = 0.
    s = np.ones(n) if sample_weight is None else sample_weight
    Y = np.eye(n_classes)[y]
    if n_classes == 2:
        Y = Y[:, 1:]
    freq = (s @ Y) / s.sum() if fit_intercept else np.full(Y.shape[1], 0.5)
    if n_classes > 2 and not fit_intercept:
        freq = np.full(n_classes, 1.0 / n_classes)
    top = np.abs(X.T @ (s[:, None] * (Y - freq))).max()
    C = float(10 ** rng.uniform(np.log10(2), np.log10(30)) / top)
    if rng.random() < 0.4:
        X = sparse.csr_matrix(X * (rng.random((n, p)) < 0.7))
    return LogisticProblem(
        seed, X, y, sample_weight, n_classes, l1_ratio, C, fit_intercept
    )


def logistic_objective(problem, coef, intercept):
    """sum_i s_i (-log p(y_i | x_i)) + (1/C)(l1_ratio |W|_1 + (1 - l1_ratio)/2
    |W|_F^2), the objective of both libraries' LogisticRegression."""
    from scipy.special import log_expit, log_softmax

    X = problem.X.toarray() if sparse.issparse(problem.X) else problem.X
    s = np.ones(X.shape[0]) if problem.sample_weight is None else problem.sample_weight
    Z = X @ np.asarray(coef, float).T + np.asarray(intercept, float)
    if problem.n_classes == 2:
        sign = np.where(problem.y == 1, 1.0, -1.0)
        loss = -log_expit(sign * Z[:, 0])
    else:
        loss = -log_softmax(Z, axis=1)[np.arange(X.shape[0]), problem.y]
    W = np.asarray(coef, float)
    penalty = problem.l1_ratio * np.abs(W).sum()
    penalty += (1 - problem.l1_ratio) / 2 * np.sum(W**2)
    return float(s @ loss + penalty / problem.C)
