"""LogisticRegressionCV: C (and l1_ratio) chosen by cross-validation.

Each (fold, l1_ratio) pair is one warm-started call of
:func:`~skreg.linear_model.logistic_regression_path` on the training part,
scored on the held-out part; the jobs run through joblib (any backend,
Dask's included).  The winner is refitted by :class:`LogisticRegression`.
"""

import inspect
import numbers
import warnings
from numbers import Integral

import numpy as np
from scipy import sparse
from sklearn.base import _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import get_scorer, get_scorer_names, make_scorer
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import metadata_routing
from sklearn.utils._param_validation import Hidden, Interval, StrOptions
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.metadata_routing import _raise_for_params
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    _check_method_params,
    _check_sample_weight,
    _deprecate_positional_args,
    validate_data,
)

from skreg.linear_model._cv_routing import (
    cv_metadata_router,
    routed_fit_params,
    routed_score_params,
)
from skreg.linear_model._logistic import (
    LogisticRegression,
    _check_solver,
    logistic_regression_path,
)
from skreg.linear_model._path_cv import cv_folds, fold_results

_PENALTY_L1_RATIO = {"l1": 1.0, "l2": 0.0}
# Logit gap of a class absent from a training fold (exp(-1000) underflows).
_ABSENT_LOGIT = 1e3


def _cv_penalty(penalty, l1_ratios):
    """The effective penalty of ``(penalty, l1_ratios)`` with scikit-learn
    1.9's deprecation warning; ``l1_ratios`` is None for "not given"."""
    if penalty != "deprecated":
        warnings.warn(
            "'penalty' was deprecated in version 1.8 and will be removed in"
            " 1.10. To avoid this warning, leave 'penalty' set to its default"
            " value and use 'l1_ratios' and 'Cs' instead."
            " Use l1_ratios=(0,) instead of penalty='l2',"
            " l1_ratios=(1,) instead of penalty='l1',"
            " l1_ratios set to floats between 0 and 1 instead of"
            " penalty='elasticnet', and Cs=(np.inf,) instead of penalty=None.",
            FutureWarning,
        )
        return penalty
    if l1_ratios is None:
        return "l2"
    ratios = np.asarray(l1_ratios)
    if np.all(ratios == 0):
        return "l2"
    if np.all(ratios == 1):
        return "l1"
    return "elasticnet"


def _fold_scorer(scoring, classes):
    """The scorer of one fold: ``scoring`` told every class label (a test
    fold may miss some) and, for two classes, that the second is positive."""
    scorer = get_scorer(scoring)
    if scorer is None:
        return None
    score_func = getattr(scorer, "_score_func", None)
    if score_func is None:
        return scorer
    accepted = inspect.signature(score_func).parameters
    if "labels" not in accepted:
        return scorer
    extra = {"labels": classes}
    if len(classes) <= 2 and "pos_label" in accepted:
        extra["pos_label"] = classes[-1]
    return make_scorer(
        score_func,
        greater_is_better=scorer._sign == 1,
        response_method=scorer._response_method,
        **extra,
        **getattr(scorer, "_kwargs", {}),
    )


def _path_over_classes(X, y, n_classes, **path_params):
    """:func:`logistic_regression_path` on class indices ``y`` with the
    coefficients of all ``n_classes`` classes, also those the training part
    misses (a fold of a small or unstratified split).

    The loss of a missing class has no minimum: its probability tends to
    zero.  It gets zero coefficients and an intercept ``_ABSENT_LOGIT``
    below the present classes' (a probability that underflows to zero,
    kept finite so that fold averages stay finite), the present classes
    their own path's solution.  Returns ``(coefs, intercepts, n_iter)`` of shapes
    (n_Cs, n_classes or 1, n_features), (n_Cs, n_classes or 1), (n_Cs,).
    """
    present = np.unique(y)
    if len(present) == n_classes:
        _, coefs, intercepts, n_iter = logistic_regression_path(X, y, **path_params)
        return coefs, intercepts, np.asarray(n_iter)
    n_cs, n_features = len(path_params["Cs"]), X.shape[1]
    n_out = 1 if n_classes == 2 else n_classes
    coefs = np.zeros((n_cs, n_out, n_features))
    intercepts = np.zeros((n_cs, n_out))
    n_iter = np.zeros(n_cs, dtype=np.int32)
    if len(present) == 1:
        if n_classes == 2:
            intercepts[:] = _ABSENT_LOGIT if present[0] == 1 else -_ABSENT_LOGIT
        else:
            intercepts[:] = -_ABSENT_LOGIT
            intercepts[:, present[0]] = 0.0
        return coefs, intercepts, n_iter
    _, sub_coefs, sub_intercepts, n_iter = logistic_regression_path(
        X, np.searchsorted(present, y), **path_params
    )
    if len(present) == 2:
        # the binary logit of present[1] against present[0], split evenly
        half_coef, half_intercept = sub_coefs[:, 0] / 2, sub_intercepts[:, 0] / 2
        sub_coefs = np.stack([-half_coef, half_coef], axis=1)
        sub_intercepts = np.stack([-half_intercept, half_intercept], axis=1)
    coefs[:, present] = sub_coefs
    intercepts[:] = sub_intercepts.min(axis=1, keepdims=True) - _ABSENT_LOGIT
    intercepts[:, present] = sub_intercepts
    return coefs, intercepts, np.asarray(n_iter)


