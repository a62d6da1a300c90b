"""RegularizationPathDisplay and TrainingHistoryDisplay.

Each test runs on skreg's estimator when ``skreg`` exports it, and until
then on scikit-learn's equivalent (Lasso, ElasticNet, Ridge, OMP for the
constrained L0 form, MLPClassifier), which has the same parameters and
fitted attributes.
"""

import sys
import warnings

import numpy as np
import pytest
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import load_diabetes, load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import (
    ElasticNet,
    Lasso,
    LassoCV,
    LinearRegression,
    OrthogonalMatchingPursuit,
    Ridge,
)
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline

import skreg
from skreg import RegularizationPathDisplay, StandardScaler, TrainingHistoryDisplay

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def _skreg_or(name, stand_in):
    return getattr(skreg, name, stand_in)


SklearnMLPClassifier = MLPClassifier  # for its lbfgs solver
Lasso = _skreg_or("Lasso", Lasso)
ElasticNet = _skreg_or("ElasticNet", ElasticNet)
Ridge = _skreg_or("Ridge", Ridge)
L0Constrained = _skreg_or("L0Regressor", OrthogonalMatchingPursuit)
MLPClassifier = _skreg_or("MLPClassifier", MLPClassifier)


def test_the_displays_run_on_skreg_estimators():
    # Every family has landed: the tests below exercise skreg's estimators.
    for estimator in (Lasso, ElasticNet, Ridge, L0Constrained, MLPClassifier):
        assert estimator.__module__.startswith("skreg."), estimator


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def diabetes():
    return load_diabetes(return_X_y=True)


def _per_alpha_coefs(estimator, X, y, alphas, name="alpha"):
    return np.column_stack(
        [estimator.set_params(**{name: a}).fit(X, y).coef_ for a in alphas]
    )


