"""LogisticRegressionCV: equal to scikit-learn's on the same objective and
folds, its attribute layouts, refit=False, parallel = serial, sparse = dense,
string labels, sample and class weights, folds missing a class."""

import warnings

import numpy as np
import pytest
from scipy import sparse
from sklearn import linear_model as sk
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.preprocessing import StandardScaler

from skreg import LogisticRegression, LogisticRegressionCV

CV = StratifiedKFold(3, shuffle=True, random_state=0)
NEW = {"use_legacy_attributes": False, "scoring": "neg_log_loss"}
# skreg's tol bounds the duality gap relative to sum_i s_i log 2: 1e-13 puts
# the coefficients well within scikit-learn's 1e-10 projected-gradient fits.
TIGHT = 1e-13


@pytest.fixture(scope="module")
def cancer():
    X, y = load_breast_cancer(return_X_y=True)
    return StandardScaler().fit_transform(X), y


@pytest.fixture(scope="module")
def iris():
    X, y = load_iris(return_X_y=True)
    return StandardScaler().fit_transform(X), y


def _sklearn_cv(**params):
    with warnings.catch_warnings():
        # scikit-learn's solvers at tol 1e-10 may stop on their own criteria
        warnings.simplefilter("ignore")
        return sk.LogisticRegressionCV(**params)


def _relative_error(ours, ref):
    return np.max(np.abs(ours - ref)) / np.max(np.abs(ref))


@pytest.mark.parametrize(
    "params",
    [
        # L2: scikit-learn's lbfgs, free intercept
        {"l1_ratios": (0.0,), "solver": "lbfgs"},
        # L1: liblinear's objective (penalized intercept), reproduced
        {"l1_ratios": (1.0,), "solver": "liblinear"},
    ],
    ids=["l2-lbfgs", "l1-liblinear"],
)
def test_equals_sklearn_on_same_folds(cancer, params):
    X, y = cancer
    common = {"Cs": np.logspace(-2, 1, 5), "cv": CV, **NEW, **params}
    ours = LogisticRegressionCV(tol=TIGHT, max_iter=1000, **common).fit(X, y)
    ref = _sklearn_cv(tol=1e-10, max_iter=10**4, **common).fit(X, y)
    assert ours.C_ == ref.C_
    assert ours.l1_ratio_ == ref.l1_ratio_
    np.testing.assert_allclose(ours.Cs_, ref.Cs_)
    assert _relative_error(ours.coefs_paths_, ref.coefs_paths_) < 1e-5
    np.testing.assert_allclose(ours.scores_, ref.scores_, rtol=1e-6)
    assert _relative_error(ours.coef_, ref.coef_) < 1e-5
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-5, atol=1e-8)


def test_multinomial_equals_sklearn(iris):
    X, y = iris
    common = {"Cs": np.logspace(-2, 1, 3), "cv": CV, "tol": 1e-10, **NEW}
    common["l1_ratios"] = (0.0,)
    ours = LogisticRegressionCV(max_iter=1000, **common).fit(X, y)
    ref = _sklearn_cv(max_iter=10**4, **common).fit(X, y)
    assert ours.C_ == ref.C_
    assert ours.coefs_paths_.shape == ref.coefs_paths_.shape == (3, 1, 3, 3, 5)
    np.testing.assert_allclose(ours.scores_, ref.scores_, rtol=1e-5)
    assert _relative_error(ours.coef_, ref.coef_) < 1e-4