def _scored_fold_path(
    train,
    test,
    *,
    X,
    y,
    sample_weight,
    classes,
    Cs,
    l1_ratio,
    fit_intercept,
    penalized_intercept,
    intercept_scaling,
    tol,
    max_iter,
    scoring,
    score_params,
):
    """One warm-started path on ``train``, each C scored on ``test``.

    ``y`` holds class indices.  ``penalized_intercept`` is liblinear's
    objective: the intercept is the coefficient of a constant column equal
    to ``intercept_scaling``.  Returns ``(coefs, scores, n_iter)``: coefs
    of shape (n_Cs, n_classes or 1, n_features + fit_intercept) (intercept
    last), in the order of ``Cs``.
    """
    X_train, y_train = X[train], y[train]
    sw_train = None if sample_weight is None else sample_weight[train]
    n_features = X.shape[1]
    if penalized_intercept:
        column = np.full((X_train.shape[0], 1), float(intercept_scaling))
        X_train = (
            sparse.hstack([X_train, column], format="csr")
            if sparse.issparse(X_train)
            else np.hstack([X_train, column])
        )
    coefs, intercepts, n_iter = _path_over_classes(
        X_train,
        y_train,
        len(classes),
        Cs=Cs,
        l1_ratio=l1_ratio,
        fit_intercept=fit_intercept and not penalized_intercept,
        tol=tol,
        max_iter=max_iter,
        sample_weight=sw_train,
    )
    if penalized_intercept:
        intercepts = intercepts + coefs[:, :, n_features] * intercept_scaling
        coefs = coefs[:, :, :n_features]
    # The path solves the C in increasing order: back to the order of Cs.
    rank = np.argsort(np.argsort(Cs, kind="stable"), kind="stable")
    coefs, intercepts, n_iter = coefs[rank], intercepts[rank], np.asarray(n_iter)[rank]
    if max_iter > 0 and np.any(n_iter >= max_iter):
        warnings.warn(
            f"The solver did not converge within max_iter={max_iter} iterations "
            f"(tol={tol}) on a cross-validation fold; increase max_iter or tol.",
            ConvergenceWarning,
        )

    model = LogisticRegression(fit_intercept=fit_intercept)
    model.classes_ = classes
    model.n_features_in_ = n_features
    X_test, y_test = X[test], classes[y[test]]
    sw_test = None if sample_weight is None else sample_weight[test]
    scorer = _fold_scorer(scoring, classes)
    if scorer is not None:
        score_params = _check_method_params(X, params=score_params or {}, indices=test)
    scores = np.empty(len(Cs))
    for k in range(len(Cs)):
        model.coef_ = coefs[k]
        model.intercept_ = intercepts[k] if fit_intercept else np.zeros(len(coefs[k]))
        if scorer is None:
            scores[k] = model.score(X_test, y_test, sample_weight=sw_test)
        else:
            scores[k] = scorer(model, X_test, y_test, **score_params)
    if fit_intercept:
        coefs = np.concatenate([coefs, intercepts[:, :, None]], axis=2)
    return coefs, scores, n_iter


