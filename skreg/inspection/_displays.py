"""Regularization paths and training histories as scikit-learn Displays.

Both classes follow scikit-learn's Display convention: the constructor only
stores the data to draw, :meth:`plot` draws it (matplotlib is imported there
and only there, so skreg does not depend on it) and keeps the matplotlib
artists as attributes ending in ``_``, and the ``from_estimator`` class method
computes the data from an estimator and plots it in one line.
"""

import inspect

import numpy as np
from scipy import sparse
from sklearn.base import clone, is_classifier
from sklearn.pipeline import Pipeline
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.validation import check_is_fitted, check_X_y

from skreg.linear_model import (
    ElasticNet,
    SparseRegressorIC,
    l0_path,
    logistic_regression_path,
    sparse_regression_path,
)
from skreg.linear_model._base import alpha_max

# Number of grid points and the ratio smallest/largest of a default alpha grid
# (the defaults of scikit-learn's lasso_path).
_N_ALPHAS = 50
_EPS = 1e-3


def _import_pyplot(caller):
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            f"{caller} requires matplotlib; install it with `pip install matplotlib`."
        ) from exc
    return plt


def _split_pipeline(estimator, X):
    """The final estimator of a Pipeline and X as that step sees it."""
    if isinstance(estimator, Pipeline):
        head = clone(estimator[:-1])
        return estimator[-1], head.fit_transform(X), _feature_names(head, X)
    return estimator, X, None


def _feature_names(head, X):
    try:
        return [str(name) for name in head.get_feature_names_out()]
    except (AttributeError, ValueError, TypeError):
        return None


def _penalty_kind(estimator):
    """Which penalty an estimator's regularization parameter weighs.

    Returns ``"l0_constrained"`` (the parameter is ``n_nonzero_coefs``),
    ``"l0"``, ``"l1"`` or ``"l2"`` (the parameter is ``alpha``),
    ``"logistic"`` (the parameter is ``C``), or None when it cannot be told.
    The estimator says it: skreg's estimators with a ``_path_penalty`` class
    attribute; a classifier with a ``C`` (or ``Cs``) parameter and an
    ``l1_ratio`` (or ``l1_ratios``) is penalized logistic regression
    (skreg's and scikit-learn's); an estimator with a ``path`` static
    method (scikit-learn's and celer's Lasso and ElasticNet) solves an L1
    path; a ``n_nonzero_coefs`` parameter is the L0 family's.
    """
    declared = getattr(estimator, "_path_penalty", None)
    if declared is not None:
        return declared
    params = estimator.get_params(deep=False)
    if is_classifier(estimator) and (
        {"C", "l1_ratio"} <= set(params) or {"Cs", "l1_ratios"} <= set(params)
    ):
        return "logistic"
    if "n_nonzero_coefs" in params:
        if params.get("alpha") is None:
            return "l0_constrained"
        return "l0"
    if callable(getattr(estimator, "path", None)):
        return "l1"
    return None


def _centered(X, y, fit_intercept):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if fit_intercept:
        return X - X.mean(axis=0), y - y.mean()
    return X, y


def _default_grid(kind, estimator, X, y):
    """A grid that spans the whole path, from all-zero to nearly unpenalized."""
    n_samples, n_features = X.shape
    if kind == "l0_constrained":
        return np.arange(1, min(n_features, n_samples) + 1)
    if sparse.issparse(X):
        X = X.toarray()
    fit_intercept = estimator.get_params().get("fit_intercept", True)
    Xc, yc = _centered(X, y, fit_intercept)
    if kind == "l1":
        # Above alpha_max every coef is zero.
        l1_ratio = estimator.get_params().get("l1_ratio", 1.0) or _EPS
        top = alpha_max(Xc, yc, l1_ratio=l1_ratio, fit_intercept=False)
    elif kind == "l0":
        # A single feature pays off when its drop of 1/(2n) RSS beats alpha.
        norms = np.maximum(np.einsum("ij,ij->j", Xc, Xc), np.finfo(float).tiny)
        top = np.max((Xc.T @ yc) ** 2 / norms) / (2 * n_samples)
    else:
        # l2: coefficient j along singular direction i shrinks by
        # s_i^2 / (s_i^2 + alpha): from well above s_max^2 (all shrunk to
        # nearly 0) down to well below s_min^2 (nearly least squares).
        squared = np.linalg.svd(Xc, compute_uv=False) ** 2
        top = 1e2 * squared[0]
        bottom = max(1e-4 * squared[-1], 1e-12 * squared[0])
        return np.geomspace(top, bottom, _N_ALPHAS)
    if top <= 0:
        raise ValueError("y is constant: the regularization path is all zeros.")
    return np.geomspace(top, top * _EPS, _N_ALPHAS)