@pytest.mark.parametrize("n_classes", [2, 3])
# an array: scikit-learn 1.9's refit=False indexes l1_ratios with an array
@pytest.mark.parametrize("l1_ratios", ["warn", (0.0,), np.array([0.2, 0.8])])
@pytest.mark.parametrize("legacy", [True, False])
def test_attribute_layout_equals_sklearn(cancer, iris, n_classes, l1_ratios, legacy):
    X, y = cancer if n_classes == 2 else iris
    X, y = X[::3], y[::3]  # the layouts, not the fits, are compared
    params = {"Cs": 2, "cv": 3, "l1_ratios": l1_ratios, "refit": False}
    params |= {"use_legacy_attributes": legacy, "scoring": "accuracy"}
    if len(l1_ratios) == 2:
        params["solver"] = "saga"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        ours = LogisticRegressionCV(**params).fit(X, y)
        ref = _sklearn_cv(**params).fit(X, y)
    for name in ("Cs_", "l1_ratios_", "C_", "l1_ratio_", "n_iter_", "coef_"):
        assert np.shape(getattr(ours, name)) == np.shape(getattr(ref, name)), name
    np.testing.assert_array_equal(ours.l1_ratios_, ref.l1_ratios_)
    assert type(ours.C_) is type(ref.C_)
    if legacy:
        assert list(ours.scores_) == list(ref.scores_)
        for key in ref.scores_:
            assert ours.scores_[key].shape == ref.scores_[key].shape
            assert ours.coefs_paths_[key].shape == ref.coefs_paths_[key].shape
    else:
        assert ours.scores_.shape == ref.scores_.shape
        assert ours.coefs_paths_.shape == ref.coefs_paths_.shape


def test_refit_false_averages_the_folds_best(cancer):
    X, y = cancer
    Cs = np.logspace(-3, 1, 6)
    est = LogisticRegressionCV(
        Cs=Cs, cv=CV, l1_ratios=(0.3, 1.0), solver="saga", refit=False, **NEW
    ).fit(X, y)
    n_folds, n_ratios, n_cs = est.scores_.shape
    best = np.argmax(est.scores_.reshape(n_folds, -1), axis=1)
    ratio_idx, c_idx = np.unravel_index(best, (n_ratios, n_cs))
    w = est.coefs_paths_[np.arange(n_folds), ratio_idx, c_idx].mean(axis=0)
    np.testing.assert_allclose(est.coef_, w[:, :-1])
    np.testing.assert_allclose(est.intercept_, w[:, -1])
    np.testing.assert_allclose(est.C_, Cs[c_idx].mean())
    np.testing.assert_allclose(est.l1_ratio_, np.array([0.3, 1.0])[ratio_idx].mean())


def test_refit_solves_the_chosen_problem(cancer):
    X, y = cancer
    est = LogisticRegressionCV(
        Cs=5, cv=CV, l1_ratios=(1.0,), solver="saga", tol=TIGHT, max_iter=1000, **NEW
    ).fit(X, y)
    single = LogisticRegression(
        C=est.C_, l1_ratio=1.0, solver="saga", tol=TIGHT, max_iter=1000
    ).fit(X, y)
    np.testing.assert_allclose(est.coef_, single.coef_, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(est.intercept_, single.intercept_, rtol=1e-6)


def test_fold_paths_equal_single_fits(cancer):
    """Each warm-started fold path is the fit of that fold at that C."""
    X, y = cancer
    Cs = [10.0, 0.01, 1.0]  # not sorted: attributes follow the given order
    est = LogisticRegressionCV(
        Cs=Cs, cv=CV, l1_ratios=(0.5,), solver="saga", tol=TIGHT, max_iter=1000, **NEW
    ).fit(X, y)
    np.testing.assert_array_equal(est.Cs_, Cs)
    for fold, (train, _) in enumerate(CV.split(X, y)):
        for k, C in enumerate(Cs):
            single = LogisticRegression(
                C=C, l1_ratio=0.5, solver="saga", tol=TIGHT, max_iter=1000
            ).fit(X[train], y[train])
            path = est.coefs_paths_[fold, 0, k, 0]
            np.testing.assert_allclose(path[:-1], single.coef_[0], atol=1e-5)
            np.testing.assert_allclose(path[-1], single.intercept_[0], atol=1e-5)


def test_n_jobs_equals_serial(cancer):
    X, y = cancer
    params = {"Cs": 4, "cv": CV, "l1_ratios": (0.5, 1.0), "solver": "saga", **NEW}
    serial = LogisticRegressionCV(**params).fit(X, y)
    parallel = LogisticRegressionCV(n_jobs=2, **params).fit(X, y)
    np.testing.assert_array_equal(parallel.scores_, serial.scores_)
    np.testing.assert_array_equal(parallel.coefs_paths_, serial.coefs_paths_)
    np.testing.assert_array_equal(parallel.coef_, serial.coef_)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_sparse_equals_dense(cancer, fmt):
    X, y = cancer
    X = np.where(np.abs(X) < 0.5, 0.0, X)  # some zeros to store
    params = {"Cs": 4, "cv": CV, "l1_ratios": (1.0,), "solver": "saga", "tol": 1e-8}
    dense = LogisticRegressionCV(**params, **NEW).fit(X, y)
    sparse_fit = LogisticRegressionCV(**params, **NEW).fit(
        sparse.csr_matrix(X).asformat(fmt), y
    )
    np.testing.assert_allclose(sparse_fit.coefs_paths_, dense.coefs_paths_, atol=1e-9)
    np.testing.assert_allclose(sparse_fit.scores_, dense.scores_)
    np.testing.assert_allclose(sparse_fit.coef_, dense.coef_, atol=1e-9)


def test_string_labels_equal_integer_labels(iris):
    X, y = iris
    X, y = X[::2], y[::2]
    names = np.array(["setosa", "versicolor", "virginica"])
    params = {"Cs": 3, "cv": CV, "l1_ratios": (0.0,), **NEW}
    ints = LogisticRegressionCV(**params).fit(X, y)
    strings = LogisticRegressionCV(**params).fit(X, names[y])
    np.testing.assert_array_equal(strings.classes_, names)
    np.testing.assert_allclose(strings.coef_, ints.coef_)
    np.testing.assert_array_equal(strings.predict(X), names[ints.predict(X)])


def test_sample_weight_scales_C(cancer):
    """Weights s_i = 2 double the loss: the same fits as C doubled (and the
    weighted accuracy is the accuracy)."""
    X, y = cancer
    Cs = np.logspace(-2, 1, 4)
    params = {"cv": CV, "l1_ratios": (1.0,), "solver": "saga", "tol": TIGHT}
    params["max_iter"] = 1000
    params |= {"use_legacy_attributes": False, "scoring": "accuracy"}
    weighted = LogisticRegressionCV(Cs=Cs, **params).fit(
        X, y, sample_weight=np.full(len(y), 2.0)
    )
    doubled = LogisticRegressionCV(Cs=2 * Cs, **params).fit(X, y)
    np.testing.assert_allclose(weighted.coefs_paths_, doubled.coefs_paths_, atol=1e-7)
    np.testing.assert_allclose(weighted.scores_, doubled.scores_)
    assert weighted.C_ * 2 == doubled.C_


def test_sample_weight_equals_sklearn(cancer):
    X, y = cancer
    sw = np.random.RandomState(0).uniform(0.2, 3.0, len(y))
    common = {"Cs": np.logspace(-2, 1, 4), "cv": CV, **NEW, "l1_ratios": (0.0,)}
    ours = LogisticRegressionCV(tol=TIGHT, max_iter=1000, **common)
    ours.fit(X, y, sample_weight=sw)
    ref = _sklearn_cv(tol=1e-10, max_iter=10**4, **common)
    ref.fit(X, y, sample_weight=sw)
    assert ours.C_ == ref.C_
    np.testing.assert_allclose(ours.scores_, ref.scores_, rtol=1e-6)
    assert _relative_error(ours.coef_, ref.coef_) < 1e-5


def test_class_weight_balanced_equals_sklearn(cancer):
    X, y = cancer
    common = {"Cs": np.logspace(-2, 1, 4), "cv": CV, **NEW}
    common |= {"l1_ratios": (0.0,), "class_weight": "balanced"}
    ours = LogisticRegressionCV(tol=TIGHT, max_iter=1000, **common).fit(X, y)
    ref = _sklearn_cv(tol=1e-10, max_iter=10**4, **common).fit(X, y)
    np.testing.assert_allclose(ours.scores_, ref.scores_, rtol=1e-6)
    assert _relative_error(ours.coef_, ref.coef_) < 1e-5


@pytest.mark.parametrize("n_classes", [2, 3])
def test_folds_missing_a_class_score_their_model(n_classes):
    y = np.array(["a", "a", "b", "b", "c", "c"])[: 2 * n_classes]
    X = np.arange(2.0 * n_classes)[:, None]
    est = LogisticRegressionCV(
        cv=KFold(n_classes),
        Cs=[1e-6, 1.0, 1e6],
        l1_ratios=(0,),
        scoring="neg_brier_score",
        use_legacy_attributes=False,
    ).fit(X, y)
    assert np.all(np.isfinite(est.coefs_paths_))
    assert est.C_ == 1e-6  # the flattest model loses least on an unseen class
    for fold, (_, test) in enumerate(KFold(n_classes).split(X, y)):
        model = LogisticRegression().fit(X, y)
        model.coef_ = est.coefs_paths_[fold, 0, 0, :, :-1]
        model.intercept_ = est.coefs_paths_[fold, 0, 0, :, -1]
        proba = model.predict_proba(X[test])
        truth = (y[test][:, None] == est.classes_).astype(float)
        if n_classes == 2:
            expected = -np.mean((proba[:, 1] - truth[:, 1]) ** 2)
        else:
            expected = -np.mean(np.sum((proba - truth) ** 2, axis=1))
        np.testing.assert_allclose(est.scores_[fold, 0, 0], expected)
        # the class absent from training gets probability zero
        assert np.all(proba[np.arange(len(test)), truth.argmax(axis=1)] < 1e-300)


def test_warnings_and_errors_follow_sklearn(cancer):
    X, y = cancer
    with pytest.warns(FutureWarning, match="default value for l1_ratios"):
        LogisticRegressionCV(Cs=2, cv=2, scoring="accuracy").set_params(
            use_legacy_attributes=True
        ).fit(X, y)
    with pytest.warns(FutureWarning, match="'scoring' will change"):
        legacy = {"use_legacy_attributes": True}
        LogisticRegressionCV(Cs=2, cv=2, l1_ratios=(0,), **legacy).fit(X, y)
    with pytest.warns(FutureWarning, match="use_legacy_attributes"):
        LogisticRegressionCV(Cs=2, cv=2, l1_ratios=(0,), scoring="accuracy").fit(X, y)
    with pytest.raises(ValueError, match="Solver lbfgs supports only 'l2'"):
        LogisticRegressionCV(l1_ratios=(0.5,), **NEW).fit(X, y)
    with pytest.raises(ValueError, match="l1_ratios must be an array-like"):
        LogisticRegressionCV(l1_ratios=(0.5, 2.0), solver="saga", **NEW).fit(X, y)
    with pytest.raises(ValueError, match="class_weight dict must have the class"):
        LogisticRegressionCV(l1_ratios=(0,), class_weight={7: 1.0}, **NEW).fit(X, y)
    with pytest.raises(ValueError, match="at least 2 classes"):
        LogisticRegressionCV(l1_ratios=(0,), **NEW).fit(X, np.zeros(len(y)))


def test_score_uses_scoring(cancer):
    X, y = cancer
    est = LogisticRegressionCV(Cs=3, cv=CV, l1_ratios=(0,), **NEW).fit(X, y)
    proba = est.predict_proba(X)[:, 1]
    log_loss = -np.mean(y * np.log(proba) + (1 - y) * np.log(1 - proba))
    assert est.score(X, y) == pytest.approx(-log_loss)
