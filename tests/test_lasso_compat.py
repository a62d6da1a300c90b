"""Lasso family: scikit-learn 1.9's validation, routing, deprecations, check_input.

The behaviours scikit-learn's own test files expect (see tests/conformance),
checked here against skreg directly and, where scikit-learn has the same
behaviour, against scikit-learn's answer.
"""

import warnings

import numpy as np
import pytest
import sklearn
from scipy import sparse
from sklearn import linear_model as sk
from sklearn.datasets import load_diabetes, make_regression
from sklearn.model_selection import GroupKFold, KFold

from skreg.linear_model import (
    ElasticNet,
    ElasticNetCV,
    Lasso,
    LassoCV,
    _lasso,
    enet_path,
    lasso_path,
)

X_DIAB, Y_DIAB = load_diabetes(return_X_y=True)
CV_CLASSES = [(LassoCV, sk.LassoCV), (ElasticNetCV, sk.ElasticNetCV)]


@pytest.fixture
def routing_enabled():
    with sklearn.config_context(enable_metadata_routing=True):
        yield


# --------------------------------------------------------------------------
# alphas checked element by element
# --------------------------------------------------------------------------


@pytest.mark.parametrize("CV", [LassoCV, ElasticNetCV])
@pytest.mark.parametrize(
    "alphas, error, message",
    [
        ((0.1, -1, -10.0), ValueError, r"alphas\[1\] == -1, must be >= 0.0."),
        ((-0.1, -1.0, -10.0), ValueError, r"alphas\[0\] == -0.1, must be >= 0.0."),
        ((1, 1.0, "1"), TypeError, r"alphas\[2\] must be an instance of float"),
        ((1.0, np.inf), ValueError, r"alphas must be finite"),
        ((1.0, np.nan), ValueError, r"alphas must be finite"),
    ],
)
def test_cv_alphas_checked_entry_by_entry(CV, alphas, error, message):
    with pytest.raises(error, match=message):
        CV(alphas=alphas, cv=3).fit(X_DIAB[:60], Y_DIAB[:60])


@pytest.mark.parametrize("CV", [LassoCV, ElasticNetCV])
def test_cv_alphas_given_unsorted_are_tried_decreasing(CV):
    model = CV(alphas=[0.1, 1.0, 0.01], cv=3).fit(X_DIAB, Y_DIAB)
    np.testing.assert_array_equal(model.alphas_, [1.0, 0.1, 0.01])
    assert model.alpha_ in (1.0, 0.1, 0.01)


# --------------------------------------------------------------------------
# metadata routing of fit's **params to the splitter
# --------------------------------------------------------------------------


@pytest.mark.parametrize("CV", [LassoCV, ElasticNetCV])
def test_cv_fit_params_rejected_without_routing(CV):
    groups = np.arange(len(Y_DIAB)) % 4
    with pytest.raises(ValueError, match="only supported if enable_metadata_routing"):
        CV(cv=GroupKFold(4)).fit(X_DIAB, Y_DIAB, groups=groups)


@pytest.mark.parametrize("CV, SkCV", CV_CLASSES)
def test_cv_routes_groups_to_the_splitter(CV, SkCV, routing_enabled):
    # Groups that the splitter must keep apart: with GroupKFold over 3
    # groups the folds are the groups, so the paths differ from KFold's.
    X, y = make_regression(n_samples=90, n_features=8, noise=5.0, random_state=0)
    groups = np.arange(len(y)) % 3
    params = {"alphas": 12, "cv": GroupKFold(3), "tol": 1e-10}
    ours = CV(**params).fit(X, y, groups=groups)
    ref = SkCV(**params).fit(X, y, groups=groups)
    np.testing.assert_allclose(ours.mse_path_, ref.mse_path_, rtol=1e-6)
    assert ours.alpha_ == pytest.approx(ref.alpha_)
    unrouted = CV(**dict(params, cv=KFold(3))).fit(X, y)
    assert not np.allclose(ours.mse_path_, unrouted.mse_path_)


def test_cv_routing_without_a_request_raises_like_sklearn(routing_enabled):
    # KFold requests no groups: passing them is an error in both libraries.
    groups = np.arange(len(Y_DIAB)) % 3
    with pytest.raises(Exception) as ref:
        sk.LassoCV(cv=KFold(3)).fit(X_DIAB, Y_DIAB, groups=groups)
    with pytest.raises(type(ref.value)):
        LassoCV(cv=KFold(3)).fit(X_DIAB, Y_DIAB, groups=groups)