def _fast_l1_path(estimator, X, y, alphas):
    """Coefficients along ``alphas`` with one call of ``estimator.path``.

    The path functions fit no intercept, so X and y are centered first
    (which is what the estimators do internally).
    """
    path_function = estimator.path
    params = estimator.get_params()
    Xc, yc = _centered(X, y, params.get("fit_intercept", True))
    kwargs = {"alphas": alphas, "positive": params.get("positive", False)}
    signature = inspect.signature(path_function).parameters
    has_var_kwargs = any(p.kind == p.VAR_KEYWORD for p in signature.values())
    # lasso_path has no l1_ratio (it passes its own to enet_path).
    if "l1_ratio" in signature:
        kwargs["l1_ratio"] = params.get("l1_ratio", 1.0)
    for name in ("tol", "max_iter"):
        if name in params and (name in signature or has_var_kwargs):
            kwargs[name] = params[name]
    _, coefs, *_ = path_function(np.asfortranarray(Xc), yc, **kwargs)
    return np.asarray(coefs)


def _refit_path(estimator, param_name, X, y, values):
    """Coefficients along ``values`` by refitting one warm-started clone."""
    model = clone(estimator)
    if "warm_start" in model.get_params():
        model.set_params(warm_start=True)
    coefs = []
    for value in values:
        model.set_params(**{param_name: value})
        model.fit(X, y)
        # A copy: warm-started solvers update coef_ in place on the next fit.
        coef = np.array(model.coef_, dtype=np.float64)
        if coef.ndim > 1 and coef.shape[0] > 1:
            raise ValueError(
                "RegularizationPathDisplay draws one target; got coef_ of shape "
                f"{coef.shape}. Fit a single target."
            )
        coefs.append(coef.ravel())
    return np.column_stack(coefs)


def _is_criterion_selector(estimator):
    """An estimator that picks its penalty by an information criterion over
    a path (skreg's ``*IC`` estimators, scikit-learn's LassoLarsIC)."""
    params = estimator.get_params(deep=False)
    return "criterion" in params and "n_nonzero_coefs" not in params


def _criterion_path(model, X, y):
    """Grid, coefficients, criterion and selected value of a fitted
    criterion selector, the grid in drawing order."""
    if hasattr(model, "support_sizes_"):
        sizes = np.asarray(model.support_sizes_)
        _, coefs, *_ = l0_path(
            X, y, n_nonzero_coefs=sizes, fit_intercept=model.fit_intercept
        )
        selected = int(model.n_nonzero_coefs_)
        # The selector re-solved its winner with the full solver: draw that.
        coefs[:, np.flatnonzero(sizes == selected)] = np.asarray(model.coef_)[:, None]
        return "n_nonzero_coefs", sizes, coefs, np.asarray(model.criterion_), selected
    criterion = np.asarray(model.criterion_, dtype=np.float64)
    alphas = np.asarray(model.alphas_, dtype=np.float64)
    if criterion.ndim == 2:  # one row per l1_ratio: the chosen one's
        row = np.unravel_index(np.argmin(criterion), criterion.shape)[0]
        criterion, alphas = criterion[row], alphas[row]
    order = np.argsort(alphas)[::-1]
    alphas, criterion = alphas[order], criterion[order]
    params = model.get_params()
    X = X.toarray() if sparse.issparse(X) else X
    if isinstance(model, SparseRegressorIC):
        # Its own penalty (MCP, SCAD, ...) at the chosen shape, on the grid it
        # was selected over, warm-started in the same order as in its fit.
        Xc, yc = _centered(X, y, params["fit_intercept"])
        _, coefs, _ = sparse_regression_path(
            Xc, yc, penalty=model.penalty, alphas=alphas, gamma=model.gamma_,
            p=model.p, l1_ratio=model.l1_ratio, positive=model.positive,
            tol=model.tol, max_iter=model.max_iter,
        )  # fmt: skip
        return "alpha", alphas, coefs, criterion, float(model.alpha_)
    plain = ElasticNet(
        l1_ratio=getattr(model, "l1_ratio_", 1.0),
        fit_intercept=params.get("fit_intercept", True),
        positive=params.get("positive", False),
        max_iter=params.get("max_iter", 1000),
        tol=params.get("tol", 1e-4),
    )
    coefs = _fast_l1_path(plain, X, y, alphas)
    return "alpha", alphas, coefs, criterion, float(model.alpha_)


