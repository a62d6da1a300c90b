"""L0Regressor and l0_path: best-subset least squares.

The estimator reduces its problem to unit-norm columns and a centered,
weighted response (this module), hands it to the solver
(:mod:`._l0_solver`), and maps the solution back with an exact
least-squares refit on the selected support in the original scale.
"""

import numbers
import warnings

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions, validate_params
from sklearn.utils.validation import (
    _check_sample_weight,
    check_X_y,
    validate_data,
)

from skreg.linear_model import _l0_solver
from skreg.linear_model._base import (
    FLOAT_DTYPES,
    LinearPredictMixin,
    centering_offsets,
    intercept_from_offsets,
    rescale_sample_weight,
)
from skreg.utils._callbacks import ProgressMixin
from skreg.utils._threading import single_threaded_blas

# Floor of the relative singular-value cut-off below which a support counts
# as dependent (see _StandardizedProblem).
MIN_DEPENDENCE_CUT = 1e-8


def _column_norms(A):
    """Euclidean norms of A's columns, free of overflow and underflow in
    the squares (data at 1e-160 or 1e160 is legal)."""
    peak = np.abs(A).max(axis=0, initial=0.0)
    safe = np.where(peak > 0, peak, 1.0)
    scaled = A / safe
    return peak * np.sqrt(np.einsum("ij,ij->j", scaled, scaled))


class _StandardizedProblem:
    """The fit's data in solver form.

    ``Z`` holds the centered (when fitting an intercept), sqrt-weighted
    columns of X scaled to unit norm; ``u`` the centered, sqrt-weighted y.
    Then ``||u - Z w||^2`` equals ``sum_i s_i (y_i - x_i coef - b)^2`` with
    ``coef = w / column_norms`` and the intercept from the offsets.
    Constant columns have zero norm and stay zero in ``Z``, so the solver
    can never select them.
    """

    def __init__(self, X, y, *, fit_intercept, sample_weight):
        n_samples, n_features = X.shape
        data_eps = float(np.finfo(X.dtype).eps)
        self.sample_weight = rescale_sample_weight(sample_weight, n_samples)
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        self.X_offset, self.y_offset = centering_offsets(
            X, y, fit_intercept=fit_intercept, sample_weight=self.sample_weight
        )
        # Z is built in one copy of X, centered, weighted and scaled in place.
        Z = X - self.X_offset
        u = y - self.y_offset
        self.root_weight = None
        if self.sample_weight is not None:
            self.root_weight = np.sqrt(self.sample_weight)
            Z *= self.root_weight[:, None]
            u = u * self.root_weight
        norms = _column_norms(Z)
        # A centered column this small relative to the data is constant up
        # to rounding: treat it as zero rather than amplify the rounding.
        scale = np.maximum(X.max(axis=0), -X.min(axis=0)) * np.sqrt(n_samples)
        if self.root_weight is not None:
            scale *= self.root_weight.max()
        self.active = norms > 1e3 * np.finfo(np.float64).eps * scale
        # The rounding of the data: X's entries carry a relative error of
        # data_eps (float32 data is exact in float64, but dependent float32
        # columns are independent at 1e-7), and centering keeps the rounding
        # of the uncentered values.  Measured against each column's
        # uncentered norm, a support whose smallest singular value is at most
        # dependence_cut times its largest is dependent up to that rounding
        # (see _l0_solver.ExhaustiveSearch); so is a column of relative
        # centered norm below dependence_cut on its own.  The floor keeps
        # the coefficients meaningful: on a support conditioned beyond
        # 1 / dependence_cut, the float64 rounding of the coefficients alone
        # moves the predictions by more than 1e-8 relative.
        raw = X if self.root_weight is None else X * self.root_weight[:, None]
        raw_norms = _column_norms(raw)
        # The rounding perturbs each raw-scaled column by at most data_eps
        # (relative), whatever n: a cut growing with n (LAPACK's default)
        # would make a float32 column of mean 100 and spread 1 constant at
        # 10^4 samples.
        self.dependence_cut = max(100 * data_eps, MIN_DEPENDENCE_CUT)
        self.relative_norms = norms / np.where(raw_norms > 0, raw_norms, 1.0)
        self.active &= self.relative_norms > self.dependence_cut
        Z /= np.where(self.active, norms, 1.0)
        if not self.active.all():
            Z[:, ~self.active] = 0.0
        self.X = X
        self.y = y
        self.Z = Z
        self.u = u
        self.n_samples = n_samples
        self.u_norm2 = float(u @ u)
        self.q = Z.T @ u
        self.gram = _l0_solver.GramColumns(Z)
        self._exhaustive = None

    @property
    def n_active(self):
        return int(np.count_nonzero(self.active))

    def exhaustive_search(self, size):
        """The exhaustive search when supports of ``size`` are few enough
        to enumerate, else None."""
        if not _l0_solver.ExhaustiveSearch.affordable(self.n_active, size):
            return None
        if self._exhaustive is None:
            self._exhaustive = _l0_solver.ExhaustiveSearch(
                self.Z,
                self.u,
                np.flatnonzero(self.active),
                self.relative_norms[self.active],
                self.dependence_cut,
            )
        return self._exhaustive

    def weighted_rss(self, coef, intercept):
        """``sum_i s_i (y_i - x_i coef - intercept)^2`` in float64."""
        residual = self.y - self.X @ np.asarray(coef, np.float64) - float(intercept)
        if self.sample_weight is None:
            return float(residual @ residual)
        return float(self.sample_weight @ residual**2)

    def tol_abs(self, tol):
        """Absolute RSS decrease below which the solver stops."""
        return tol * max(self.u_norm2, np.finfo(np.float64).tiny)

    def refit(self, support, fit_intercept):
        """Least squares on ``support`` in the original scale.

        Returns the full coefficient vector, the intercept and the weighted
        RSS.  The support's columns are re-centered from X itself (not read
        back from the scaled Z) and ``lstsq`` is used, so the refit is exact
        to rounding even for an ill-conditioned support.
        """
        coef = np.zeros(self.X.shape[1])
        columns = self.X[:, support] - self.X_offset[support]
        if self.root_weight is not None:
            columns *= self.root_weight[:, None]
        if support.size:
            # Unit-norm columns: lstsq's relative cut-off then concerns the
            # columns' directions, not their scales.
            norms = _column_norms(columns)
            coef[support] = (
                np.linalg.lstsq(columns / norms, self.u, rcond=None)[0] / norms
            )
        residual = self.u - columns @ coef[support]
        intercept = intercept_from_offsets(
            coef, self.X_offset, self.y_offset, fit_intercept
        )
        return coef, float(intercept), float(residual @ residual)


def _objective(rss, n_samples, support_size, alpha):
    return rss / (2 * n_samples) + (alpha or 0.0) * support_size


class L0Regressor(ProgressMixin, LinearPredictMixin, RegressorMixin, BaseEstimator):
    """Best-subset linear regression (L0 constraint or L0 penalty).

    Constrained form (``n_nonzero_coefs=k``)::

        minimize  1/(2 n) ||y - X w - b||_2^2   subject to  ||w||_0 <= k

    Penalized form (``alpha``)::

        minimize  1/(2 n) ||y - X w - b||_2^2 + alpha * ||w||_0

    where ``n`` is the number of samples, ``||w||_0`` counts nonzero
    coefficients and the intercept ``b`` is not penalized.  With
    ``sample_weight`` the squared residuals are weighted by the weights
    rescaled to sum to ``n``.

    The two parameters combine rather than conflict.  With only
    ``n_nonzero_coefs`` set, the constrained form is solved; with only
    ``alpha`` set, the penalized form.  With both set, the penalized
    objective is minimized subject to ``||w||_0 <= n_nonzero_coefs``: the
    penalty chooses the support size and ``n_nonzero_coefs`` caps it, so a
    grid search over ``alpha`` with a fixed ``n_nonzero_coefs`` (or the
    reverse) keeps both meanings.  When both are None, ``n_nonzero_coefs``
    defaults to ``max(int(0.1 * n_features), 1)`` as in
    :class:`~sklearn.linear_model.OrthogonalMatchingPursuit`.  To choose the
    support size from the data, see :class:`L0RegressorCV` and
    :class:`L0RegressorIC`.

    The problem is NP-hard.  When the supports of the requested size are
    few (at most 5000, among at most 64 non-constant features, e.g. k <= 4
    of 20 features, or any k of 12), every one is scored by least squares
    on a QR reduction of the design and the fit is the global best subset.
    Otherwise the solver is a heuristic that is exact on easy designs and
    very often finds the best subset on hard ones:

    1. accelerated normalized iterative hard thresholding (NIHT step, safe
       step 1/L with L from power iteration, Nesterov momentum) followed by
       hard-thresholding pursuit (least-squares refit on the support);
    2. an exact one-swap local search: the pair (feature out, feature in)
       that lowers the residual sum of squares most is swapped in, until no
       swap helps (each round scores all pairs in O(n_features * k^2));
    3. the same local search from other starting supports (forward stepwise
       selection; with at most 64 non-constant features, also forward
       selections forced to begin with each of the five next-best single
       features; the previous fit when ``warm_start``) and from random
       perturbations of the best support (see ``n_restarts``); the best
       subset found wins;
    4. with at most 64 non-constant features, exact two-swap moves from
       the winner: the exchange of two support features for two others
       that lowers the residual sum of squares most is made and the
       one-swap search resumes, until no such exchange helps.

    Only *independent* supports are selected: after centering and weighting,
    each column scaled by the norm of its uncentered values, the smallest
    singular value of the support's columns must exceed
    ``max(100 * eps, 1e-8)`` times the largest
    (``eps`` of X's dtype).  Duplicated, collinear and constant columns, and
    columns that differ only where the sample weight is zero, are therefore
    never selected together with what they depend on; the coefficients of
    a support so close to dependence would be rounding.  (The local search
    is coarser: there a centered unit-norm column within 3e-5 of the span
    of the support counts as dependent.)

    Columns are centered (with an intercept) and scaled to unit norm inside
    the solver; the coefficients are an exact least-squares refit on the
    selected support in the original scale.  The penalized form walks
    k = 0, 1, 2, ..., each k by the exhaustive search when it is cheap, else
    by the local search warm started from k - 1 (see :func:`l0_path`); it
    stops once ``alpha * k`` exceeds the best objective found (no larger
    support can beat it), then, when the best k came from the local search,
    polishes it with the full solver.

    Parameters
    ----------
    n_nonzero_coefs : int, default=None
        Maximum number of nonzero coefficients k (constrained form; with
        ``alpha`` also set, the cap on the support size).  The fit has
        ``min(k, r)`` nonzero coefficients, r the number of independent
        columns (the numerical rank of the centered, weighted X; see above).
        Values at or above r give ordinary least squares; when fewer than
        ``min(k, n_features)`` features are selected, a ``RuntimeWarning``
        is raised (as
        :class:`~sklearn.linear_model.OrthogonalMatchingPursuit` does).
    alpha : float, default=None
        Price of each nonzero coefficient (penalized form), in units of
        the data-fit term ``1/(2n) ||y - Xw - b||^2``.  With
        ``n_nonzero_coefs`` also set, the support size chosen by the
        penalty is capped at ``n_nonzero_coefs``.
    fit_intercept : bool, default=True
        Whether to fit an unpenalized intercept.
    max_iter : int, default=100
        Maximum number of iterative hard thresholding iterations (and of
        hard-thresholding pursuit iterations) per fit.
    tol : float, default=1e-7
        Relative tolerance: IHT stops, and the local search stops swapping,
        when the residual sum of squares would drop by less than
        ``tol * ||y - mean(y)||^2``.
    n_restarts : int, default=3
        Random perturbations ("kicks") of the best support restart the local
        search until ``n_restarts`` kicks in a row bring no improvement
        (at most ``4 * n_restarts`` kicks in all); 0 disables them.
    warm_start : bool, default=False
        When True, the support of the previous fit is used as an extra
        starting point.
    random_state : int, RandomState instance or None, default=None
        Seeds the random perturbations of the restarts.  Pass an int for
        reproducible results.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        Coefficients, in X's dtype; at most ``n_nonzero_coefs_`` are nonzero.
    intercept_ : float
        Intercept, in X's dtype (the float 0.0 when ``fit_intercept=False``).
    support_ : ndarray of shape (n_features,), dtype=bool
        Mask of the selected features (the nonzero coefficients).
    n_nonzero_coefs_ : int
        Number of nonzero coefficients of the solution: at most k in the
        constrained form (fewer only when no further feature lowers the RSS,
        e.g. k above the rank of X), the size chosen by the penalty in the
        penalized form.
    n_iter_ : int
        Work done by the solver: supports scored by the exhaustive search,
        or IHT and hard-thresholding pursuit iterations plus local-search
        moves (feature additions and swaps), summed over all starting points
        (and, for ``alpha``, over the path).
    objective_ : float
        Value of the minimized objective at the solution:
        ``1/(2n) sum_i s_i (y_i - x_i coef_ - intercept_)^2``, plus
        ``alpha * ||coef_||_0`` in the penalized form.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of features seen during fit, when X has string column names.

    See Also
    --------
    l0_path : Best-subset solutions for a range of support sizes.
    sklearn.linear_model.OrthogonalMatchingPursuit : Greedy forward selection.

    Examples
    --------
    >>> import numpy as np
    >>> from skreg.linear_model import L0Regressor
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((50, 20))
    >>> y = 3 * X[:, 2] - 2 * X[:, 7] + 1.0
    >>> reg = L0Regressor(n_nonzero_coefs=2, random_state=0).fit(X, y)
    >>> np.flatnonzero(reg.support_)
    array([2, 7])
    >>> np.round(reg.coef_[[2, 7]], 6), round(reg.intercept_, 6)
    (array([ 3., -2.]), 1.0)
    """

    _accepts_sparse_input = False

    _parameter_constraints: dict = {
        "n_nonzero_coefs": [Interval(numbers.Integral, 0, None, closed="left"), None],
        "alpha": [Interval(numbers.Real, 0, None, closed="left"), None],
        "fit_intercept": ["boolean"],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "tol": [Interval(numbers.Real, 0, None, closed="left")],
        "n_restarts": [Interval(numbers.Integral, 0, None, closed="left")],
        "warm_start": ["boolean"],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        n_nonzero_coefs=None,
        alpha=None,
        *,
        fit_intercept=True,
        max_iter=100,
        tol=1e-7,
        n_restarts=3,
        warm_start=False,
        random_state=None,
    ):
        self.n_nonzero_coefs = n_nonzero_coefs
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.n_restarts = n_restarts
        self.warm_start = warm_start
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        """Fit the best-subset model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Target values.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the squared residuals (rescaled to sum to n_samples).

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        previous_support = (
            np.flatnonzero(self.support_)
            if self.warm_start and hasattr(self, "support_")
            else None
        )
        X, y = validate_data(
            self, X, y, dtype=FLOAT_DTYPES, y_numeric=True, ensure_min_samples=2
        )
        n_features = X.shape[1]
        if previous_support is not None and previous_support.max(initial=-1) >= (
            n_features
        ):
            previous_support = None
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float64)
        rng = check_random_state(self.random_state)
        initial = [] if previous_support is None else [previous_support]
        # The restarts and swaps run inside the solver: the fit is one step.
        with (
            self._fit_progress(X, y, n_steps=1, step_name="Solve") as progress,
            single_threaded_blas(),
        ):
            problem = _StandardizedProblem(
                X, y, fit_intercept=self.fit_intercept, sample_weight=sample_weight
            )
            if self.alpha is None:
                k = (
                    max(int(0.1 * n_features), 1)
                    if self.n_nonzero_coefs is None
                    else self.n_nonzero_coefs
                )
                support, n_iter = self._solve_constrained(problem, k, rng, initial)
            else:
                support, n_iter = self._solve_penalized(problem, rng, initial)
            coef, intercept, rss = problem.refit(support, self.fit_intercept)
            progress.step()
        self.support_ = coef != 0
        # Solved in float64, returned in X's dtype as scikit-learn's
        # OrthogonalMatchingPursuit and Lasso do (intercept_ a NumPy scalar
        # of that dtype; the float 0.0 without an intercept, as theirs).
        if self.fit_intercept:
            intercept = X.dtype.type(intercept)
        if X.dtype != np.float64:
            # The objective is that of the returned coefficients.
            coef = coef.astype(X.dtype)
            rss = problem.weighted_rss(coef, intercept)
        self.coef_ = coef
        self.intercept_ = intercept
        self.n_nonzero_coefs_ = int(np.count_nonzero(self.support_))
        self.n_iter_ = int(n_iter)
        self.objective_ = _objective(
            rss, problem.n_samples, self.n_nonzero_coefs_, self.alpha
        )
        return self

    def _solve_constrained(self, problem, k, rng, initial):
        k = min(k, problem.Z.shape[1])
        exact = _exhaustive_best_up_to(problem, k)
        if exact is not None:
            support, n_iter = exact
        else:
            fit, n_iter = _l0_solver.solve_best_subset(
                problem.gram,
                problem.q,
                problem.u_norm2,
                k,
                max_iter=self.max_iter,
                tol_abs=problem.tol_abs(self.tol),
                n_restarts=self.n_restarts,
                rng=rng,
                initial_supports=initial,
                n_seeded_starts=_seeded_starts(problem),
                pair_swaps=_pair_swaps(problem),
            )
            support = fit.support
        if support.size < k:
            # scikit-learn's OMP warns in the same situation.
            warnings.warn(
                f"L0Regressor selected {support.size} features although "
                f"n_nonzero_coefs={k}: no other feature lowers the residual sum "
                "of squares (the remaining ones are linearly dependent on the "
                "selected ones, constant, or the fit is already exact).",
                RuntimeWarning,
                stacklevel=3,
            )
        return np.sort(support), n_iter

    def _solve_penalized(self, problem, rng, initial):
        n = problem.n_samples
        tol_abs = problem.tol_abs(self.tol)
        gram, q, u_norm2 = problem.gram, problem.q, problem.u_norm2
        fit = _l0_solver.SupportFit(gram, q, u_norm2, np.zeros(0, np.intp))
        best_support, best_obj = fit.support, _objective(fit.rss, n, 0, self.alpha)
        best_is_exact = True
        n_iter = 0
        k_max = min(problem.Z.shape[1], problem.n_active)
        if self.n_nonzero_coefs is not None:
            k_max = min(k_max, self.n_nonzero_coefs)
        for k in range(1, k_max + 1):
            # Any support of size k costs at least alpha * k: stop when that
            # alone exceeds the best objective found.
            if self.alpha * k >= best_obj:
                break
            search = problem.exhaustive_search(k)
            if search is not None:
                support, rss, scored = search.best(k)
                n_iter += scored
                if support is None:
                    break  # every support of size k (or more) is dependent
                obj = _objective(rss, n, k, self.alpha)
                if obj < best_obj:
                    best_support, best_obj, best_is_exact = support, obj, True
                # The local search of a larger size starts from here.
                fit = _l0_solver.SupportFit(gram, q, u_norm2, support)
                continue
            fit, moves = _l0_solver.local_search(
                gram, q, u_norm2, fit.support, k, tol_abs, self.max_iter
            )
            n_iter += moves
            if fit.support.size < k:
                break  # no column lowers the RSS any more
            obj = _objective(fit.rss, n, fit.support.size, self.alpha)
            if obj < best_obj - tol_abs / (2 * n):
                best_support, best_obj, best_is_exact = fit.support, obj, False
        if best_is_exact:
            return np.sort(best_support), n_iter
        polished, more = _l0_solver.solve_best_subset(
            gram,
            q,
            u_norm2,
            best_support.size,
            max_iter=self.max_iter,
            tol_abs=tol_abs,
            n_restarts=self.n_restarts,
            rng=rng,
            initial_supports=[best_support, *initial],
            n_seeded_starts=_seeded_starts(problem),
            pair_swaps=_pair_swaps(problem),
        )
        return np.sort(polished.support), n_iter + more


def _seeded_starts(problem):
    """Extra local-search starts on designs small enough to afford them."""
    if problem.n_active <= _l0_solver.EXACT_MAX_FEATURES:
        return _l0_solver.SEEDED_STARTS
    return 0


def _pair_swaps(problem):
    """Two-swap moves on designs small enough to afford them."""
    return problem.n_active <= _l0_solver.PAIR_SWAPS_MAX_FEATURES


def _exhaustive_best_up_to(problem, k):
    """Global best support of at most k features by enumeration, as
    ``(support, n_supports_scored)``, or None when some size to enumerate
    has too many supports (the local search then runs instead)."""
    n_scored = 0
    for size in range(min(k, problem.n_active), -1, -1):
        search = problem.exhaustive_search(size)
        if search is None:
            return None
        support, _, scored = search.best(size)
        n_scored += scored
        if support is not None:
            return support, n_scored
    raise AssertionError("the empty support is always independent")


@validate_params(
    {
        "X": ["array-like"],
        "y": ["array-like"],
        "n_nonzero_coefs": ["array-like", None],
        "fit_intercept": ["boolean"],
        "sample_weight": ["array-like", None],
        "tol": [Interval(numbers.Real, 0, None, closed="left")],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "return_n_iter": ["boolean"],
        "method": [StrOptions({"local_search"})],
    },
    prefer_skip_nested_validation=True,
)
def l0_path(
    X,
    y,
    *,
    n_nonzero_coefs=None,
    fit_intercept=True,
    sample_weight=None,
    tol=1e-7,
    max_iter=1000,
    return_n_iter=False,
    method="local_search",
):
    """Best-subset least-squares solutions for a range of support sizes.

    For each k in ``n_nonzero_coefs`` (visited in increasing order), solves
    ``minimize 1/(2n) ||y - X w - b||^2 subject to ||w||_0 <= k`` by the
    exact one-swap local search of :class:`L0Regressor`, warm started from
    the solution for the previous k plus the best single added feature.  A
    sweep over all k therefore costs about one fit, and the training RSS is
    non-increasing in k.  The intercept is not penalized.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Training data.
    y : array-like of shape (n_samples,)
        Target values.
    n_nonzero_coefs : array-like of int, default=None
        Support sizes; default ``range(0, min(n_samples, n_features) + 1)``.
    fit_intercept : bool, default=True
        Whether to fit an unpenalized intercept.
    sample_weight : array-like of shape (n_samples,), default=None
        Weights of the squared residuals (rescaled to sum to n_samples).
    tol : float, default=1e-7
        Relative RSS decrease below which the local search stops.
    max_iter : int, default=1000
        Maximum number of local-search moves per support size.
    return_n_iter : bool, default=False
        Whether to return the number of moves per support size.
    method : {"local_search"}, default="local_search"
        Solver along the path (the only one for now).

    Returns
    -------
    n_nonzero_coefs : ndarray of shape (n_ks,)
        The support sizes, sorted increasingly.
    coefs : ndarray of shape (n_features, n_ks)
        Coefficients for each support size.
    intercepts : ndarray of shape (n_ks,)
        Intercepts for each support size.
    rss : ndarray of shape (n_ks,)
        Training data-fit ``1/(2n) sum_i s_i (y_i - x_i w - b)^2``,
        non-increasing in k.
    n_iters : ndarray of shape (n_ks,)
        Local-search moves per support size; only if ``return_n_iter``.

    Examples
    --------
    >>> import numpy as np
    >>> from skreg.linear_model import l0_path
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((40, 8))
    >>> y = X[:, 1] - 2 * X[:, 4]
    >>> ks, coefs, intercepts, rss = l0_path(X, y, n_nonzero_coefs=[0, 1, 2, 3])
    >>> [np.flatnonzero(c).tolist() for c in coefs.T]
    [[], [4], [1, 4], [1, 4]]
    """
    X, y = check_X_y(X, y, dtype=FLOAT_DTYPES, y_numeric=True, ensure_min_samples=2)
    n_samples, n_features = X.shape
    if n_nonzero_coefs is None:
        ks = np.arange(0, min(n_samples, n_features) + 1)
    else:
        ks = np.asarray(n_nonzero_coefs)
        if ks.ndim != 1 or ks.size == 0 or not np.issubdtype(ks.dtype, np.integer):
            raise ValueError(
                "n_nonzero_coefs must be a non-empty 1-D sequence of integers; "
                f"got {n_nonzero_coefs!r}."
            )
        if np.any(ks < 0):
            raise ValueError(f"n_nonzero_coefs must be >= 0; got {ks.min()}.")
        ks = np.unique(ks)
    if sample_weight is not None:
        sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float64)
    with single_threaded_blas():
        problem = _StandardizedProblem(
            X, y, fit_intercept=fit_intercept, sample_weight=sample_weight
        )
        fits, moves = _path_fits(problem, ks, tol, max_iter)
    coefs = np.zeros((n_features, ks.size))
    intercepts = np.zeros(ks.size)
    rss = np.zeros(ks.size)
    for col, fit in enumerate(fits):
        coefs[:, col], intercepts[col], rss[col] = problem.refit(
            np.sort(fit.support), fit_intercept
        )
    # Exact refits can differ from the solver's RSS by rounding; keep the
    # path monotone as the warm starts guarantee it in exact arithmetic.
    rss = np.minimum.accumulate(rss) / (2 * n_samples)
    if return_n_iter:
        return ks, coefs, intercepts, rss, np.asarray(moves)
    return ks, coefs, intercepts, rss


def _path_fits(problem, ks, tol, max_iter):
    return _l0_solver.best_subset_path(
        problem.gram,
        problem.q,
        problem.u_norm2,
        [int(min(k, problem.Z.shape[1])) for k in ks],
        tol_abs=problem.tol_abs(tol),
        max_iter=max_iter,
    )