def test_cv_metadata_routing_names_the_splitter():
    router = LassoCV(cv=GroupKFold(3)).get_metadata_routing()
    assert "groups" in router.consumes("fit", ["groups"])


# --------------------------------------------------------------------------
# scikit-learn 1.9's deprecations in the path functions
# --------------------------------------------------------------------------


@pytest.mark.parametrize("path", [enet_path, lasso_path])
def test_path_n_alphas_deprecated(path):
    with pytest.warns(FutureWarning, match="'n_alphas' was deprecated in 1.9"):
        alphas, _, _ = path(X_DIAB, Y_DIAB, n_alphas=5)
    assert len(alphas) == 5
    # An explicit alphas wins over n_alphas, as in scikit-learn.
    with pytest.warns(FutureWarning, match="'n_alphas' was deprecated in 1.9"):
        alphas, _, _ = path(X_DIAB, Y_DIAB, n_alphas=5, alphas=7)
    assert len(alphas) == 7


@pytest.mark.parametrize("path", [enet_path, lasso_path])
def test_path_alphas_none_deprecated(path):
    with pytest.warns(FutureWarning, match="'alphas=None' is deprecated"):
        alphas, _, _ = path(X_DIAB, Y_DIAB, alphas=None)
    assert len(alphas) == 100


@pytest.mark.parametrize("path", [enet_path, lasso_path])
def test_path_default_and_integer_alphas_do_not_warn(path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(path(X_DIAB, Y_DIAB)[0]) == 100
        assert len(path(X_DIAB, Y_DIAB, alphas=5)[0]) == 5


# --------------------------------------------------------------------------
# check_input=False
# --------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_check_input_false_fits_prevalidated_input_like_true(dtype):
    X = np.asfortranarray(X_DIAB, dtype=dtype)
    fast = ElasticNet(alpha=0.01).fit(X, Y_DIAB, check_input=False)
    checked = ElasticNet(alpha=0.01).fit(X, Y_DIAB)
    np.testing.assert_array_equal(fast.coef_, checked.coef_)
    assert fast.coef_.dtype == dtype
    assert fast.n_features_in_ == X.shape[1]
    X_csc = sparse.csc_matrix(X)
    fast_sparse = Lasso(alpha=0.1).fit(X_csc, Y_DIAB, check_input=False)
    np.testing.assert_allclose(
        fast_sparse.coef_, Lasso(alpha=0.1).fit(X, Y_DIAB).coef_, rtol=1e-4
    )


@pytest.mark.parametrize(
    "make_X",
    [
        np.ascontiguousarray,
        lambda X: np.asfortranarray(X).astype(np.int64),
        lambda X: X.tolist(),
        sparse.csr_matrix,
    ],
    ids=["C-ordered", "int64", "list", "csr"],
)
def test_check_input_false_refuses_what_validation_would_convert(make_X):
    with pytest.raises(ValueError, match="With check_input=False, X must be"):
        ElasticNet().fit(make_X(X_DIAB), Y_DIAB, check_input=False)


def test_check_input_false_with_sample_weight_accepts_any_float_layout():
    # The weights rescale X into a new array anyway (scikit-learn accepts
    # C-ordered X there too), and the weights are not modified.
    weights = np.full(len(Y_DIAB), 1.25)
    C = np.ascontiguousarray(X_DIAB)
    fast = ElasticNet(alpha=0.01).fit(
        C, Y_DIAB, sample_weight=weights, check_input=False
    )
    ref = ElasticNet(alpha=0.01).fit(X_DIAB, Y_DIAB, sample_weight=weights)
    np.testing.assert_allclose(fast.coef_, ref.coef_, rtol=1e-12)
    np.testing.assert_array_equal(weights, 1.25)


# --------------------------------------------------------------------------
# the CV refit's estimator and its precompute
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "precompute, inner", [(True, True), ("auto", False), (False, False)]
)
def test_lassocv_refit_sets_precompute_only_when_asked(monkeypatch, precompute, inner):
    # scikit-learn's test_lassoCV_does_not_set_precompute, on skreg's module.
    seen = []

    class RecordingLasso(Lasso):
        def fit(self, X, y):
            seen.append(self.precompute)
            return super().fit(X, y)

    monkeypatch.setattr(_lasso, "Lasso", RecordingLasso)
    X = np.random.RandomState(0).randn(200, 10)  # tall: "auto" uses Gram in folds
    y = X[:, 0] - 2 * X[:, 1]
    LassoCV(precompute=precompute, cv=3, alphas=5).fit(X, y)
    assert seen == [inner]


