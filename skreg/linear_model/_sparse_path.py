"""Paths of the sparse penalties between L0 and L1 on the CD engine.

One private driver, :func:`penalized_path`, turns a penalty name of the
estimators (``"l1"``, ``"elasticnet"``, ``"mcp"``, ``"scad"``, ``"lp"``,
``"adaptive_l1"``) into the generic solver's pieces
(:func:`skreg._cd.glm_path_cd`; for the quadratic datafit, MCP, SCAD, Lp
and the weighted L1 of "adaptive_l1" on the fast solver,
:func:`skreg._cd.enet_path_cd`) and runs them along a grid of alphas, warm
started from the largest.  The datafit is the mean over the samples
(weights normalized to sum to one): ``1/(2n) ||y - X w||^2`` for the
regressor, ``1/n sum_i log(1 + exp(-y_i x_i w))`` for the classifier.
"""

import warnings

import numpy as np
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning

from skreg._cd import enet_path_cd, glm_path_cd
from skreg._kernel_checks import int32_csc
from skreg.utils._threading import solver_threads

PENALTIES = ("l1", "elasticnet", "mcp", "scad", "lp", "adaptive_l1")
NONCONVEX = ("mcp", "scad", "lp")

# adaptive_l1: weighted-L1 fits per alpha, the first one the Lasso; each
# next one reweights by the previous solution (majorize-minimize of the log
# penalty, see penalty_value).
ADAPTIVE_ROUNDS = 4


def penalty_value(penalty, coef, *, alpha, gamma=3.0, p=0.5, l1_ratio=0.5):
    """``pen(w)`` summed over the coefficients: the objective's penalty term.

    ``adaptive_l1`` is the log penalty whose majorize-minimize steps the
    reweighted fits are: ``gamma alpha^2 log(1 + |w| / (gamma alpha))``
    per coefficient (its slope is ``alpha`` at 0, as the Lasso's, and fades
    as ``gamma alpha^2 / |w|``; gamma -> infinity gives the Lasso).
    """
    a = np.abs(np.asarray(coef, dtype=np.float64))
    if penalty == "l1":
        return alpha * a.sum()
    if penalty == "elasticnet":
        return alpha * (l1_ratio * a.sum() + 0.5 * (1 - l1_ratio) * (a @ a))
    if penalty == "mcp":
        inside = a <= gamma * alpha
        return float(
            np.sum(
                np.where(inside, alpha * a - a**2 / (2 * gamma), gamma * alpha**2 / 2)
            )
        )
    if penalty == "scad":
        middle = (2 * gamma * alpha * a - a**2 - alpha**2) / (2 * (gamma - 1))
        pieces = np.where(
            a <= alpha,
            alpha * a,
            np.where(a <= gamma * alpha, middle, alpha**2 * (gamma + 1) / 2),
        )
        return float(pieces.sum())
    if penalty == "lp":
        return float(alpha * np.sum(a**p))
    if penalty == "adaptive_l1":
        if alpha == 0:
            return 0.0
        scale = gamma * alpha
        return float(scale * alpha * np.sum(np.log1p(a / scale)))
    raise ValueError(f"penalty must be one of {PENALTIES}; got {penalty!r}.")


def penalty_alpha_max(penalty, grad0, lipschitz, *, p=0.5, l1_ratio=0.5):
    """The smallest alpha at which ``w = 0`` is a fixed point of coordinate
    descent, given the datafit's gradient ``grad0`` at zero and the
    coordinates' curvature bounds.

    ``max_j |grad0_j|`` (divided by ``l1_ratio`` for the elastic net) for
    every penalty whose slope at 0 is alpha; for Lp, whose slope there is
    infinite, the alpha at which ``|grad0_j| / L_j`` reaches the jump of the
    scalar prox of step ``1 / L_j``.
    """
    g = np.abs(np.asarray(grad0, dtype=np.float64))
    if g.size == 0:
        return 0.0
    if penalty == "elasticnet":
        return float(g.max() / l1_ratio)
    if penalty == "lp":
        lip = np.asarray(lipschitz, dtype=np.float64)
        ok = lip > 0
        if not np.any(ok):
            return 0.0
        c = (2 - p) / (2 - 2 * p)
        per_feature = lip[ok] * (g[ok] / (lip[ok] * c)) ** (2 - p) / (2 * (1 - p))
        return float(per_feature.max())
    return float(g.max())