def _logistic_l1_ratio(model):
    """The l1_ratio of a logistic estimator's path: the chosen one of a
    fitted CV estimator, else its parameter (0, L2, when unset)."""
    if hasattr(model, "l1_ratio_"):
        chosen = np.ravel(model.l1_ratio_)[0]
        return 0.0 if chosen is None else float(chosen)
    params = model.get_params(deep=False)
    if "l1_ratios" in params:
        ratios = params["l1_ratios"]
        if isinstance(ratios, str) or ratios is None:
            return 0.0
        return float(np.ravel(ratios)[0])
    ratio = params.get("l1_ratio")
    penalty = params.get("penalty")
    if penalty in ("l1", "l2") and isinstance(penalty, str):
        return 1.0 if penalty == "l1" else 0.0
    return 0.0 if ratio is None else float(ratio)


def _logistic_path(model, X, y, Cs):
    """Grid, coefficients (one row per class and feature), and row names of
    the logistic path of ``model`` through ``logistic_regression_path``."""
    params = model.get_params(deep=False)
    sample_weight = None
    if params.get("class_weight") is not None:
        classes = np.unique(y)
        weights = compute_class_weight(params["class_weight"], classes=classes, y=y)
        sample_weight = weights[np.searchsorted(classes, y)]
    Cs, coefs, _, _ = logistic_regression_path(
        X,
        y,
        Cs=50 if Cs is None else Cs,
        l1_ratio=_logistic_l1_ratio(model),
        fit_intercept=params.get("fit_intercept", True),
        tol=params.get("tol", 1e-4),
        max_iter=params.get("max_iter", 100),
        sample_weight=sample_weight,
    )
    return Cs, coefs, np.unique(y)


def _path_rows(coefs, classes, feature_names):
    """A logistic path's coefficients (n_Cs, n_classes or 1, n_features) as
    drawing rows (one per class and feature) and their names."""
    n_cs, n_rows, n_features = coefs.shape
    names = feature_names or [f"x{j}" for j in range(n_features)]
    rows = np.moveaxis(coefs, 0, 2).reshape(n_rows * n_features, n_cs)
    if n_rows == 1:
        return rows, list(names)
    labels = classes if classes is not None else range(n_rows)
    return rows, [f"{label}: {name}" for label in labels for name in names]