def test_elasticnetcv_refit_is_an_elasticnet_with_the_chosen_l1_ratio(monkeypatch):
    refits = []

    class RecordingElasticNet(ElasticNet):
        def fit(self, X, y, sample_weight=None):
            refits.append(self.get_params())
            return super().fit(X, y, sample_weight=sample_weight)

    monkeypatch.setattr(_lasso, "ElasticNet", RecordingElasticNet)
    weights = np.random.RandomState(1).uniform(0.5, 2.0, len(Y_DIAB))
    model = ElasticNetCV(l1_ratio=[0.3, 0.9], alphas=5, cv=3, tol=1e-6).fit(
        X_DIAB, Y_DIAB, sample_weight=weights
    )
    (params,) = refits
    assert params["l1_ratio"] == model.l1_ratio_
    assert params["alpha"] == model.alpha_
    assert params["tol"] == 1e-6
    assert params["precompute"] is False


def test_cv_refit_precompute_auto_gives_dense_and_sparse_the_same_answer():
    # The refit's solver no longer depends on the storage (dense "auto" used
    # to refit on the Gram matrix, sparse X on X).
    rng = np.random.RandomState(0)
    X = rng.randn(60, 6) * (rng.rand(60, 6) > 0.5)
    y = X @ rng.randn(6) + 0.1 * rng.randn(60)
    dense = LassoCV(cv=3, alphas=10).fit(X, y)
    sparse_fit = LassoCV(cv=3, alphas=10).fit(sparse.csc_matrix(X), y)
    assert dense.alpha_ == pytest.approx(sparse_fit.alpha_, rel=1e-12)
    np.testing.assert_allclose(dense.coef_, sparse_fit.coef_, rtol=1e-10, atol=1e-12)


def test_cv_with_routing_and_sample_weight_matches_sklearn(routing_enabled):
    X, y = make_regression(n_samples=60, n_features=8, noise=1.0, random_state=0)
    weights = np.random.RandomState(2).uniform(0.5, 2.0, len(y))
    ours = LassoCV(alphas=6, cv=3, tol=1e-10).set_fit_request(sample_weight=True)
    ref = sk.LassoCV(alphas=6, cv=3, tol=1e-10).set_fit_request(sample_weight=True)
    ours.fit(X, y, sample_weight=weights)
    ref.fit(X, y, sample_weight=weights)
    np.testing.assert_allclose(ours.mse_path_, ref.mse_path_, rtol=1e-6)


# --------------------------------------------------------------------------
# l1_ratio = 0 solved directly; copy_X; n_iter_; Gram solutions refined
# --------------------------------------------------------------------------


@pytest.mark.parametrize("ridge_alpha", [1e-6, 0.1, 1.0, 1e6])
@pytest.mark.parametrize("precompute", [False, True])
def test_l1_ratio_zero_is_ridge_to_tight_tolerance(ridge_alpha, precompute):
    rng = np.random.RandomState(0)
    X, y = make_regression(
        n_samples=120, n_features=40, effective_rank=8, random_state=rng
    )
    sw = rng.uniform(0.01, 10, size=X.shape[0])
    ridge = sk.Ridge(alpha=ridge_alpha, solver="svd").fit(X, y, sample_weight=sw)
    enet = ElasticNet(
        alpha=ridge_alpha / sw.sum(), l1_ratio=0, precompute=precompute, tol=1e-11
    ).fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(enet.coef_, ridge.coef_, rtol=1e-7, atol=1e-11)
    np.testing.assert_allclose(enet.intercept_, ridge.intercept_, atol=1e-10)
    assert enet.n_iter_ == 1
    # The reported gap is the ridge duality gap of the solution: rounding.
    assert 0 <= enet.dual_gap_ <= 1e-10 * np.var(y)


def test_l1_ratio_zero_positive_is_nonnegative_ridge():
    from scipy.optimize import nnls

    rng = np.random.RandomState(1)
    X = rng.randn(60, 8)
    y = X @ np.array([1.0, -2.0, 0.5, 0, 0, 3.0, -1.0, 0]) + rng.randn(60)
    alpha = 0.3
    model = ElasticNet(alpha=alpha, l1_ratio=0, positive=True).fit(X, y)
    # Oracle: 1/(2n)||yc - Xc w||^2 + alpha/2 ||w||^2 with w >= 0 is the NNLS
    # of the centered design stacked on sqrt(n alpha) I.
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    A = np.vstack([Xc, np.sqrt(60 * alpha) * np.eye(8)])
    expected = nnls(A, np.concatenate([yc, np.zeros(8)]))[0]
    assert np.all(model.coef_ >= 0) and np.any(model.coef_ == 0)
    np.testing.assert_allclose(model.coef_, expected, atol=1e-10)
    # The same minimizer as the (converged) coordinate descent with a tiny L1.
    cd = ElasticNet(alpha=alpha, l1_ratio=1e-9, positive=True, tol=1e-10).fit(X, y)
    np.testing.assert_allclose(model.coef_, cd.coef_, atol=1e-6)