def _fast_design(X, y, s):
    """The design and target of the fast quadratic solver for the sample
    weights ``s`` (summing to one): rows scaled by ``sqrt(n s_i)``, so that
    its ``1/2 ||y - X w||^2`` is ``n`` times the mean datafit (X itself
    without sample weights, no copy)."""
    n = X.shape[0]
    root = np.sqrt(n * s)
    if np.all(root == 1.0):
        return X, np.ascontiguousarray(y, dtype=np.float64)
    if sparse.issparse(X):
        X = int32_csc(sparse.diags_array(root) @ X)
    else:
        X = np.asfortranarray(X * root[:, None])
    return X, np.ascontiguousarray(y * root, dtype=np.float64)


def _fast_quadratic_path(X, y, alphas, w, *, penalty, weights, common, gamma, p):
    """A path of the quadratic datafit on the fast solver
    (:func:`skreg._cd.enet_path_cd`: working sets, shrinking, Anderson
    extrapolation, and for the weighted L1 screening and its duality gap;
    MCP, SCAD and Lp have no dual, so no screening, and stop on the same
    first-order score as the generic solver).  ``X, y`` come from
    :func:`_fast_design`; the objective is ``n`` times the mean one, so
    ``tol_abs`` is scaled by ``n`` on the way in and the scores back.
    ``penalty`` is "mcp", "scad", "lp" or "weighted_l1"."""
    n, n_features = X.shape
    if penalty == "weighted_l1":
        kernel = {"l1s": n * alphas, "weights": weights}
    else:
        kernel = {
            "l1s": alphas, "penalty": penalty, "gamma": gamma, "exponent": p,
            "pen_scale": float(n), "weights": weights,
        }  # fmt: skip
    coefs, scores, n_iters, converged = enet_path_cd(
        X, y, np.ones(n), np.zeros(n_features), l2s=np.zeros(alphas.size), w=w,
        tol_abs=n * common["tol_abs"], max_iter=common["max_iter"],
        positive=common["positive"], n_threads=common["n_threads"], **kernel,
    )  # fmt: skip
    return coefs, scores / n, n_iters, converged