@pytest.mark.parametrize(
    "estimator",
    [Lasso(tol=1e-10, max_iter=100_000), ElasticNet(l1_ratio=0.5, tol=1e-10)],
)
def test_l1_path_equals_per_alpha_fits(estimator, diabetes):
    X, y = diabetes
    display = RegularizationPathDisplay.from_estimator(estimator, X, y)
    assert display.param_name == "alpha"
    assert display.coefs.shape == (X.shape[1], 50)
    assert len(display.lines_) == X.shape[1]
    # the default grid starts at alpha_max, where every coefficient is zero,
    # and ends where nearly all are active
    assert np.all(display.coefs[:, 0] == 0)
    assert np.count_nonzero(display.coefs[:, -1]) >= X.shape[1] - 1
    alphas = display.alphas[[1, 10, 30, 49]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        expected = _per_alpha_coefs(estimator, X, y, alphas)
    got = display.coefs[:, [1, 10, 30, 49]]
    np.testing.assert_allclose(got, expected, atol=1e-6 * np.abs(expected).max())


def test_l1_fast_path_equals_warm_started_refits(diabetes):
    """The enet_path shortcut and the generic refit loop draw the same path."""
    X, y = diabetes

    class SlowLasso(Lasso):  # no enet_path in this module: generic loop
        pass

    alphas = np.geomspace(1.0, 1e-3, 8)
    fast = RegularizationPathDisplay.from_estimator(
        Lasso(tol=1e-10, max_iter=100_000), X, y, alphas=alphas
    )
    slow = RegularizationPathDisplay.from_estimator(
        SlowLasso(tol=1e-10, max_iter=100_000), X, y, alphas=alphas
    )
    np.testing.assert_allclose(
        fast.coefs, slow.coefs, atol=1e-6 * np.abs(fast.coefs).max()
    )
    # alphas come out sorted from sparsest to densest
    np.testing.assert_array_equal(fast.alphas, alphas)


def test_sparse_input_takes_the_refit_path(diabetes):
    X, y = diabetes
    alphas = [1.0, 0.1]
    dense = RegularizationPathDisplay.from_estimator(
        Lasso(fit_intercept=False, tol=1e-10), X, y, alphas=alphas
    )
    sparse_ = RegularizationPathDisplay.from_estimator(
        Lasso(fit_intercept=False, tol=1e-10), sparse.csc_matrix(X), y, alphas=alphas
    )
    np.testing.assert_allclose(sparse_.coefs, dense.coefs, rtol=1e-6, atol=1e-6)


def test_ridge_path_shrinks_towards_least_squares(diabetes):
    X, y = diabetes
    display = RegularizationPathDisplay.from_estimator(Ridge(), X, y)
    norms = np.linalg.norm(display.coefs, axis=0)
    assert np.all(np.diff(norms) > 0)  # less penalty, larger coefficients
    ols = LinearRegression().fit(X, y).coef_
    np.testing.assert_allclose(display.coefs[:, -1], ols, rtol=1e-2)
    assert norms[0] < 0.02 * np.linalg.norm(ols)
    np.testing.assert_allclose(
        display.coefs[:, 7], Ridge(alpha=display.alphas[7]).fit(X, y).coef_
    )


def test_l0_constrained_path_counts_nonzeros(diabetes):
    X, y = diabetes
    display = RegularizationPathDisplay.from_estimator(L0Constrained(), X, y)
    assert display.param_name == "n_nonzero_coefs"
    sizes = np.arange(1, X.shape[1] + 1)
    np.testing.assert_array_equal(display.alphas, sizes)
    counts = np.count_nonzero(display.coefs, axis=0)
    assert np.all(counts <= sizes) and counts[-1] >= X.shape[1] - 1
    assert np.all(counts[: X.shape[1] // 2] == sizes[: X.shape[1] // 2])
    assert display.ax_.get_xscale() == "linear"


def test_pipeline_and_given_axes(diabetes):
    X, y = diabetes
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(X, columns=load_diabetes().feature_names)
    _, ax = plt.subplots()
    # tol=1e-8 on both sides: the path solves to the estimator's tolerance
    pipe = make_pipeline(StandardScaler(), Lasso(tol=1e-8))
    display = RegularizationPathDisplay.from_estimator(pipe, frame, y, ax=ax)
    assert display.ax_ is ax and display.figure_ is ax.figure
    assert [line.get_label() for line in display.lines_] == list(frame.columns)
    assert ax.get_xscale() == "log"
    # the path is the one of the final step on the scaled data
    Xs = StandardScaler().fit_transform(X)
    alpha = display.alphas[20]
    np.testing.assert_allclose(
        display.coefs[:, 20], Lasso(alpha=alpha, tol=1e-8).fit(Xs, y).coef_, atol=1e-4
    )
    assert not hasattr(pipe[-1], "coef_")  # the estimator passed in is untouched


def test_path_rejects_bad_input(diabetes):
    X, y = diabetes
    with pytest.raises(ValueError, match="penalty"):
        RegularizationPathDisplay.from_estimator(LinearRegression(), X, y)
    with pytest.raises(ValueError, match="rather than LassoCV"):
        RegularizationPathDisplay.from_estimator(LassoCV(), X, y)
    with pytest.raises(ValueError, match="1-D"):
        RegularizationPathDisplay.from_estimator(Lasso(), X, y, alphas=[])
    with pytest.raises(ValueError, match="1d array"):
        RegularizationPathDisplay.from_estimator(
            Ridge(), X, np.column_stack([y, y]), alphas=[1.0]
        )
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        RegularizationPathDisplay.from_estimator(Lasso(), X_nan, y)


def test_missing_matplotlib_is_a_clear_error(diabetes, monkeypatch):
    X, y = diabetes
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match="requires matplotlib"):
        RegularizationPathDisplay.from_estimator(Lasso(), X, y)


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X / 16.0, y


def test_training_history_of_sklearn_mlp(digits):
    X, y = digits
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp = MLPClassifier(
            hidden_layer_sizes=(16,), max_iter=8, early_stopping=True, random_state=0
        ).fit(X, y)
    display = TrainingHistoryDisplay.from_estimator(mlp)
    np.testing.assert_allclose(display.loss_line_.get_ydata(), mlp.loss_curve_)
    np.testing.assert_allclose(
        display.validation_score_line_.get_ydata(), mlp.validation_scores_
    )
    if hasattr(mlp, "validation_loss_curve_"):  # skreg's
        np.testing.assert_allclose(
            display.validation_loss_line_.get_ydata(), mlp.validation_loss_curve_
        )
    else:  # scikit-learn's records no validation loss
        assert display.validation_loss_line_ is None
    assert display.best_epoch == int(np.argmax(mlp.validation_scores_))
    assert display.score_ax_ is not None and display.figure_ is display.ax_.figure


class _FittedNet(ClassifierMixin, BaseEstimator):
    """Stands for skreg's MLPClassifier: every history attribute it will have."""

    def fit(self, X=None, y=None):
        self.loss_curve_ = [1.0, 0.6, 0.4, 0.3]
        self.validation_loss_curve_ = [1.1, 0.7, 0.65, 0.7]
        self.validation_scores_ = [0.5, 0.7, 0.8, 0.75]
        self.best_epoch_ = 3  # 1-based, as skreg's networks count it
        return self


def test_training_history_with_validation_loss_in_a_pipeline():
    _, ax = plt.subplots()
    pipe = make_pipeline(StandardScaler(), _FittedNet().fit())
    display = TrainingHistoryDisplay.from_estimator(pipe, ax=ax)
    assert display.ax_ is ax
    np.testing.assert_allclose(
        display.validation_loss_line_.get_ydata(), [1.1, 0.7, 0.65, 0.7]
    )
    assert display.best_epoch_line_.get_xdata()[0] == 3  # epochs are drawn from 1
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [
        "training loss",
        "validation loss",
        "validation score",
        "best epoch",
    ]


def test_training_history_needs_a_history(digits):
    X, y = digits
    lbfgs = SklearnMLPClassifier(hidden_layer_sizes=(4,), solver="lbfgs", max_iter=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        lbfgs.fit(X[:200], y[:200])
    with pytest.raises(ValueError, match="no loss_curve_"):
        TrainingHistoryDisplay.from_estimator(lbfgs)
    with pytest.raises(Exception, match="not fitted"):
        TrainingHistoryDisplay.from_estimator(MLPClassifier())


def test_displays_are_exported_but_not_estimators():
    names = {name for name, _ in skreg.all_estimators()}
    assert "RegularizationPathDisplay" not in names
    assert {"RegularizationPathDisplay", "TrainingHistoryDisplay"} <= set(skreg.__all__)


def test_tour_saves_and_closes_display_figures(diabetes, tmp_path):
    from skreg._tour_figures import save_display

    X, y = diabetes
    display = RegularizationPathDisplay.from_estimator(Ridge(), X, y)
    path = save_display(display, tmp_path / "figures", "ridge_path.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not plt.fignum_exists(display.figure_.number)
    other = RegularizationPathDisplay.from_estimator(Ridge(), X, y)
    assert save_display(other, None, "unused.png") is None
    assert not plt.fignum_exists(other.figure_.number)


# -- information criterion along the path -----------------------------------


@pytest.mark.parametrize(
    "name, params",
    [
        ("LassoIC", {}),
        ("L0RegressorIC", {}),
        # Its own penalty's path (not the Lasso's), at the gamma it chose.
        ("SparseRegressorIC", {"penalty": "mcp"}),
        ("SparseRegressorIC", {"penalty": "scad", "gamma": [2.5, 3.7]}),
    ],
)
def test_path_of_a_criterion_selector_draws_its_criterion(name, params):
    X, y = load_diabetes(return_X_y=True)
    selector = getattr(skreg, name)(criterion="bic", **params).fit(X, y)
    display = RegularizationPathDisplay.from_estimator(selector, X, y)
    # The selector's own grid and criterion, in drawing order.
    grid = getattr(selector, "alphas_", getattr(selector, "support_sizes_", None))
    grid, criterion = np.asarray(grid), np.asarray(selector.criterion_)
    if criterion.ndim == 2:  # one row per gamma: the chosen gamma's
        row = np.unravel_index(np.argmin(criterion), criterion.shape)[0]
        grid, criterion = grid[row], criterion[row]
    order = np.argsort(grid)
    np.testing.assert_allclose(np.sort(display.alphas), grid[order])
    drawn = dict(zip(display.alphas, display.criterion, strict=True))
    for value, expected in zip(grid, criterion, strict=True):
        assert drawn[value] == pytest.approx(expected)
    assert display.criterion_ax_ is not display.ax_
    assert display.criterion_ax_.get_ylabel() == "BIC"
    np.testing.assert_allclose(
        display.criterion_line_.get_ydata(), display.criterion, rtol=1e-12
    )
    # The selected value, marked on both columns, is the criterion's minimum
    # and the selector's coefficients are the path's there.
    chosen = getattr(selector, "alpha_", getattr(selector, "n_nonzero_coefs_", None))
    assert display.selected == pytest.approx(chosen)
    assert display.alphas[np.argmin(display.criterion)] == pytest.approx(chosen)
    assert len(display.selected_lines_) == 2
    for line in display.selected_lines_:
        assert line.get_xdata()[0] == pytest.approx(chosen)
    column = int(np.flatnonzero(np.isclose(display.alphas, chosen))[0])
    np.testing.assert_allclose(
        display.coefs[:, column],
        selector.coef_,
        rtol=1e-5,
        atol=1e-6 * np.abs(selector.coef_).max(),
    )


def test_criterion_selector_unfitted_and_on_given_axes():
    X, y = load_diabetes(return_X_y=True)
    _, ax = plt.subplots()
    display = RegularizationPathDisplay.from_estimator(
        skreg.LassoIC(criterion="aic"), X, y, ax=ax
    )
    # Fitted on the way; the criterion on a second y axis of ax, one mark.
    assert display.ax_ is ax
    assert display.criterion_ax_ is not None and display.criterion_ax_ is not ax
    assert display.criterion_ax_.get_ylabel() == "AIC"
    assert len(display.selected_lines_) == 1


def test_plain_path_has_no_criterion():
    X, y = load_diabetes(return_X_y=True)
    display = RegularizationPathDisplay.from_estimator(Lasso(), X, y)
    assert display.criterion_line_ is None
    assert display.criterion_ax_ is None
    assert display.selected_lines_ == []


@pytest.fixture(scope="module")
def cancer():
    from sklearn.datasets import load_breast_cancer

    X, y = load_breast_cancer(return_X_y=True)
    return StandardScaler().fit_transform(X), y


@pytest.mark.parametrize("module", ["skreg", "sklearn"])
def test_logistic_path_equals_per_C_fits(cancer, module):
    """The drawn path is logistic_regression_path's, which is the fit at each
    C, for skreg's estimator and scikit-learn's alike."""
    from sklearn import linear_model as sk

    X, y = cancer
    Cs = np.array([0.3, 0.01, 0.05])
    cls = skreg.LogisticRegression if module == "skreg" else sk.LogisticRegression
    estimator = cls(l1_ratio=1.0, solver="saga", tol=1e-10)
    display = RegularizationPathDisplay.from_estimator(estimator, X, y, alphas=Cs)
    assert display.param_name == "C" and display.ax_.get_xlabel() == "C"
    np.testing.assert_array_equal(display.alphas, np.sort(Cs))
    expected = np.column_stack(
        [
            skreg.LogisticRegression(l1_ratio=1.0, C=C, solver="saga", tol=1e-10)
            .fit(X, y)
            .coef_[0]
            for C in np.sort(Cs)
        ]
    )
    np.testing.assert_allclose(display.coefs, expected, atol=1e-6)
    assert len(display.lines_) == X.shape[1]
    # L1: the support grows with C, from a few features
    support = np.count_nonzero(display.coefs, axis=0)
    assert 0 < support[0] < support[-1]


def test_logistic_default_grid_starts_all_zero(cancer):
    X, y = cancer
    display = RegularizationPathDisplay.from_estimator(
        skreg.LogisticRegression(l1_ratio=1.0, solver="saga"), X, y
    )
    assert display.coefs.shape == (X.shape[1], 50)
    assert np.all(display.coefs[:, 0] == 0)  # at C_min every coef is zero
    assert np.count_nonzero(display.coefs[:, -1]) > 5


def test_logistic_cv_draws_its_grid_score_and_choice(cancer):
    X, y = cancer
    model = skreg.LogisticRegressionCV(
        Cs=[1.0, 0.01, 0.1],
        cv=3,
        l1_ratios=(1.0,),
        solver="saga",
        scoring="accuracy",
        use_legacy_attributes=True,
    ).fit(X, y)
    display = RegularizationPathDisplay.from_estimator(model, X, y)
    np.testing.assert_array_equal(display.alphas, [0.01, 0.1, 1.0])
    mean_scores = model.scores_[1].mean(axis=0)[:, 0]  # (n_cs,), Cs_ order
    np.testing.assert_allclose(display.criterion, mean_scores[[1, 2, 0]])
    assert display.selected == model.C_[0]
    assert display.criterion_ax_.get_ylabel() == "CV score (accuracy)"
    assert len(display.selected_lines_) == 2


def test_multinomial_path_draws_one_line_per_class_and_feature():
    X, y = load_digits(return_X_y=True)
    X, y = X[:200, :8] / 16, y[:200] % 3
    names = [f"f{j}" for j in range(8)]
    display = RegularizationPathDisplay.from_estimator(
        skreg.LogisticRegression(l1_ratio=1.0, solver="saga"),
        X,
        y.astype(str),
        alphas=[0.1, 1.0],
        feature_names=names,
    )
    assert display.coefs.shape == (3 * 8, 2)
    assert display.feature_names[:2] == ["0: f0", "0: f1"]
    assert display.feature_names[-1] == "2: f7"


def test_from_path_takes_what_path_functions_return(cancer, diabetes):
    X, y = cancer
    path = skreg.logistic_regression_path(X, y, Cs=[0.01, 0.1], l1_ratio=1.0)
    display = RegularizationPathDisplay.from_path(path)
    assert display.param_name == "C"
    np.testing.assert_array_equal(display.coefs, path[1][:, 0].T)
    Xd, yd = diabetes
    lasso = skreg.lasso_path(Xd - Xd.mean(0), yd - yd.mean(), alphas=[1.0, 0.1])
    display = RegularizationPathDisplay.from_path(lasso)
    assert display.param_name == "alpha" and len(display.lines_) == Xd.shape[1]
    with pytest.raises(ValueError, match="path must be what a path function"):
        RegularizationPathDisplay.from_path((np.ones(3), np.ones((2, 2))))