def test_copy_X_false_centers_dense_X_in_place():
    X = np.asfortranarray(X_DIAB + 1.0)
    original = X.copy()
    model = ElasticNet(alpha=0.01, copy_X=False).fit(X, Y_DIAB, check_input=False)
    ref = ElasticNet(alpha=0.01).fit(original, Y_DIAB)
    np.testing.assert_allclose(X, original - original.mean(axis=0), atol=1e-12)
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=1e-7)
    np.testing.assert_allclose(model.intercept_, ref.intercept_, rtol=1e-9)
    # copy_X=True (the default), sparse X, or no intercept: X untouched.
    for kwargs, X_in in [
        ({}, np.asfortranarray(original)),
        ({"copy_X": False}, sparse.csc_matrix(original)),
        ({"copy_X": False, "fit_intercept": False}, np.asfortranarray(original)),
    ]:
        before = X_in.copy()
        ElasticNet(alpha=0.01, **kwargs).fit(X_in, Y_DIAB)
        after = X_in.toarray() if sparse.issparse(X_in) else X_in
        before = before.toarray() if sparse.issparse(before) else before
        np.testing.assert_array_equal(after, before)


def test_copy_X_false_with_sample_weight_matches_copy():
    rng = np.random.RandomState(3)
    sw = rng.uniform(0.5, 2.0, size=X_DIAB.shape[0])
    X = np.asfortranarray(X_DIAB * 3.0 + 2.0)
    ref = ElasticNet(alpha=0.01).fit(X.copy(), Y_DIAB, sample_weight=sw)
    model = ElasticNet(alpha=0.01, copy_X=False).fit(X, Y_DIAB, sample_weight=sw)
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=1e-7)
    np.testing.assert_allclose(model.intercept_, ref.intercept_, rtol=1e-9)
    weighted_mean = np.average(X_DIAB * 3.0 + 2.0, axis=0, weights=sw)
    np.testing.assert_allclose(X, X_DIAB * 3.0 + 2.0 - weighted_mean, atol=1e-12)


@pytest.mark.parametrize("as_sparse", [False, True])
def test_n_iter_counts_passes_and_warm_start_at_solution_is_zero(as_sparse):
    X, y = make_regression(n_samples=50, n_features=200, random_state=0)
    X = sparse.csr_matrix(X) if as_sparse else X
    model = ElasticNet(alpha=1e-3, tol=1e-3).fit(X, y)
    cold = model.n_iter_
    # At least one outer gap pass and the inner epochs it started.
    assert cold > 2
    assert model.fit(X, y).n_iter_ == cold
    model.set_params(warm_start=True)
    assert model.fit(X, y).n_iter_ == 0


def test_gram_solver_refines_its_solution_on_the_support():
    # Coordinate descent stopped at tol leaves errors of order sqrt(tol)
    # (5e-3 here); the exact solve on the support removes them.
    rng = np.random.RandomState(0)
    X = rng.randn(50, 200)
    y = X[:, :10] @ rng.randn(10) + 0.1 * rng.randn(50)
    sw = rng.lognormal(size=50)
    w_norm = sw * (50 / sw.sum())
    X_c = X - np.average(X, axis=0, weights=w_norm)
    X_r = X_c * np.sqrt(w_norm)[:, None]
    gram = ElasticNet(alpha=0.01, precompute=X_r.T @ X_r).fit(X_c, y, sample_weight=sw)
    own_gram = ElasticNet(alpha=0.01, precompute=True).fit(X, y, sample_weight=sw)
    reference = sk.ElasticNet(alpha=0.01, tol=1e-14, max_iter=100_000).fit(
        X, y, sample_weight=sw
    )
    for model in (gram, own_gram):
        np.testing.assert_allclose(model.coef_, reference.coef_, atol=1e-9)
        assert model.dual_gap_ < 1e-12
    unrefined = sk.ElasticNet(alpha=0.01, precompute=X_r.T @ X_r).fit(
        X_c, y, sample_weight=sw
    )
    assert np.max(np.abs(unrefined.coef_ - reference.coef_)) > 1e-4