class LogisticRegressionCV(LogisticRegression):
    """Logistic regression with C and l1_ratio chosen by cross-validation.

    A drop-in for scikit-learn's
    :class:`sklearn.linear_model.LogisticRegressionCV` (same parameters,
    defaults, fitted attributes, errors and warnings).  Every candidate
    minimizes :class:`LogisticRegression`'s objective: for two classes
    (labels mapped to ``y_i`` in {-1, +1}, the second of ``classes_`` being
    +1)::

        sum_i s_i log(1 + exp(-y_i (x_i w + b)))
            + (1 / C) * (l1_ratio ||w||_1 + (1 - l1_ratio) / 2 ||w||_2^2)

    and for ``K >= 3`` classes the multinomial loss ``sum_i s_i (-log
    softmax(x_i W + b)_{y_i})`` with the same penalty on every entry of
    ``W``; ``s_i`` is the sample weight times the class weight of ``y_i``
    and the intercept is not penalized (except with ``solver='liblinear'``,
    whose objective, with the intercept a penalized coefficient of a
    constant feature equal to ``intercept_scaling``, is reproduced).  In
    terms of the note's ``lambda``, ``C = 1 / (n_samples * lambda)``.

    For each fold and each l1_ratio, one call of
    :func:`~skreg.linear_model.logistic_regression_path` solves all the
    ``Cs`` on the training part, each solution warm-starting the next
    (from the smallest C, where the model is sparsest), and each C is
    scored on the held-out part.  These ``n_folds * n_l1_ratios`` paths
    run through joblib (``n_jobs``; any joblib backend, e.g. Dask's).  With
    ``refit=True`` the (C, l1_ratio) of best mean score is refitted on all
    the data by :class:`LogisticRegression` (from zero, so the model equals
    that estimator's fit at ``C_`` and ``l1_ratio_``).

    Parameters
    ----------
    Cs : int or array-like, default=10
        Values of C, or their number: ``np.logspace(-4, 4, Cs)``.
    l1_ratios : array-like of float, default=None
        Shares of the L1 norm in the penalty, in [0, 1], all
        cross-validated.  Not given (the default, deprecated as in
        scikit-learn 1.8): the L2 penalty, and the fitted attributes have no
        l1_ratio axis.
    fit_intercept : bool, default=True
        Whether to fit the intercept ``b``.
    cv : int, cross-validation generator or iterable, default=None
        As in scikit-learn: None is 5-fold stratified.
    dual : bool, default=False
        Accepted with ``solver='liblinear'`` and an L2 penalty; the primal
        problem is solved (same solution).
    penalty : {'l1', 'l2', 'elasticnet'}, default='deprecated'
        Deprecated as in scikit-learn 1.8: use ``l1_ratios``.
    scoring : str or callable, default=None
        Scorer of the held-out parts; None is accuracy (as in scikit-learn
        1.9, whose default warns that it becomes 'neg_log_loss' in 1.11).
    solver : {'lbfgs', 'liblinear', 'newton-cg', 'newton-cholesky', 'sag', \
'saga'}, default='lbfgs'
        scikit-learn's solver name, with its rules on which penalty each
        accepts; skreg's solvers run whatever the name (see
        :class:`LogisticRegression`).
    tol : float, default=1e-4
        Stopping tolerance of every fit, as in :class:`LogisticRegression`.
    max_iter : int, default=100
        Maximum number of iterations of every fit.
    class_weight : dict or 'balanced', default=None
        Weights of the classes (``'balanced'`` computed once on all of y).
    n_jobs : int, default=None
        Number of (fold, l1_ratio) paths solved in parallel by joblib.
    verbose : int, default=0
        Verbosity of joblib.
    refit : bool, default=True
        Refit the best (C, l1_ratio) on all the data; otherwise average the
        folds' best coefficients, C and l1_ratio.
    intercept_scaling : float, default=1.0
        With ``solver='liblinear'`` only: the value of the constant feature.
    random_state : int, RandomState instance or None, default=None
        Unused (the solvers are deterministic); kept for compatibility.
    use_legacy_attributes : bool, default=True
        scikit-learn 1.9's switch between the legacy fitted attributes (dicts
        per class, ``C_`` an array) and the new ones (arrays, ``C_`` a
        float); left unset, it is True with scikit-learn's FutureWarning.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        Coefficients of the refitted (or averaged) model.
    intercept_ : ndarray of shape (1,) or (n_classes,)
        Its intercept (zeros when ``fit_intercept=False``).
    Cs_ : ndarray of shape (n_cs,)
        The values of C, in the order given.
    l1_ratios_ : ndarray of shape (n_l1_ratios,)
        The l1_ratios (``[None]`` when not given).
    coefs_paths_ : dict or ndarray
        The folds' coefficients (intercept last).  Legacy: a dict
        ``{class: array of shape (n_folds, n_cs[, n_l1_ratios], n_dof)}``
        (for two classes, one key: the second class); new: an array of
        shape (n_folds, n_l1_ratios, n_cs, n_classes or 1, n_dof).
    scores_ : dict or ndarray
        Held-out scores.  Legacy: a dict ``{class: array of shape
        (n_folds, n_cs[, n_l1_ratios])}`` (the same array for every class);
        new: an array of shape (n_folds, n_l1_ratios, n_cs).
    C_ : ndarray of shape (1,) or (n_classes,), or float
        The chosen C (legacy: repeated per class for more than two classes).
    l1_ratio_ : ndarray of shape (1,) or (n_classes,), or float
        The chosen l1_ratio, likewise.
    n_iter_ : ndarray
        Iterations of each fold's fit at each C: legacy shape (1, n_folds,
        n_cs[, n_l1_ratios]), new (n_folds, n_l1_ratios, n_cs).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of features seen during fit, when X has string feature names.

    See Also
    --------
    LogisticRegression : The estimator of one (C, l1_ratio).
    logistic_regression_path : The warm-started path over C.
    sklearn.linear_model.LogisticRegressionCV : scikit-learn's estimator.

    Examples
    --------
    >>> from sklearn.datasets import load_breast_cancer
    >>> from sklearn.preprocessing import StandardScaler
    >>> from skreg.linear_model import LogisticRegressionCV
    >>> X, y = load_breast_cancer(return_X_y=True)
    >>> X = StandardScaler().fit_transform(X)
    >>> clf = LogisticRegressionCV(
    ...     Cs=10, l1_ratios=(1.0,), solver="saga", scoring="accuracy",
    ...     use_legacy_attributes=False,
    ... ).fit(X, y)
    >>> clf.scores_.shape
    (5, 1, 10)
    >>> bool(clf.score(X, y) > 0.95)
    True
    """

    __metadata_request__score = {"sample_weight": metadata_routing.UNUSED}
    _parameter_constraints: dict = {
        **{
            name: rule
            for name, rule in LogisticRegression._parameter_constraints.items()
            if name not in ("C", "warm_start", "l1_ratio")
        },
        "Cs": [Interval(Integral, 1, None, closed="left"), "array-like"],
        "l1_ratios": ["array-like", None, Hidden(StrOptions({"warn"}))],
        "cv": ["cv_object"],
        "scoring": [
            StrOptions(set(get_scorer_names())),
            callable,
            None,
            Hidden(StrOptions({"warn"})),
        ],
        "refit": ["boolean"],
        "penalty": [
            StrOptions({"l1", "l2", "elasticnet"}),
            Hidden(StrOptions({"deprecated"})),
        ],
        "use_legacy_attributes": ["boolean", Hidden(StrOptions({"warn"}))],
    }

    def __init__(
        self,
        *,
        Cs=10,
        l1_ratios="warn",
        fit_intercept=True,
        cv=None,
        dual=False,
        penalty="deprecated",
        scoring="warn",
        solver="lbfgs",
        tol=1e-4,
        max_iter=100,
        class_weight=None,
        n_jobs=None,
        verbose=0,
        refit=True,
        intercept_scaling=1.0,
        random_state=None,
        use_legacy_attributes="warn",
    ):
        self.Cs = Cs
        self.l1_ratios = l1_ratios
        self.fit_intercept = fit_intercept
        self.cv = cv
        self.dual = dual
        self.penalty = penalty
        self.scoring = scoring
        self.solver = solver
        self.tol = tol
        self.max_iter = max_iter
        self.class_weight = class_weight
        self.n_jobs = n_jobs
        self.verbose = verbose
        self.refit = refit
        self.intercept_scaling = intercept_scaling
        self.random_state = random_state
        self.use_legacy_attributes = use_legacy_attributes

    def _check_cv_parameters(self):
        """scikit-learn 1.9's warnings and errors on the parameters; returns
        ``(penalty, l1_ratios, l1_ratios_, scoring, use_legacy)`` with
        ``l1_ratios`` None when not given."""
        l1_ratios = self.l1_ratios
        if isinstance(l1_ratios, str) and l1_ratios == "warn":
            l1_ratios = None
            warnings.warn(
                "The default value for l1_ratios will change from None to (0.0,) "
                "in version 1.10. From version 1.10 onwards, only array-like "
                "with values in [0, 1] will be allowed, None will be forbidden. "
                "To avoid this warning, explicitly set a value, "
                "e.g. l1_ratios=(0,).",
                FutureWarning,
            )
        elif l1_ratios is None and self.penalty == "deprecated":
            warnings.warn(
                "'l1_ratios=None' was deprecated in version 1.8 and will "
                "trigger an error in 1.10. Use an array-like with values"
                "in [0, 1] instead.",
                FutureWarning,
            )
        penalty = _cv_penalty(self.penalty, l1_ratios)
        scoring = self.scoring
        if isinstance(scoring, str) and scoring == "warn":
            warnings.warn(
                "The default value of the parameter 'scoring' will change from "
                "None, i.e. accuracy, to 'neg_log_loss' in version 1.11. To "
                "silence this warning, explicitly set the scoring parameter: "
                "scoring='neg_log_loss' for the new, scoring='accuracy' or "
                "scoring=None for the old default.",
                FutureWarning,
            )
            scoring = None
        use_legacy = self.use_legacy_attributes
        if isinstance(use_legacy, str) and use_legacy == "warn":
            name = type(self).__name__
            warnings.warn(
                f"The fitted attributes of {name} will be simplified in "
                "scikit-learn 1.10 to remove redundancy. Set"
                "`use_legacy_attributes=False` to enable the new behavior now, or "
                "set it to `True` to silence this warning during the transition "
                "period while keeping the deprecated behavior for the time being. "
                "The default value of use_legacy_attributes will change from True "
                f"to False in scikit-learn 1.10. See the docstring of {name} "
                "for more details.",
                FutureWarning,
            )
            use_legacy = True
        _check_solver(self.solver, penalty, self.dual)
        if penalty == "elasticnet":
            if (
                l1_ratios is None
                or len(l1_ratios) == 0
                or any(
                    not isinstance(ratio, numbers.Number) or not 0 <= ratio <= 1
                    for ratio in l1_ratios
                )
            ):
                raise ValueError(
                    "l1_ratios must be an array-like of numbers between "
                    f"0 and 1; got (l1_ratios={l1_ratios!r})"
                )
            grid = list(l1_ratios)
        else:
            if l1_ratios is not None and self.penalty != "deprecated":
                warnings.warn(
                    "l1_ratios parameter is only used when penalty "
                    f"is 'elasticnet'. Got (penalty={penalty})"
                )
            grid = [None] if l1_ratios is None else list(l1_ratios)
        return penalty, l1_ratios, grid, scoring, use_legacy

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, **params):
        """Cross-validate the (C, l1_ratio) grid, then fit the chosen model.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights ``s_i`` of the samples (ones if None); they also weigh
            the held-out scores.
        **params : dict
            Parameters of the CV splitter and of the scorer (routed with
            metadata routing enabled, else all given to the scorer).

        Returns
        -------
        self : object
            Fitted estimator.
        """
        _raise_for_params(params, self, "fit")
        penalty, l1_ratios, l1_grid, scoring, use_legacy = self._check_cv_parameters()
        X, y = validate_data(
            self, X, y, accept_sparse="csr", dtype=np.float64, order="C"
        )
        check_classification_targets(y)
        encoder = LabelEncoder().fit(y)
        self.classes_ = classes = encoder.classes_
        y_index = encoder.transform(y)
        n_classes = len(classes)
        if n_classes < 2:
            raise ValueError(
                "This solver needs samples of at least 2 classes"
                " in the data, but the data contains only one"
                f" class: {classes[0]}."
            )
        if self.solver == "liblinear" and n_classes > 2:
            raise ValueError(
                "Only binary classification is supported by the 'liblinear' solver. "
                "The 'liblinear' solver does not support multiclass classification"
                " (n_classes >= 3). Either use another solver or wrap the "
                "estimator in a OneVsRestClassifier to keep applying a "
                "one-versus-rest scheme."
            )

        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float64)
            if len(np.unique(y_index[sample_weight > 0])) < 2:
                raise ValueError(
                    "This solver needs samples of at least 2 classes with "
                    "positive sample weight, but the data contains only one "
                    "such class."
                )
        routed = routed_fit_params(self, sample_weight, params)
        folds = cv_folds(self.cv, X, y, classifier=True, split_params=routed.split)

        class_weight = self._class_weight_dict(y, sample_weight)
        weights = None
        if sample_weight is not None or class_weight is not None:
            weights = _check_sample_weight(
                sample_weight, X, dtype=np.float64, copy=True
            )
        if class_weight is not None:
            weights *= np.array([class_weight.get(c, 1.0) for c in classes])[y_index]

        Cs = self.Cs
        if isinstance(Cs, Integral):
            Cs = np.logspace(-4, 4, Cs)
        Cs = np.asarray(Cs, dtype=np.float64).ravel()
        self.Cs_ = Cs
        path_ratios = [
            _PENALTY_L1_RATIO.get(penalty, ratio if ratio is not None else 0.0)
            for ratio in l1_grid
        ]
        fit_intercept = self.fit_intercept
        liblinear = self.solver == "liblinear"
        # results[ratio][fold]
        results = fold_results(
            _scored_fold_path,
            folds,
            [{"l1_ratio": float(ratio)} for ratio in path_ratios],
            n_jobs=self.n_jobs,
            verbose=self.verbose,
            X=X,
            y=y_index,
            sample_weight=weights,
            classes=classes,
            Cs=Cs,
            fit_intercept=fit_intercept,
            penalized_intercept=liblinear and fit_intercept,
            intercept_scaling=self.intercept_scaling,
            tol=self.tol,
            max_iter=self.max_iter,
            scoring=scoring,
            score_params=routed.score,
        )
        results = [per_ratio[k] for k in range(len(folds)) for per_ratio in results]
        n_folds, n_ratios, n_cs = len(folds), len(l1_grid), len(Cs)
        coefs, scores, n_iter = zip(*results, strict=True)
        # (n_folds, n_l1_ratios, n_cs, n_classes or 1, n_dof)
        paths = np.reshape(coefs, (n_folds, n_ratios, n_cs, *coefs[0].shape[1:]))
        scores = np.reshape(scores, (n_folds, n_ratios, n_cs))
        # A C whose warm start is already optimal still took the pass that
        # computed its duality gap: one iteration.
        n_iter = np.reshape(n_iter, (n_folds, n_ratios, n_cs)).astype(np.int32)
        if self.max_iter > 0:
            n_iter = np.maximum(n_iter, 1)

        n_features = X.shape[1]
        if self.refit:
            best_ratio, best_c = np.unravel_index(
                np.argmax(scores.sum(axis=0)), (n_ratios, n_cs)
            )
            C = Cs[best_c]
            l1_ratio = l1_grid[best_ratio]
            model = self._refit(X, y, weights, C, path_ratios[best_ratio])
            coef, intercept = model.coef_, model.intercept_
        else:
            flat = np.argmax(scores.reshape(n_folds, -1), axis=1)
            ratio_idx, c_idx = np.unravel_index(flat, (n_ratios, n_cs))
            w = paths[np.arange(n_folds), ratio_idx, c_idx].mean(axis=0)
            coef = w[:, :n_features]
            intercept = w[:, n_features] if fit_intercept else np.zeros(len(w))
            C = np.mean(Cs[c_idx])
            if penalty == "elasticnet":
                l1_ratio = np.mean(np.asarray(l1_grid, dtype=np.float64)[ratio_idx])
            else:
                l1_ratio = 0.0
        self.coef_ = np.ascontiguousarray(coef, dtype=np.float64)
        self.intercept_ = np.asarray(intercept, dtype=np.float64)
        self.l1_ratios_ = np.asarray(l1_grid)
        self._set_search_attributes(
            paths, scores, n_iter, C, l1_ratio, l1_ratios is None, use_legacy
        )
        return self

    def _class_weight_dict(self, y, sample_weight):
        """``class_weight`` as a dict (``'balanced'`` computed on all of y)."""
        class_weight = self.class_weight
        if isinstance(class_weight, dict):
            if not set(class_weight) <= set(self.classes_):
                raise ValueError(
                    "The given class_weight dict must have the class labels as "
                    f"keys; classes={self.classes_} but key={class_weight.keys()}"
                )
            return class_weight
        if class_weight == "balanced":
            values = compute_class_weight(
                "balanced", classes=self.classes_, y=y, sample_weight=sample_weight
            )
            return dict(zip(self.classes_, values, strict=True))
        return None

    def _refit(self, X, y, weights, C, l1_ratio):
        """:class:`LogisticRegression` at (C, l1_ratio) on all the data
        (``weights`` already hold the class weights).

        It starts from zero, as that estimator does: the refitted model is
        the one ``LogisticRegression(C=C_, l1_ratio=l1_ratio_)`` fits, not
        another point within ``tol`` of the same optimum.
        """
        model = LogisticRegression(
            C=C,
            l1_ratio=l1_ratio,
            dual=self.dual,
            tol=self.tol,
            fit_intercept=self.fit_intercept,
            intercept_scaling=self.intercept_scaling,
            solver=self.solver,
            max_iter=self.max_iter,
        )
        model.fit(X, y, sample_weight=weights)
        return model

    def _set_search_attributes(
        self, paths, scores, n_iter, C, l1_ratio, no_ratio_axis, use_legacy
    ):
        """``coefs_paths_``, ``scores_``, ``n_iter_``, ``C_`` and ``l1_ratio_``
        in scikit-learn 1.9's legacy or new layout.  ``paths`` has shape
        (n_folds, n_l1_ratios, n_cs, n_classes or 1, n_dof)."""
        if not use_legacy:
            self.coefs_paths_ = paths
            self.scores_ = scores
            self.n_iter_ = n_iter
            self.C_ = float(C)
            if no_ratio_axis:
                self.l1_ratio_ = 1.0 if self.penalty == "l1" else 0.0
            else:
                self.l1_ratio_ = float(l1_ratio)
            return
        binary = len(self.classes_) == 2
        keys = self.classes_[1:] if binary else self.classes_
        # legacy axes: (n_folds, n_cs, n_l1_ratios[, n_dof])
        legacy_scores = np.swapaxes(scores, 1, 2)
        legacy_iter = np.swapaxes(n_iter, 1, 2)[None]
        per_class = np.moveaxis(paths, 3, 0).swapaxes(2, 3)
        if no_ratio_axis:
            legacy_scores = legacy_scores[:, :, 0]
            legacy_iter = legacy_iter[..., 0]
            per_class = per_class[:, :, :, 0]
        self.scores_ = {key: legacy_scores.copy() for key in keys}
        self.coefs_paths_ = dict(zip(keys, per_class, strict=True))
        self.n_iter_ = legacy_iter
        repeats = 1 if binary else len(self.classes_)
        self.C_ = np.repeat(np.asarray([C]), repeats)
        self.l1_ratio_ = np.repeat(np.asarray([l1_ratio]), repeats)

    @_deprecate_positional_args(version="1.11")
    def score(self, X, y, *, sample_weight=None, **score_params):
        """Score the model on test data with the ``scoring`` option.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Test samples.
        y : array-like of shape (n_samples,)
            True labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights (keyword only, as in scikit-learn 1.9).
        **score_params : dict
            Parameters of the scorer (with metadata routing enabled).

        Returns
        -------
        score : float
        """
        _raise_for_params(score_params, self, "score")
        scorer = self._get_scorer()
        routed = routed_score_params(self, sample_weight, score_params)
        return scorer(self, X, y, **routed)

    def get_metadata_routing(self):
        """Get the metadata routing of this object (scikit-learn's).

        ``sample_weight`` is consumed by ``fit``; the splitter receives
        ``fit``'s parameters of its ``split``, the scorer those of its
        ``score`` (in ``fit`` and in ``score``).

        Returns
        -------
        routing : MetadataRouter
        """
        return cv_metadata_router(self, self.cv, scorer=self._get_scorer())

    def _get_scorer(self):
        """The scorer of ``scoring`` (accuracy when None or not set)."""
        if isinstance(self.scoring, str) and self.scoring == "warn":
            return get_scorer("accuracy")
        return get_scorer(self.scoring or "accuracy")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags
