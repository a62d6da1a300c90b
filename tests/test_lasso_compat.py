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