class RegularizationPathDisplay:
    """Coefficients of a regularized linear model against its penalty.

    One line per feature: how each coefficient moves as the regularization
    parameter (``alpha``, or ``n_nonzero_coefs`` for the constrained L0 form)
    goes from "everything is zero" to "nearly unpenalized".  Use
    :meth:`from_estimator` to compute and plot it in one line.

    Parameters
    ----------
    alphas : ndarray of shape (n_alphas,)
        Values of the regularization parameter.
    coefs : ndarray of shape (n_features, n_alphas)
        Coefficients at each value, laid out as returned by ``lasso_path``.
    param_name : str, default="alpha"
        Name of the parameter, used as the x-axis label.
    feature_names : list of str or None, default=None
        Names for the legend; None gives ``x0, x1, ...``.
    estimator_name : str or None, default=None
        Name used in the title.
    criterion : ndarray of shape (n_alphas,) or None, default=None
        An information criterion at each value (e.g. the ``criterion_`` of
        :class:`~skreg.LassoIC` or :class:`~skreg.L0RegressorIC`), drawn in
        a second column (or on a second y axis of ``ax``).
    criterion_name : str or None, default=None
        Label of the criterion's axis.
    selected : float or None, default=None
        The value the criterion selected, marked by a vertical line.

    Attributes
    ----------
    lines_ : list of matplotlib Line2D
        One line per feature.
    ax_ : matplotlib Axes
        The axes drawn on.
    figure_ : matplotlib Figure
        The figure holding ``ax_``.
    criterion_line_ : matplotlib Line2D or None
        The criterion's curve (None without a criterion).
    criterion_ax_ : matplotlib Axes or None
        The axes of the criterion.
    selected_lines_ : list of matplotlib Line2D
        The vertical lines marking ``selected`` (empty when None).

    See Also
    --------
    TrainingHistoryDisplay : Loss and validation curves of a neural network.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import load_diabetes
    >>> from sklearn.linear_model import Lasso
    >>> from skreg import RegularizationPathDisplay
    >>> X, y = load_diabetes(return_X_y=True)
    >>> display = RegularizationPathDisplay.from_estimator(Lasso(), X, y)
    >>> len(display.lines_)
    10

    A fitted information-criterion estimator adds its criterion along the
    path and marks the value it selected:

    >>> from skreg import LassoIC
    >>> display = RegularizationPathDisplay.from_estimator(
    ...     LassoIC(criterion="bic").fit(X, y), X, y
    ... )
    >>> display.criterion_ax_.get_ylabel()
    'BIC'
    """

    def __init__(
        self,
        *,
        alphas,
        coefs,
        param_name="alpha",
        feature_names=None,
        estimator_name=None,
        criterion=None,
        criterion_name=None,
        selected=None,
    ):
        self.alphas = alphas
        self.coefs = coefs
        self.param_name = param_name
        self.feature_names = feature_names
        self.estimator_name = estimator_name
        self.criterion = criterion
        self.criterion_name = criterion_name
        self.selected = selected

    def plot(self, ax=None, *, log_scale=None, legend=True, **line_kwargs):
        """Draw the path.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; a new figure is made when None (with two
            columns when there is a criterion: the path, then the
            criterion; with ``ax`` given, the criterion goes on its second y
            axis).
        log_scale : bool or None, default=None
            Logarithmic x axis; None means "yes for alpha, no for a count".
        legend : bool, default=True
            Show a legend of the feature names (at most 20 features).
        **line_kwargs : dict
            Passed to :meth:`matplotlib.axes.Axes.plot`.

        Returns
        -------
        display : RegularizationPathDisplay
            The object, with ``lines_``, ``ax_`` and ``figure_`` set.
        """
        plt = _import_pyplot(f"{type(self).__name__}.plot")
        criterion_ax = None
        twin = ax is not None and self.criterion is not None
        if ax is None and self.criterion is not None:
            _, (ax, criterion_ax) = plt.subplots(
                1, 2, figsize=(10, 4), sharex=True, layout="constrained"
            )
        elif ax is None:
            _, ax = plt.subplots()
        elif self.criterion is not None:
            criterion_ax = ax.twinx()
        alphas = np.asarray(self.alphas)
        coefs = np.asarray(self.coefs)
        names = self.feature_names or [f"x{j}" for j in range(coefs.shape[0])]
        self.lines_ = [
            ax.plot(alphas, coef, label=name, **line_kwargs)[0]
            for coef, name in zip(coefs, names, strict=True)
        ]
        if log_scale is None:
            log_scale = self.param_name != "n_nonzero_coefs"
        if log_scale:
            ax.set_xscale("log")
        ax.axhline(0.0, color="0.6", linewidth=0.8)
        ax.set_xlabel(self.param_name)
        ax.set_ylabel("coefficient")
        if self.estimator_name:
            ax.set_title(f"{self.estimator_name} regularization path")
        if legend and len(names) <= 20:
            ax.legend(fontsize="small", ncol=2)
        self.criterion_line_ = None
        self.criterion_ax_ = criterion_ax
        if criterion_ax is not None:
            (self.criterion_line_,) = criterion_ax.plot(
                alphas, np.asarray(self.criterion), color="black", marker="."
            )
            criterion_ax.set_xlabel(self.param_name)
            criterion_ax.set_ylabel(self.criterion_name or "criterion")
        self.selected_lines_ = []
        if self.selected is not None:
            # A second column gets its own mark; a twin y axis shares ax's.
            marked = [ax] if criterion_ax is None or twin else [ax, criterion_ax]
            self.selected_lines_ = [
                axes.axvline(self.selected, color="0.3", linestyle="--", linewidth=1)
                for axes in marked
            ]
        self.ax_ = ax
        self.figure_ = ax.figure
        return self

    @classmethod
    def from_estimator(
        cls, estimator, X, y, *, alphas=None, feature_names=None, ax=None, **kwargs
    ):
        """Refit the estimator along a grid of its penalty and plot the path.

        The estimator is not modified: a clone is refitted (warm-started from
        one value to the next when it supports ``warm_start``).  For the L1
        family, the estimator's own ``path`` (``enet_path`` or ``lasso_path``)
        computes the whole path at once when the input allows it.  A Pipeline
        is accepted: its first steps transform X, the final step is refitted.

        An estimator that selects its penalty by an information criterion
        (:class:`~skreg.LassoIC`, :class:`~skreg.ElasticNetIC`,
        :class:`~skreg.L0RegressorIC`, scikit-learn's LassoLarsIC) is fitted
        on X and y when it is not fitted yet; its path is drawn over its own
        grid (``alphas_`` or ``support_sizes_``), with ``criterion_`` in a
        second column and the selected value marked on both.

        Parameters
        ----------
        estimator : estimator instance
            Lasso, ElasticNet, Ridge or L0Regressor (skreg's or
            scikit-learn's, or a Pipeline ending in one), or an
            information-criterion selector; fitted or not.  Or a
            LogisticRegression (skreg's or scikit-learn's): its path over
            ``C`` is computed by
            :func:`~skreg.linear_model.logistic_regression_path` at the
            estimator's ``l1_ratio`` (one line per feature, per class and
            feature for three classes or more); or a LogisticRegressionCV
            (fitted here when it is not): its path over its own ``Cs_`` at
            the chosen l1_ratio, with the folds' mean score in a second
            column and the chosen ``C_`` marked.
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Target (class labels for logistic regression).
        alphas : array-like or None, default=None
            Values of the regularization parameter (of ``n_nonzero_coefs``
            for the constrained L0 form, of ``C`` for logistic regression).
            None gives 50 values from the smallest alpha that zeroes every
            coefficient down 1000 times (``1, 2, ..., n_features`` for the
            constrained L0 form; for logistic regression the path
            function's default grid of 50 values).
        feature_names : list of str or None, default=None
            Names for the legend; by default the Pipeline's or the
            DataFrame's column names, else ``x0, x1, ...``.
        ax : matplotlib Axes, default=None
            Axes to draw on.
        **kwargs : dict
            Passed to :meth:`plot`.

        Returns
        -------
        display : RegularizationPathDisplay
        """
        _import_pyplot(f"{cls.__name__}.from_estimator")
        if feature_names is None and hasattr(X, "columns"):
            feature_names = [str(c) for c in X.columns]
        model, X_model, pipeline_names = _split_pipeline(estimator, X)
        feature_names = feature_names or pipeline_names
        if _penalty_kind(model) == "logistic":
            return cls._from_logistic(
                model, X_model, y, alphas, feature_names, ax, kwargs
            )
        X_model, y = check_X_y(X_model, y, accept_sparse=("csr", "csc"), y_numeric=True)
        if _is_criterion_selector(model):
            if not hasattr(model, "criterion_"):
                model = clone(model).fit(X_model, y)
            param_name, alphas, coefs, criterion, selected = _criterion_path(
                model, X_model, y
            )
            display = cls(
                alphas=alphas,
                coefs=coefs,
                param_name=param_name,
                feature_names=feature_names,
                estimator_name=type(model).__name__,
                criterion=criterion,
                criterion_name=str(model.criterion).upper(),
                selected=selected,
            )
            return display.plot(ax=ax, **kwargs)
        kind = _penalty_kind(model)
        param_name = "n_nonzero_coefs" if kind == "l0_constrained" else "alpha"
        if alphas is None:
            if kind is None:
                raise ValueError(
                    f"Cannot tell which penalty {type(model).__name__} uses; "
                    "pass `alphas` explicitly."
                )
            alphas = _default_grid(kind, model, X_model, y)
        if param_name not in model.get_params():
            raise ValueError(
                f"{type(model).__name__} has no parameter {param_name!r} to vary; "
                "pass the plain estimator (e.g. Lasso rather than LassoCV)."
            )
        alphas = np.asarray(alphas)
        if alphas.ndim != 1 or alphas.size == 0:
            raise ValueError(f"alphas must be a non-empty 1-D array; got {alphas!r}.")
        order = np.argsort(alphas)
        # Warm starts go from the sparsest model to the densest one.
        order = order if param_name == "n_nonzero_coefs" else order[::-1]
        alphas = alphas[order]

        has_path = kind == "l1" and callable(getattr(model, "path", None))
        if has_path and not sparse.issparse(X_model):
            coefs = _fast_l1_path(model, X_model, y, alphas)
        else:
            coefs = _refit_path(model, param_name, X_model, y, alphas)
        display = cls(
            alphas=alphas,
            coefs=coefs,
            param_name=param_name,
            feature_names=feature_names,
            estimator_name=type(model).__name__,
        )
        return display.plot(ax=ax, **kwargs)

    @classmethod
    def _from_logistic(cls, model, X, y, Cs, feature_names, ax, plot_kwargs):
        """The logistic path of a LogisticRegression (over ``Cs`` or the
        path's default grid) or of a LogisticRegressionCV (over its own
        ``Cs_``, with the folds' mean score and the chosen C marked)."""
        X, y = check_X_y(X, y, accept_sparse=("csr", "csc"))
        criterion = selected = criterion_name = None
        if "Cs" in model.get_params(deep=False):
            if not hasattr(model, "C_"):
                model = clone(model).fit(X, y)
            selected = float(np.ravel(model.C_)[0])
            if Cs is None:
                Cs = np.sort(model.Cs_)
                criterion = _cv_mean_scores(model)[np.argsort(model.Cs_)]
                scoring = model.get_params().get("scoring")
                scoring = "accuracy" if scoring in (None, "warn") else scoring
                criterion_name = f"CV score ({getattr(scoring, '__name__', scoring)})"
        Cs, coefs, classes = _logistic_path(model, X, y, Cs)
        rows, names = _path_rows(coefs, classes, feature_names)
        display = cls(
            alphas=Cs,
            coefs=rows,
            param_name="C",
            feature_names=names,
            estimator_name=type(model).__name__,
            criterion=criterion,
            criterion_name=criterion_name,
            selected=selected,
        )
        return display.plot(ax=ax, **plot_kwargs)

    @classmethod
    def from_path(
        cls,
        path,
        *,
        param_name=None,
        feature_names=None,
        estimator_name=None,
        ax=None,
        **kwargs,
    ):
        """Plot what a path function returned.

        Parameters
        ----------
        path : tuple
            The return value of a path function: of
            :func:`~skreg.linear_model.logistic_regression_path` (``Cs``,
            coefs of shape (n_Cs, n_classes or 1, n_features), ...; one
            line per class and feature), or of ``lasso_path``,
            ``enet_path`` or ``l0_path`` (the grid, coefs of shape
            (n_features, n_values), ...).
        param_name : str or None, default=None
            The x-axis label; None gives ``"C"`` for a logistic path and
            ``"alpha"`` otherwise.
        feature_names : list of str or None, default=None
            Names for the legend.
        estimator_name : str or None, default=None
            Name used in the title.
        ax : matplotlib Axes, default=None
            Axes to draw on.
        **kwargs : dict
            Passed to :meth:`plot`.

        Returns
        -------
        display : RegularizationPathDisplay
        """
        grid = np.asarray(path[0])
        coefs = np.asarray(path[1])
        names = feature_names
        if coefs.ndim == 3 and coefs.shape[0] == grid.shape[0]:
            coefs, names = _path_rows(coefs, None, feature_names)
            param_name = param_name or "C"
        elif coefs.ndim != 2 or coefs.shape[1] != grid.shape[0]:
            raise ValueError(
                "path must be what a path function returns: (grid, coefs, ...) "
                "with coefs of shape (n_features, n_values) or, for "
                "logistic_regression_path, (n_values, n_classes, n_features); "
                f"got coefs of shape {coefs.shape} for {grid.shape[0]} values."
            )
        display = cls(
            alphas=grid,
            coefs=coefs,
            param_name=param_name or "alpha",
            feature_names=names,
            estimator_name=estimator_name,
        )
        return display.plot(ax=ax, **kwargs)


