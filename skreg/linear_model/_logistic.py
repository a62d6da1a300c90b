"""Sparse logistic regression: L1, elastic-net and L2 on the cross-entropy.

Binary problems are solved by the engine's generic prox-Newton coordinate
descent (:func:`skreg._cd.glm_path_cd`, logistic datafit, unpenalized
intercept as a free coordinate); problems with three classes or more by
proximal Newton on working sets on the multinomial (softmax) loss
(:func:`skreg._cd_multinomial.multinomial_path_cd`), with an entrywise or a
group (feature-wise L2) penalty.
"""

import warnings
from numbers import Integral, Real

import numpy as np
from scipy import sparse
from scipy.special import expit, log_expit, log_softmax, softmax
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils._param_validation import Hidden, Interval, StrOptions
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    _check_sample_weight,
    check_array,
    check_consistent_length,
    check_is_fitted,
    column_or_1d,
    validate_data,
)

from skreg._cd import glm_path_cd
from skreg._cd_multinomial import multinomial_path_cd
from skreg._kernel_checks import int32_csc
from skreg.linear_model._base import FLOAT_DTYPES
from skreg.utils._threading import solver_threads

_SOLVERS = ("lbfgs", "liblinear", "newton-cg", "newton-cholesky", "sag", "saga")
_CONVERGENCE_MESSAGE = (
    "The solver did not converge within max_iter={max_iter} iterations "
    "(tol={tol}); increase max_iter or tol."
)


def _effective_penalty(penalty, l1_ratio, C):
    """The penalty scikit-learn 1.9 derives from (penalty, l1_ratio, C),
    with its warnings; returns ``(penalty, l1_ratio)``."""
    if penalty == "deprecated":
        if l1_ratio is None:
            warnings.warn(
                "'l1_ratio=None' was deprecated in version 1.8 and will "
                "trigger an error in 1.10. Use 0<=l1_ratio<=1 instead.",
                FutureWarning,
            )
        if l1_ratio == 0 or l1_ratio is None:
            effective = "l2"
        elif l1_ratio == 1:
            effective = "l1"
        else:
            effective = "elasticnet"
        if np.inf == C:
            effective = None
    else:
        effective = penalty
        warnings.warn(
            "'penalty' was deprecated in version 1.8 and will be removed in"
            " 1.10. To avoid this warning, leave 'penalty' set to its default"
            " value and use 'l1_ratio' or 'C' instead."
            " Use l1_ratio=0 instead of penalty='l2',"
            " l1_ratio=1 instead of penalty='l1',"
            " l1_ratio set to a float between 0 and 1 instead of"
            " penalty='elasticnet', and C=np.inf instead of penalty=None.",
            FutureWarning,
        )
    return effective


def _check_solver(solver, penalty, dual):
    """scikit-learn's combinations of solver, penalty and dual."""
    if solver not in ("liblinear", "saga") and penalty not in ("l2", None):
        raise ValueError(
            f"Solver {solver} supports only 'l2' or None penalties, got {penalty} "
            "penalty."
        )
    if solver != "liblinear" and dual:
        raise ValueError(f"Solver {solver} supports only dual=False, got dual={dual}")
    if penalty == "elasticnet" and solver != "saga":
        raise ValueError(
            f"Only 'saga' solver supports elasticnet penalty, got solver={solver}."
        )
    if solver == "liblinear" and penalty is None:
        raise ValueError(
            "C=np.inf as well as penalty=None is not supported for the liblinear solver"
        )


def _penalty_strengths(penalty, C, l1_ratio):
    """``(alpha, l1_ratio)`` of ``alpha (l1_ratio |w|_1 + (1 - l1_ratio)/2
    |w|^2)`` for the effective penalty: ``alpha = 1 / C``."""
    if penalty is None or np.inf == C:
        return 0.0, 0.0
    ratio = {"l1": 1.0, "l2": 0.0}.get(penalty, l1_ratio)
    return 1.0 / C, float(ratio)


def _kernel_design(X):
    """X as the kernels take it: float64, Fortran-ordered or CSC (int32)."""
    if sparse.issparse(X):
        X = int32_csc(X, dtype=np.float64)
        X.sum_duplicates()
        return X
    return np.asfortranarray(X, dtype=np.float64)


# --------------------------------------------------------------------------
# binary: the engine's generic solver
# --------------------------------------------------------------------------


def _binary_path(
    X,
    y_pm,
    alphas,
    *,
    l1_ratio,
    sample_weight,
    fit_intercept,
    tol,
    max_iter,
    coef_init=None,
):
    """Solve ``sum_i s_i log(1 + exp(-y_i (x_i w + b))) + alpha (l1_ratio
    |w|_1 + (1 - l1_ratio)/2 |w|^2)`` along ``alphas`` (warm-started).

    ``X`` is a kernel design (:func:`_kernel_design`), ``y_pm`` labels in
    {-1, +1}.  Stops when the duality gap is at most ``tol`` times the
    objective at zero, ``sum_i s_i log 2``.  Returns ``coefs`` of shape
    ``(n_alphas, n_features + fit_intercept)`` (intercept last), the gaps,
    the iteration counts and the convergence flags.
    """
    n, p = X.shape
    n_coef = p + int(fit_intercept)
    w = np.zeros(n_coef)
    if coef_init is not None:
        w[:] = coef_init
    s = None if sample_weight is None else np.ascontiguousarray(sample_weight)
    total = n if s is None else float(s.sum())
    if l1_ratio == 1.0:
        penalty = "l1"
    elif l1_ratio == 0.0:
        penalty = "l2"
    else:
        penalty = "elasticnet"
    alphas = np.asarray(alphas, dtype=np.float64)
    if max_iter == 0:
        n_alphas = alphas.shape[0]
        return (
            np.tile(w, (n_alphas, 1)),
            np.full(n_alphas, np.inf),
            np.zeros(n_alphas, dtype=np.int32),
            np.zeros(n_alphas, dtype=bool),
        )
    with solver_threads() as n_threads:
        return glm_path_cd(
            X,
            np.ascontiguousarray(y_pm, dtype=np.float64),
            s,
            alphas,
            w,
            datafit="logistic",
            penalty=penalty,
            l1_ratio=l1_ratio,
            tol_abs=tol * total * np.log(2.0),
            max_iter=max_iter,
            n_threads=n_threads,
            fit_intercept=fit_intercept,
        )


# --------------------------------------------------------------------------
# multinomial: proximal Newton on working sets (skreg._cd_multinomial)
# --------------------------------------------------------------------------

_PENALTY_TYPES = ("entrywise", "group")


def _multinomial_design(X):
    """X as the multinomial kernel takes it: Fortran-ordered or CSC (int32
    indices), float32 kept float32."""
    dtype = X.dtype if X.dtype in (np.float32, np.float64) else np.float64
    if sparse.issparse(X):
        X = int32_csc(X, dtype=dtype)
        X.sum_duplicates()
        return X
    return np.asfortranarray(X, dtype=dtype)


def _multinomial_fit(
    X,
    Y,
    alpha,
    *,
    l1_ratio,
    sample_weight,
    fit_intercept,
    tol,
    max_iter,
    W_init,
    penalty_type="entrywise",
):
    """Minimize ``sum_i s_i (-log softmax(x_i W + b)_{y_i}) + alpha (l1_ratio
    pen(W) + (1 - l1_ratio)/2 |W|_F^2)``, ``pen`` the entrywise L1 norm or,
    with ``penalty_type="group"``, the sum of the L2 norms of W's rows.

    Proximal Newton on working sets (:func:`skreg._cd_multinomial.multinomial_path_cd`).
    ``Y`` is the one-hot label matrix (n, K); ``W_init`` of shape
    (n_features + fit_intercept, K), the intercept in the last row.  Stops
    when the duality gap is at most ``tol`` times the objective at zero,
    ``sum_i s_i log K``.  Returns ``(W, n_iter, converged)``, ``n_iter``
    the proximal Newton steps.
    """
    n, p = X.shape
    K = Y.shape[1]
    group = penalty_type == "group"
    design = _multinomial_design(X)
    labels = np.ascontiguousarray(Y.argmax(axis=1), dtype=np.int32)
    s = (
        np.ones(n)
        if sample_weight is None
        else np.ascontiguousarray(sample_weight, dtype=np.float64)
    )
    W = np.ascontiguousarray(np.asarray(W_init, dtype=np.float64)[:p].T)
    b = np.zeros(K)
    if fit_intercept:
        b[:] = W_init[p]
    if max_iter == 0:
        return np.array(W_init, dtype=np.float64), 0, False
    with solver_threads():
        coefs, intercepts, _, n_iters, converged = multinomial_path_cd(
            design, labels, s, np.array([float(alpha)]), W, b,
            l1_ratio=float(l1_ratio), group=group, fit_intercept=fit_intercept,
            tol_abs=tol * s.sum() * np.log(K), max_iter=max_iter,
        )  # fmt: skip
    out = np.empty((p + int(fit_intercept), K))
    out[:p] = coefs[0].T
    if fit_intercept:
        # The loss only sees differences of intercepts: the one of zero sum.
        out[p] = intercepts[0] - intercepts[0].mean()
    if alpha == 0 or l1_ratio == 0 or group:
        # Shifting a row of W by a constant leaves the loss unchanged, and
        # the row's mean is the shift minimizing its L2 norm (squared or
        # not): the optimum has rows of zero sum (scikit-learn's symmetric
        # parametrization), which coordinate steps only reach up to tol.
        out[:p] -= out[:p].mean(axis=1, keepdims=True)
    return out, int(n_iters[0]), bool(converged[0])


# --------------------------------------------------------------------------
# the path
# --------------------------------------------------------------------------


def _gradient_at_zero(X, Y, s, fit_intercept):
    """Gradient of the loss in W at W = 0 with the intercept at its optimum
    there (the class log-frequencies): its largest entry over ``l1_ratio``
    is 1 / C_min."""
    K = Y.shape[1]
    freq = (s @ Y) / s.sum() if fit_intercept else np.full(K, 1.0 / K)
    if Y.shape[1] == 2:  # binary: the logistic loss of the second class
        R = s * (freq[1] - Y[:, 1])
        return np.asarray(X.T @ R).ravel()
    R = s[:, None] * (freq[None, :] - Y)
    return np.asarray(X.T @ R)