def penalized_path(
    X,
    y,
    *,
    datafit,
    penalty,
    alphas,
    sample_weight=None,
    gamma=3.0,
    p=0.5,
    l1_ratio=0.5,
    free=None,
    coef_init=None,
    positive=False,
    tol=1e-4,
    max_iter=1000,
    return_converged=False,
):
    """Fit the penalized problem at each alpha in turn (private driver).

    Parameters
    ----------
    X : float64 Fortran-ordered ndarray or CSC matrix with int32 indices
    y : float64 ndarray (targets, or labels in {-1, +1} for "logistic")
    datafit : {"quadratic", "logistic"}
    penalty : one of ``PENALTIES``
    alphas : ndarray, in the order to solve (warm starts follow it)
    sample_weight : ndarray or None
        Normalized here to sum to one.
    free : bool ndarray of shape (n_features,) or None
        Features left unpenalized (the classifier's intercept column).
    tol : float
        Convex penalties: duality gap at most ``tol`` times the objective
        at ``w = 0``.  MCP, SCAD, Lp: largest first-order violation (see
        :func:`skreg._cd.glm_path_cd`) at most ``tol`` times the largest
        gradient at ``w = 0``.

    Returns
    -------
    coefs : ndarray of shape (n_features, n_alphas)
    scores : ndarray of shape (n_alphas,)
        Duality gaps or first-order violations at the solutions.
    n_iters : ndarray of shape (n_alphas,)
        Outer solver iterations, the one that verified convergence included
        (summed over the rounds of "adaptive_l1").
    converged : bool ndarray of shape (n_alphas,)
        Only with ``return_converged=True``, which also leaves to the caller
        the ConvergenceWarning otherwise raised here.
    """
    n, n_features = X.shape
    s = (
        np.full(n, 1.0 / n)
        if sample_weight is None
        else np.ascontiguousarray(sample_weight / sample_weight.sum(), dtype=np.float64)
    )
    alphas = np.asarray(alphas, dtype=np.float64)
    w = np.zeros(n_features) if coef_init is None else np.array(coef_init, np.float64)
    weights = None if free is None else np.ascontiguousarray(~free, dtype=np.float64)
    if coef_init is None and free is not None and datafit == "logistic":
        # The free column is the intercept's: start it at its optimum for
        # w = 0, so that the path starts at its fixed point w = 0 (a
        # nonconvex penalty could otherwise keep a feature picked up while
        # the intercept moved).
        positive_share = float(np.clip(s @ (y > 0), 1e-12, 1 - 1e-12))
        w[free] = np.log(positive_share / (1 - positive_share))
    if datafit == "logistic":
        at_zero = float(np.log(2.0))
        grad0 = X.T @ (-0.5 * s * y)
    else:
        at_zero = 0.5 * float(s @ (y * y))
        grad0 = X.T @ (-s * y)
    grad0 = np.abs(np.asarray(grad0).ravel())
    if free is not None:
        grad0 = grad0[~free]
    if penalty in NONCONVEX:
        tol_abs = tol * max(float(grad0.max(initial=0.0)), np.finfo(float).tiny)
    else:
        tol_abs = tol * max(at_zero, np.finfo(float).tiny)
    common = {
        "datafit": datafit,
        "positive": positive,
        "tol_abs": tol_abs,
        "max_iter": max_iter,
    }
    coefs = np.empty((alphas.size, n_features))
    scores = np.empty(alphas.size)
    n_iters = np.zeros(alphas.size, dtype=np.int64)
    converged = np.ones(alphas.size, dtype=bool)
    # The quadratic datafit without free features (those are the
    # classifier's intercept) runs on the fast solver.
    fast = datafit == "quadratic" and free is None
    if fast and penalty in (*NONCONVEX, "adaptive_l1"):
        X_fast, y_fast = _fast_design(X, y, s)
    with solver_threads() as n_threads:
        common["n_threads"] = n_threads
        if penalty == "adaptive_l1":
            for k, alpha in enumerate(alphas):
                for _ in range(ADAPTIVE_ROUNDS):
                    # 1 / (1 + |w| / (gamma alpha)): the slope of the log
                    # penalty at the current w, per unit alpha
                    reweights = (
                        1.0 / (1.0 + np.abs(w) / (gamma * alpha))
                        if alpha > 0
                        else np.ones(n_features)
                    )
                    if weights is not None:
                        reweights *= weights
                    reweights = np.ascontiguousarray(reweights)
                    if fast:
                        c, g, it, ok = _fast_quadratic_path(
                            X_fast, y_fast, alphas[k : k + 1], w,
                            penalty="weighted_l1", weights=reweights,
                            common=common, gamma=gamma, p=p,
                        )  # fmt: skip
                    else:
                        c, g, it, ok = glm_path_cd(
                            X, y, s, alphas[k : k + 1], w, penalty="weighted_l1",
                            penalty_weights=reweights, **common,
                        )  # fmt: skip
                    n_iters[k] += it[0]
                converged[k] = ok[0]
                coefs[k], scores[k] = c[0], g[0]
        elif fast and penalty in NONCONVEX:
            coefs, scores, n_iters, converged = _fast_quadratic_path(
                X_fast, y_fast, alphas, w, penalty=penalty, weights=weights,
                common=common, gamma=gamma, p=p,
            )  # fmt: skip
        else:
            kernel_penalty, extra = penalty, {}
            if penalty in NONCONVEX:
                extra = {"gamma": gamma, "exponent": p, "penalty_weights": weights}
            elif penalty == "l1" and weights is not None:
                kernel_penalty, extra = "weighted_l1", {"penalty_weights": weights}
            elif penalty == "elasticnet" and weights is not None:
                kernel_penalty = "weighted_elasticnet"
                extra = {"l1_ratio": l1_ratio, "penalty_weights": weights}
            elif penalty == "elasticnet":
                extra = {"l1_ratio": l1_ratio}
            coefs, scores, n_iters, converged = glm_path_cd(
                X, y, s, alphas, w, penalty=kernel_penalty, **extra, **common
            )
    # The iteration that verified convergence counts (scikit-learn's rule).
    n_iters = np.minimum(
        np.asarray(n_iters) + 1,
        max_iter * (ADAPTIVE_ROUNDS if penalty == "adaptive_l1" else 1),
    )
    if return_converged:
        return coefs.T, scores, n_iters, np.asarray(converged, dtype=bool)
    if not np.all(converged):
        what = "First-order violation" if penalty in NONCONVEX else "Duality gap"
        warnings.warn(
            "Objective did not converge. You might want to increase the number "
            f"of iterations. {what}: {np.max(scores):.6e}, tolerance: {tol_abs:.3e}",
            ConvergenceWarning,
            stacklevel=3,
        )
    return coefs.T, scores, n_iters


def scad_lowest_objective_path(
    X, y, *, alphas, gamma, positive=False, tol=1e-4, max_iter=1000
):
    """A SCAD path of the quadratic datafit that keeps, at each alpha, the
    lowest-objective of several stationary points (private; the path of
    :class:`~skreg.SparseRegressorIC`).

    At each alpha (in the order given, from the largest) coordinate descent
    is run to a stationary point of::

        1/(2n) ||y - X w||_2^2 + pen_SCAD(w; alpha, gamma)

    from each of three starts:

    1. the previous point of the ordinary path (:func:`penalized_path`,
       each SCAD solution warm-starting the next);
    2. the MCP solution of shape ``gamma - 1`` at the same alpha, on MCP's
       own warm-started path: MCP(gamma - 1) has SCAD(gamma)'s concavity
       (second derivative ``-1 / (gamma - 1)`` over an interval of length
       ``(gamma - 1) alpha``, from 0 rather than from ``alpha``), and its
       path follows other branches than SCAD's;
    3. the point kept at the previous alpha (so that the kept path follows
       the low-objective branch; skipped when that point is the ordinary
       path's, as the start is then start 1).

    The point kept is the one of lowest objective above (the datafit plus
    :func:`penalty_value`), the first in that order on a tie.  SCAD is
    nonconvex: its ordinary path often follows a branch of poor local
    minima (measured on the n=100, p=1000 design of
    ``benchmarks/bench_selection.py``: see the user guide).

    Parameters
    ----------
    X : float64 Fortran-ordered ndarray (centered when there is an intercept)
    y : float64 ndarray
    alphas : ndarray, in the order to solve
    gamma : float > 2
    positive, tol, max_iter : as :func:`penalized_path`

    Returns
    -------
    coefs : ndarray of shape (n_features, n_alphas)
    objectives : ndarray of shape (n_alphas,)
        The objective of the kept points.
    n_iters : ndarray of shape (n_alphas,)
        Iterations of the solve that reached each kept point.
    """
    alphas = np.asarray(alphas, dtype=np.float64)
    n = X.shape[0]
    common = {
        "datafit": "quadratic", "positive": positive, "tol": tol,
        "max_iter": max_iter, "return_converged": True,
    }  # fmt: skip

    def objective(coef, alpha):
        residual = y - X @ coef
        return 0.5 * float(residual @ residual) / n + penalty_value(
            "scad", coef, alpha=alpha, gamma=gamma
        )

    def scad_from(start, k):
        c, _, it, ok = penalized_path(
            X, y, penalty="scad", alphas=alphas[k : k + 1], gamma=gamma,
            coef_init=start, **common,
        )  # fmt: skip
        return c[:, 0], it[0], ok[0]

    plain, _, n_iters, converged = penalized_path(
        X, y, penalty="scad", alphas=alphas, gamma=gamma, **common
    )
    # The MCP path only provides starts: its convergence is not reported.
    mcp = penalized_path(
        X, y, penalty="mcp", alphas=alphas, gamma=gamma - 1.0, **common
    )[0]
    coefs = plain.copy()
    objectives = np.empty(alphas.size)
    kept_plain = True
    for k, alpha in enumerate(alphas):
        objectives[k] = objective(plain[:, k], alpha)
        starts = [mcp[:, k]] if kept_plain else [mcp[:, k], coefs[:, k - 1]]
        kept_plain = True
        for start in starts:
            coef, it, ok = scad_from(start, k)
            value = objective(coef, alpha)
            if value < objectives[k]:
                coefs[:, k], objectives[k] = coef, value
                n_iters[k], converged[k] = it, ok
                kept_plain = False
    if not np.all(converged):
        warnings.warn(
            "Objective did not converge at "
            f"{np.count_nonzero(~converged)} of {alphas.size} alphas. You might "
            "want to increase the number of iterations.",
            ConvergenceWarning,
            stacklevel=2,
        )
    return coefs, objectives, n_iters