def _cv_mean_scores(model):
    """Mean held-out score per C of a fitted LogisticRegressionCV, at the
    l1_ratio of best mean score (legacy or new attribute layout)."""
    scores = model.scores_
    if isinstance(scores, dict):  # legacy: (n_folds, n_cs[, n_l1_ratios])
        scores = np.asarray(next(iter(scores.values())))
        scores = scores[:, None, :] if scores.ndim == 2 else np.swapaxes(scores, 1, 2)
    mean = np.asarray(scores).mean(axis=0)  # (n_l1_ratios, n_cs)
    return mean[np.unravel_index(np.argmax(mean), mean.shape)[0]]


class TrainingHistoryDisplay:
    """Training loss, validation loss and validation score per epoch.

    Draws ``loss_curve_`` and, when the network kept a validation split
    (``early_stopping=True``), ``validation_loss_curve_`` on the same axes and
    ``validation_scores_`` on a second y axis, with a vertical line at the best
    epoch whose weights were restored.  Works with skreg's and scikit-learn's
    MLPClassifier and MLPRegressor (scikit-learn's have no validation loss).

    Parameters
    ----------
    loss_curve : array-like of shape (n_epochs,)
        Training loss per epoch.
    validation_loss_curve : array-like of shape (n_epochs,) or None, default=None
        Validation loss per epoch.
    validation_scores : array-like of shape (n_epochs,) or None, default=None
        Validation score per epoch (accuracy for a classifier, R^2 for a
        regressor).
    best_epoch : int or None, default=None
        Zero-based index of the epoch whose weights the model kept.
    estimator_name : str or None, default=None
        Name used in the title.

    Attributes
    ----------
    loss_line_ : matplotlib Line2D
        The training loss.
    validation_loss_line_ : matplotlib Line2D or None
        The validation loss.
    validation_score_line_ : matplotlib Line2D or None
        The validation score, on ``score_ax_``.
    best_epoch_line_ : matplotlib Line2D or None
        Vertical line at the best epoch.
    ax_ : matplotlib Axes
        Axes of the losses.
    score_ax_ : matplotlib Axes or None
        Twin axes of the validation score.
    figure_ : matplotlib Figure
        The figure holding ``ax_``.

    See Also
    --------
    RegularizationPathDisplay : Coefficients along a regularization path.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.neural_network import MLPClassifier
    >>> from skreg import TrainingHistoryDisplay
    >>> X, y = load_digits(return_X_y=True)
    >>> mlp = MLPClassifier(max_iter=5, random_state=0).fit(X / 16, y)  # doctest: +SKIP
    >>> TrainingHistoryDisplay.from_estimator(mlp)  # doctest: +SKIP
    <...TrainingHistoryDisplay object at ...>
    """

    def __init__(
        self,
        *,
        loss_curve,
        validation_loss_curve=None,
        validation_scores=None,
        best_epoch=None,
        estimator_name=None,
    ):
        self.loss_curve = loss_curve
        self.validation_loss_curve = validation_loss_curve
        self.validation_scores = validation_scores
        self.best_epoch = best_epoch
        self.estimator_name = estimator_name

    def plot(self, ax=None):
        """Draw the curves.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; a new figure is made when None.

        Returns
        -------
        display : TrainingHistoryDisplay
            The object, with its artists set.
        """
        plt = _import_pyplot(f"{type(self).__name__}.plot")
        if ax is None:
            _, ax = plt.subplots()
        epochs = np.arange(1, len(self.loss_curve) + 1)
        (self.loss_line_,) = ax.plot(epochs, self.loss_curve, label="training loss")
        self.validation_loss_line_ = None
        if self.validation_loss_curve is not None:
            (self.validation_loss_line_,) = ax.plot(
                np.arange(1, len(self.validation_loss_curve) + 1),
                self.validation_loss_curve,
                label="validation loss",
            )
        ax.set_xlabel("epoch")
        ax.set_ylabel("loss")
        handles = [self.loss_line_]
        if self.validation_loss_line_ is not None:
            handles.append(self.validation_loss_line_)

        self.score_ax_ = None
        self.validation_score_line_ = None
        if self.validation_scores is not None:
            self.score_ax_ = ax.twinx()
            (self.validation_score_line_,) = self.score_ax_.plot(
                np.arange(1, len(self.validation_scores) + 1),
                self.validation_scores,
                color="tab:green",
                linestyle="--",
                label="validation score",
            )
            self.score_ax_.set_ylabel("validation score")
            handles.append(self.validation_score_line_)

        self.best_epoch_line_ = None
        if self.best_epoch is not None:
            self.best_epoch_line_ = ax.axvline(
                self.best_epoch + 1, color="0.4", linestyle=":", label="best epoch"
            )
            handles.append(self.best_epoch_line_)
        ax.legend(handles=handles, fontsize="small")
        if self.estimator_name:
            ax.set_title(f"{self.estimator_name} training history")
        self.ax_ = ax
        self.figure_ = ax.figure
        return self

    @classmethod
    def from_estimator(cls, estimator, *, ax=None):
        """Plot the training history of a fitted network.

        Parameters
        ----------
        estimator : estimator instance
            A fitted MLPClassifier or MLPRegressor (skreg's or
            scikit-learn's with a stochastic solver), or a Pipeline ending
            in one.
        ax : matplotlib Axes, default=None
            Axes to draw on.

        Returns
        -------
        display : TrainingHistoryDisplay
        """
        _import_pyplot(f"{cls.__name__}.from_estimator")
        model = estimator[-1] if isinstance(estimator, Pipeline) else estimator
        check_is_fitted(model)
        loss_curve = getattr(model, "loss_curve_", None)
        if loss_curve is None:
            raise ValueError(
                f"{type(model).__name__} has no loss_curve_: only networks trained "
                "epoch by epoch (solver 'adam' or 'sgd') record a training history."
            )
        scores = getattr(model, "validation_scores_", None)
        # skreg's networks count best_epoch_ from 1 (a position in
        # loss_curve_); the display's best_epoch is a zero-based index.
        best_epoch = getattr(model, "best_epoch_", None)
        if best_epoch is not None:
            best_epoch = int(best_epoch) - 1
        elif scores is not None and len(scores):
            best_epoch = int(np.argmax(scores))
        return cls(
            loss_curve=np.asarray(loss_curve),
            validation_loss_curve=getattr(model, "validation_loss_curve_", None),
            validation_scores=scores,
            best_epoch=best_epoch,
            estimator_name=type(model).__name__,
        ).plot(ax=ax)