def logistic_regression_path(
    X,
    y,
    *,
    Cs=10,
    l1_ratio=0.0,
    fit_intercept=True,
    tol=1e-4,
    max_iter=100,
    sample_weight=None,
    eps=1e-3,
    penalty_type="entrywise",
):
    """Logistic regression along a grid of C, warm-started from the smallest C.

    At each C, minimizes :class:`LogisticRegression`'s objective::

        sum_i s_i loss(y_i, x_i W + b)
            + (1 / C) * (l1_ratio ||W||_1 + (1 - l1_ratio) / 2 ||W||_2^2)

    (the binary logistic loss for two classes, the multinomial loss for
    more), each solution starting the next.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Training data.
    y : array-like of shape (n_samples,)
        Class labels.
    Cs : int or array-like, default=10
        The values of C, or their number: with ``l1_ratio > 0`` a geometric
        grid from ``C_min`` (the smallest C where every coefficient is zero)
        to ``C_min / eps``; with ``l1_ratio = 0``, ``np.logspace(-4, 4, Cs)``
        (scikit-learn's grid).  Solved in increasing order.
    l1_ratio : float, default=0.0
        Share of the L1 norm in the penalty, in [0, 1].
    fit_intercept : bool, default=True
        Fit an unpenalized intercept.
    tol, max_iter : float, int
        As in :class:`LogisticRegression`, for each C.
    sample_weight : array-like of shape (n_samples,), default=None
        Weights ``s_i`` (ones if None).
    eps : float, default=1e-3
        ``C_min / C_max`` of the generated grid (with ``l1_ratio > 0``).
    penalty_type : {'entrywise', 'group'}, default='entrywise'
        As in :class:`LogisticRegression`: with ``'group'`` and three
        classes or more, ``||W||_1`` becomes ``sum_j ||W[:, j]||_2`` (a
        feature's coefficients for every class form one group).  For two
        classes the two are the same.

    Returns
    -------
    Cs : ndarray of shape (n_Cs,)
        The values of C, increasing.
    coefs : ndarray of shape (n_Cs, n_classes or 1, n_features)
        Coefficients at each C (one row for two classes: the second class).
    intercepts : ndarray of shape (n_Cs, n_classes or 1)
        Intercepts at each C.
    n_iter : ndarray of shape (n_Cs,)
        Iterations run at each C.
    """
    X = check_array(X, accept_sparse=["csr", "csc"], dtype=FLOAT_DTYPES, order="F")
    y = column_or_1d(y)
    check_consistent_length(X, y)
    check_classification_targets(y)
    if not 0.0 <= l1_ratio <= 1.0:
        raise ValueError(f"l1_ratio must be in [0, 1], got {l1_ratio}.")
    if penalty_type not in _PENALTY_TYPES:
        raise ValueError(
            f"penalty_type must be one of {_PENALTY_TYPES}, got {penalty_type!r}."
        )
    classes = np.unique(y)
    if len(classes) < 2:
        raise ValueError("The path needs samples of at least 2 classes.")
    s = _check_sample_weight(sample_weight, X, dtype=np.float64)
    Y = (y[:, None] == classes[None, :]).astype(np.float64)
    if isinstance(Cs, Integral):
        if Cs < 1:
            raise ValueError(f"Cs must be a positive integer, got {Cs}.")
        if l1_ratio > 0:
            G0 = _gradient_at_zero(X, Y, s, fit_intercept)
            if penalty_type == "group" and G0.ndim == 2:
                top = np.sqrt((G0 * G0).sum(axis=1)).max()
            else:
                top = np.abs(G0).max()
            c_min = 1.0 / (l1_ratio * top) if top > 0 else 1.0
            Cs = np.geomspace(c_min, c_min / eps, Cs)
        else:
            Cs = np.logspace(-4, 4, Cs)
    Cs = np.sort(np.asarray(Cs, dtype=np.float64).ravel())
    if Cs.size == 0 or np.any(Cs <= 0):
        raise ValueError("Cs must hold positive values.")
    p = X.shape[1]
    if len(classes) == 2:
        coefs, _, n_iter, _ = _binary_path(
            _kernel_design(X),
            np.where(Y[:, 1] > 0, 1.0, -1.0),
            1.0 / Cs,
            l1_ratio=float(l1_ratio),
            sample_weight=s,
            fit_intercept=fit_intercept,
            tol=tol,
            max_iter=max_iter,
        )
        intercepts = coefs[:, p:] if fit_intercept else np.zeros((Cs.size, 1))
        return Cs, coefs[:, None, :p], intercepts, np.asarray(n_iter)
    K = len(classes)
    W = np.zeros((p + int(fit_intercept), K))
    coefs = np.empty((Cs.size, K, p))
    intercepts = np.zeros((Cs.size, K))
    n_iter = np.empty(Cs.size, dtype=np.int32)
    for k, C in enumerate(Cs):
        W, n_iter[k], _ = _multinomial_fit(
            X, Y, 1.0 / C, l1_ratio=float(l1_ratio), sample_weight=s,
            fit_intercept=fit_intercept, tol=tol, max_iter=max_iter, W_init=W,
            penalty_type=penalty_type,
        )  # fmt: skip
        coefs[k] = W[:p].T
        if fit_intercept:
            intercepts[k] = W[p]
    return Cs, coefs, intercepts, n_iter


# --------------------------------------------------------------------------
# the estimator
# --------------------------------------------------------------------------


class LogisticRegression(ClassifierMixin, BaseEstimator):
    """Logistic regression with L1, elastic-net or L2 penalty (drop-in).

    A drop-in for scikit-learn's :class:`sklearn.linear_model.LogisticRegression`
    (same parameters, defaults, fitted attributes, errors and warnings),
    solved by skreg's engine whatever ``solver`` names.

    Objective, for two classes (labels mapped to ``y_i`` in {-1, +1}, the
    second of ``classes_`` being +1)::

        sum_i s_i log(1 + exp(-y_i (x_i w + b)))
            + (1 / C) * (l1_ratio ||w||_1 + (1 - l1_ratio) / 2 ||w||_2^2)

    and for ``K >= 3`` classes (true multinomial, not one-vs-rest)::

        sum_i s_i (-log softmax(x_i W + b)_{y_i})
            + (1 / C) * (l1_ratio ||W||_1 + (1 - l1_ratio) / 2 ||W||_F^2)

    with ``W`` of shape (n_features, K) (``coef_`` is its transpose), or
    with ``penalty_type="group"``::

        sum_i s_i (-log softmax(x_i W + b)_{y_i})
            + (1 / C) * (l1_ratio sum_j ||W_j||_2 + (1 - l1_ratio) / 2 ||W||_F^2)

    ``W_j`` the coefficients of feature j for every class, so a feature is
    kept or dropped for all classes at once.  For two classes the row is a
    single coefficient and both penalties are the L1 norm.

    with ``s_i`` the sample weight times the class weight of ``y_i``.  The
    intercept ``b`` is never penalized (except with ``solver="liblinear"``,
    see below).  ``C = np.inf`` drops the penalty.  In terms of the note's
    ``lambda`` (a mean loss plus ``lambda`` times the penalty), ``C = 1 /
    (n_samples * lambda)``.

    Solvers: the names are scikit-learn's and keep its rules on which
    penalty each accepts (``'saga'`` for any ``l1_ratio``, ``'liblinear'``
    for ``l1_ratio`` 0 or 1 with two classes, the others for L2 or no
    penalty).  All of them run the same solvers: for two classes, skreg's
    prox-Newton coordinate descent with working sets (:func:`skreg._cd.glm_path_cd`),
    for more, proximal Newton on working sets with the softmax's exact
    Hessian model solved by coordinate descent, or with an L2 penalty only by a
    Cholesky factorization of the working set's block Hessian where that is
    cheaper (:func:`skreg._cd_multinomial.multinomial_path_cd`).  With
    ``'liblinear'`` the objective is liblinear's, which is reproduced: the
    intercept is the coefficient of an added constant feature equal to
    ``intercept_scaling``, penalized like the others.

    Parameters
    ----------
    penalty : {'l1', 'l2', 'elasticnet', None}, default='deprecated'
        Deprecated as in scikit-learn 1.8: use ``l1_ratio`` (and ``C=np.inf``
        for no penalty).
    C : float, default=1.0
        Inverse of the penalty strength (positive; ``np.inf``: none).
    l1_ratio : float, default=0.0
        Share of the L1 norm in the penalty, in [0, 1].
    dual : bool, default=False
        Accepted with ``solver='liblinear'`` and an L2 penalty as in
        scikit-learn; the primal problem is solved (same solution).
    tol : float, default=1e-4
        Stop when the duality gap (a bound on the objective's distance to
        its minimum) is at most ``tol`` times the objective at ``w = 0, b =
        0``: ``sum_i s_i log 2`` for two classes, ``sum_i s_i log K`` for
        ``K`` classes.  Without a penalty (``C=np.inf``), where the gap is
        not defined, the same bound applies to the decrease still available
        along each coordinate (the squared gradient over twice its
        curvature bound, summed) and, for more than two classes where the
        Newton steps are exact, to the Newton decrement (the decrease still
        available along every direction at once).
    fit_intercept : bool, default=True
        Whether to fit the intercept ``b``.
    intercept_scaling : float, default=1
        With ``solver='liblinear'`` only: the value of the added constant
        feature.
    class_weight : dict, 'balanced' or None, default=None
        Weights of the classes, multiplying the sample weights.
    random_state : int, RandomState instance or None, default=None
        Unused (the solvers are deterministic); kept for compatibility.
    solver : {'lbfgs', 'liblinear', 'newton-cg', 'newton-cholesky', 'sag', \
'saga'}, default='lbfgs'
        scikit-learn's solver name; see above for what runs.
    max_iter : int, default=100
        Maximum number of proximal Newton steps.
    verbose : int, default=0
        Unused; kept for compatibility.
    warm_start : bool, default=False
        Start from the previous ``coef_`` and ``intercept_``.
    n_jobs : int, default=None
        No effect, deprecated as in scikit-learn 1.8.
    penalty_type : {'entrywise', 'group'}, default='entrywise'
        With three classes or more, ``'group'`` replaces the L1 norm of
        ``W`` by the sum over features of the L2 norms of their
        coefficients (see the objective above); a skreg extension.  The
        same as ``'entrywise'`` for two classes.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        Coefficients, in X's float dtype.
    intercept_ : ndarray of shape (1,) or (n_classes,)
        Intercept (zeros when ``fit_intercept=False``).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of features seen during fit, when X has string feature names.
    n_iter_ : ndarray of shape (1,)
        Number of outer iterations run.

    See Also
    --------
    sklearn.linear_model.LogisticRegression : scikit-learn's estimator.

    Examples
    --------
    >>> from sklearn.datasets import load_breast_cancer
    >>> from sklearn.preprocessing import StandardScaler
    >>> from skreg.linear_model import LogisticRegression
    >>> X, y = load_breast_cancer(return_X_y=True)
    >>> X = StandardScaler().fit_transform(X)
    >>> clf = LogisticRegression(l1_ratio=1.0, C=0.1, solver="saga").fit(X, y)
    >>> int((clf.coef_ != 0).sum()) < X.shape[1]
    True
    """

    _parameter_constraints: dict = {
        "penalty": [
            StrOptions({"l1", "l2", "elasticnet"}),
            None,
            Hidden(StrOptions({"deprecated"})),
        ],
        "C": [Interval(Real, 0, None, closed="right")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both"), None],
        "dual": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "fit_intercept": ["boolean"],
        "intercept_scaling": [Interval(Real, 0, None, closed="neither")],
        "class_weight": [dict, StrOptions({"balanced"}), None],
        "random_state": ["random_state"],
        "solver": [StrOptions(set(_SOLVERS))],
        "max_iter": [Interval(Integral, 0, None, closed="left")],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "n_jobs": [None, Integral],
        "penalty_type": [StrOptions(set(_PENALTY_TYPES))],
    }

    def __init__(
        self,
        penalty="deprecated",
        *,
        C=1.0,
        l1_ratio=0.0,
        dual=False,
        tol=1e-4,
        fit_intercept=True,
        intercept_scaling=1,
        class_weight=None,
        random_state=None,
        solver="lbfgs",
        max_iter=100,
        verbose=0,
        warm_start=False,
        n_jobs=None,
        penalty_type="entrywise",
    ):
        self.penalty = penalty
        self.C = C
        self.l1_ratio = l1_ratio
        self.dual = dual
        self.tol = tol
        self.fit_intercept = fit_intercept
        self.intercept_scaling = intercept_scaling
        self.class_weight = class_weight
        self.random_state = random_state
        self.solver = solver
        self.max_iter = max_iter
        self.verbose = verbose
        self.warm_start = warm_start
        self.n_jobs = n_jobs
        self.penalty_type = penalty_type

    def _check_parameters(self):
        """The effective penalty and its strengths, with scikit-learn's
        errors and warnings; returns ``(alpha, l1_ratio)``."""
        penalty = _effective_penalty(self.penalty, self.l1_ratio, self.C)
        _check_solver(self.solver, penalty, self.dual)
        if penalty != "elasticnet" and (
            self.l1_ratio is not None and 0 < self.l1_ratio < 1
        ):
            warnings.warn(
                "l1_ratio parameter is only used when penalty is "
                f"'elasticnet'. Got (penalty={penalty})"
            )
        if (self.penalty == "l2" and self.l1_ratio != 0) or (
            self.penalty == "l1" and self.l1_ratio != 1
        ):
            warnings.warn(
                f"Inconsistent values: penalty={self.penalty} with "
                f"l1_ratio={self.l1_ratio}. penalty is deprecated. Please use "
                "l1_ratio only."
            )
        if penalty == "elasticnet" and self.l1_ratio is None:
            raise ValueError("l1_ratio must be specified when penalty is elasticnet.")
        C = self.C
        if self.penalty is None:
            if self.C != 1.0:
                warnings.warn(
                    "Setting penalty=None will ignore the C and l1_ratio parameters"
                )
            C = np.inf
        if self.n_jobs is not None:
            warnings.warn(
                "'n_jobs' has no effect since 1.8 and will be removed in 1.10. "
                f"You provided 'n_jobs={self.n_jobs}', please leave it unspecified.",
                FutureWarning,
            )
        return _penalty_strengths(penalty, C, self.l1_ratio)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the model.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights ``s_i`` of the samples' losses (ones if None).

        Returns
        -------
        self : object
            Fitted estimator.
        """
        alpha, l1_ratio = self._check_parameters()
        # Fortran order: the kernel reads columns (one copy at most).
        X, y = validate_data(
            self, X, y, accept_sparse=["csr", "csc"], dtype=FLOAT_DTYPES, order="F"
        )
        check_classification_targets(y)
        self.classes_ = np.unique(y)
        n_classes = len(self.classes_)
        liblinear = self.solver == "liblinear"
        if liblinear and n_classes > 2:
            raise ValueError(
                "Only binary classification is supported by the 'liblinear' solver. "
                "The 'liblinear' solver does not support multiclass classification"
                " (n_classes >= 3). Either use another solver or wrap the "
                "estimator in a OneVsRestClassifier to keep applying a "
                "one-versus-rest scheme."
            )
        if n_classes < 2:
            raise ValueError(
                "This solver needs samples of at least 2 classes"
                " in the data, but the data contains only one"
                f" class: {self.classes_[0]!r}"
            )
        if sample_weight is not None or self.class_weight is not None:
            sample_weight = _check_sample_weight(
                sample_weight, X, dtype=np.float64, copy=True
            )
        if sample_weight is not None:
            present = np.unique(y[sample_weight > 0])
            if len(present) < 2:
                raise ValueError(
                    "This solver needs samples of at least 2 classes with "
                    "positive sample weight, but the data contains only "
                    f"{len(present)} such class."
                )
        if self.class_weight is not None:
            class_weight = compute_class_weight(
                self.class_weight,
                classes=self.classes_,
                y=y,
                sample_weight=sample_weight,
            )
            sample_weight *= class_weight[np.searchsorted(self.classes_, y)]
        dtype = X.dtype
        p = X.shape[1]
        warm = self.warm_start and hasattr(self, "coef_")
        if n_classes == 2:
            coef, intercept, n_iter, converged = self._fit_binary(
                X, y, alpha, l1_ratio, sample_weight, liblinear, warm
            )
            coef = coef[None, :]
            intercept = np.atleast_1d(intercept)
        else:
            Y = (y[:, None] == self.classes_[None, :]).astype(np.float64)
            n_coef = p + int(self.fit_intercept)
            W0 = np.zeros((n_coef, n_classes))
            if warm and np.shape(self.coef_) == (n_classes, p):
                W0[:p] = np.asarray(self.coef_, dtype=np.float64).T
                if self.fit_intercept:
                    W0[p] = self.intercept_
            W, n_iter, converged = _multinomial_fit(
                X,
                Y,
                alpha,
                l1_ratio=l1_ratio,
                sample_weight=sample_weight,
                fit_intercept=self.fit_intercept,
                tol=self.tol,
                max_iter=self.max_iter,
                W_init=W0,
                penalty_type=self.penalty_type,
            )
            coef = W[:p].T
            intercept = W[p] if self.fit_intercept else np.zeros(n_classes)
        if not converged and self.max_iter > 0:
            warnings.warn(
                _CONVERGENCE_MESSAGE.format(max_iter=self.max_iter, tol=self.tol),
                ConvergenceWarning,
            )
        self.coef_ = np.ascontiguousarray(coef, dtype=dtype)
        self.intercept_ = np.asarray(intercept, dtype=dtype)
        self.n_iter_ = np.asarray([n_iter], dtype=np.int32)
        return self

    def _fit_binary(self, X, y, alpha, l1_ratio, sample_weight, liblinear, warm):
        """``(coef, intercept, n_iter, converged)`` of the binary problem."""
        y_pm = np.where(y == self.classes_[1], 1.0, -1.0)
        p = X.shape[1]
        if liblinear and self.fit_intercept:
            # liblinear's objective: a constant feature, penalized.
            column = np.full((X.shape[0], 1), float(self.intercept_scaling))
            X = (
                sparse.hstack([X, sparse.csr_matrix(column)], format="csc")
                if sparse.issparse(X)
                else np.hstack([X, column])
            )
        design = _kernel_design(X)
        free_intercept = self.fit_intercept and not liblinear
        init = None
        if warm and np.shape(self.coef_) == (1, p):
            init = np.asarray(self.coef_, dtype=np.float64).ravel()
            if self.fit_intercept:
                b = float(self.intercept_[0])
                if liblinear:
                    b /= self.intercept_scaling
                init = np.append(init, b)
        coefs, _, n_iters, converged = _binary_path(
            design,
            y_pm,
            [alpha],
            l1_ratio=l1_ratio,
            sample_weight=sample_weight,
            fit_intercept=free_intercept,
            tol=self.tol,
            max_iter=self.max_iter,
            coef_init=init,
        )
        w = coefs[0]
        if not self.fit_intercept:
            intercept = 0.0
        elif liblinear:
            intercept = w[p] * self.intercept_scaling
        else:
            intercept = w[p]
        return w[:p], intercept, int(n_iters[0]), bool(converged[0])

    def decision_function(self, X):
        """Confidence scores ``X @ coef_.T + intercept_``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            For two classes, the score of ``classes_[1]``.
        """
        check_is_fitted(self)
        X = validate_data(
            self,
            X,
            accept_sparse=["csr", "csc", "coo"],
            dtype=FLOAT_DTYPES,
            reset=False,
        )
        scores = X @ self.coef_.T
        if sparse.issparse(scores):
            scores = scores.toarray()
        scores = np.asarray(scores) + self.intercept_
        return scores.ravel() if scores.shape[1] == 1 else scores

    def predict(self, X):
        """Predicted class labels.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            indices = (scores > 0).astype(int)
        else:
            indices = scores.argmax(axis=1)
        return self.classes_[indices]

    def predict_proba(self, X):
        """Class probabilities (sigmoid for two classes, softmax for more).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns in the order of ``classes_``.
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return np.column_stack([expit(-scores), expit(scores)])
        return softmax(scores, axis=1)

    def predict_log_proba(self, X):
        """Logarithm of the class probabilities (computed stably, finite
        where the probability underflows).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return np.column_stack([log_expit(-scores), log_expit(scores)])
        return log_softmax(scores, axis=1)

    def sparsify(self):
        """Store ``coef_`` as a CSR matrix.

        Returns
        -------
        self : object
        """
        check_is_fitted(self)
        self.coef_ = sparse.csr_matrix(self.coef_)
        return self

    def densify(self):
        """Store ``coef_`` as a dense array (the default).

        Returns
        -------
        self : object
        """
        check_is_fitted(self)
        if sparse.issparse(self.coef_):
            self.coef_ = self.coef_.toarray()
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        if self.solver == "liblinear":
            tags.classifier_tags.multi_class = False
        return tags
