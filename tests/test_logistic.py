"""LogisticRegression: equal to scikit-learn's on the same objective, KKT at
the solution, sample and class weights, sparse equals dense, float32,
string labels, scikit-learn's parameter rules."""

import warnings

import numpy as np
import pytest
from scipy import sparse
from sklearn import linear_model as sk
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler

from skreg import LogisticRegression, logistic_regression_path


@pytest.fixture(scope="module")
def cancer():
    X, y = load_breast_cancer(return_X_y=True)
    return StandardScaler().fit_transform(X), y


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X[:300])
    return X, y[:300]


def _weights(n, seed=0):
    return np.random.RandomState(seed).uniform(0.2, 3.0, n)


def _relative_error(ours, ref):
    return np.max(np.abs(ours - ref)) / np.max(np.abs(ref))


def _binary_gradient(X, y, coef, intercept, s):
    """Gradient of sum_i s_i log(1 + exp(-y_i (x_i w + b))) in (w, b)."""
    y_pm = np.where(y == 1, 1.0, -1.0)
    margin = y_pm * (X @ coef + intercept)
    r = -s * y_pm / (1.0 + np.exp(margin))
    return X.T @ r, r.sum()


def _assert_binary_kkt(clf, X, y, sw, C, l1_ratio, rtol=1e-6):
    """The elastic-net KKT conditions of a binary fit, to ``rtol`` of the L1
    level, on a solution that is neither empty nor dense; the intercept (when
    fitted) is stationary."""
    w, b = clf.coef_.ravel(), clf.intercept_[0]
    g, g_b = _binary_gradient(X, y, w, b, sw)
    g = g + (1 - l1_ratio) / C * w
    l1 = l1_ratio / C
    on = w != 0
    assert 0 < on.sum() < X.shape[1]
    np.testing.assert_allclose(g[on], -l1 * np.sign(w[on]), atol=rtol * l1)
    assert np.all(np.abs(g[~on]) <= l1 * (1 + rtol))
    assert not clf.fit_intercept or abs(g_b) <= rtol * l1


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("C", [0.05, 1.0])
def test_l1_equals_liblinear_without_intercept(cancer, C, weighted):
    X, y = cancer
    sw = _weights(X.shape[0]) if weighted else None
    params = {
        "l1_ratio": 1.0,
        "C": C,
        "fit_intercept": False,
        "tol": 1e-12,
        "max_iter": 1000,
    }
    ours = LogisticRegression(solver="saga", **params).fit(X, y, sample_weight=sw)
    ref = sk.LogisticRegression(solver="liblinear", **{**params, "max_iter": 10**5})
    ref.fit(X, y, sample_weight=sw)
    assert _relative_error(ours.coef_, ref.coef_) <= 1e-6
    assert np.all(ours.intercept_ == 0)


@pytest.mark.parametrize("weighted", [False, True])
def test_l1_liblinear_penalized_intercept_reproduced(cancer, weighted):
    X, y = cancer
    sw = _weights(X.shape[0], 1) if weighted else None
    params = {
        "l1_ratio": 1.0,
        "C": 0.3,
        "solver": "liblinear",
        "intercept_scaling": 2.0,
    }
    ours = LogisticRegression(tol=1e-12, max_iter=1000, **params).fit(X, y, sw)
    ref = sk.LogisticRegression(tol=1e-12, max_iter=10**5, **params).fit(X, y, sw)
    assert _relative_error(ours.coef_, ref.coef_) <= 1e-6
    assert abs(ours.intercept_[0] - ref.intercept_[0]) <= 1e-6 * abs(ref.intercept_[0])


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("C", [0.01, 1.0])
def test_l2_with_intercept_equals_newton_cholesky(cancer, C, weighted):
    X, y = cancer
    sw = _weights(X.shape[0], 2) if weighted else None
    # A duality gap of 1e-15 * n log 2 bounds the distance to the optimum
    # by sqrt(2 gap C), below 1e-6; newton-cholesky converges to rounding.
    ours = LogisticRegression(C=C, tol=1e-15, max_iter=1000).fit(X, y, sw)
    ref = sk.LogisticRegression(
        C=C, tol=1e-14, max_iter=1000, solver="newton-cholesky"
    ).fit(X, y, sw)
    assert _relative_error(ours.coef_, ref.coef_) <= 1e-6
    assert abs(ours.intercept_[0] - ref.intercept_[0]) <= 1e-6 * max(
        1.0, abs(ref.intercept_[0])
    )


@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_kkt_at_solution_with_free_intercept(cancer, l1_ratio):
    X, y = cancer
    sw = _weights(X.shape[0], 3)
    C = 0.1
    clf = LogisticRegression(
        l1_ratio=l1_ratio, C=C, solver="saga", tol=1e-15, max_iter=1000
    ).fit(X, y, sample_weight=sw)
    # The gap (1e-15 n log 2) bounds the gradient error below 1e-6 l1.
    _assert_binary_kkt(clf, X, y, sw, C, l1_ratio)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_sparse_equals_dense(cancer, fmt):
    X, y = cancer
    X = np.where(np.abs(X) < 0.7, 0.0, X)
    params = {
        "l1_ratio": 0.7,
        "C": 0.2,
        "solver": "saga",
        "tol": 1e-12,
        "max_iter": 1000,
    }
    dense = LogisticRegression(**params).fit(X, y)
    sp = LogisticRegression(**params).fit(sparse.csr_matrix(X).asformat(fmt), y)
    np.testing.assert_allclose(sp.coef_, dense.coef_, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(sp.intercept_, dense.intercept_, rtol=1e-9)
    np.testing.assert_allclose(
        sp.predict_proba(sparse.csr_matrix(X)), dense.predict_proba(X), rtol=1e-9
    )


def test_class_weight_equals_sample_weight(cancer):
    X, y = cancer
    cw = {0: 3.0, 1: 0.5}
    params = {
        "l1_ratio": 1.0,
        "C": 0.3,
        "solver": "saga",
        "tol": 1e-12,
        "max_iter": 1000,
    }
    a = LogisticRegression(class_weight=cw, **params).fit(X, y)
    b = LogisticRegression(**params).fit(X, y, sample_weight=np.where(y == 0, 3, 0.5))
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=1e-10, atol=1e-12)
    balanced = LogisticRegression(class_weight="balanced", **params).fit(X, y)
    assert not np.allclose(balanced.coef_, a.coef_)


def test_float32_string_labels_and_probabilities(cancer):
    X, y = cancer
    labels = np.array(["malignant", "benign"])[y]
    clf = LogisticRegression(C=0.5).fit(X.astype(np.float32), labels)
    assert clf.coef_.dtype == np.float32 and clf.intercept_.dtype == np.float32
    assert set(clf.predict(X)) <= {"malignant", "benign"}
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    log_proba = clf.predict_log_proba(X)
    assert np.all(np.isfinite(log_proba))
    np.testing.assert_allclose(np.exp(log_proba), proba, rtol=1e-5, atol=1e-12)
    # Column 1 is classes_[1]'s probability, the sigmoid of the decision.
    assert list(clf.classes_) == ["benign", "malignant"]
    np.testing.assert_allclose(
        proba[:, 1], 1 / (1 + np.exp(-clf.decision_function(X))), rtol=1e-5
    )
    assert clf.score(X, labels) > 0.95


def test_sparsify_densify_and_warm_start(cancer):
    X, y = cancer
    clf = LogisticRegression(l1_ratio=1.0, C=0.05, solver="saga", tol=1e-10)
    clf.fit(X, y)
    dense_scores = clf.decision_function(X)
    clf.sparsify()
    assert sparse.issparse(clf.coef_)
    np.testing.assert_allclose(clf.decision_function(X), dense_scores)
    clf.densify()
    assert isinstance(clf.coef_, np.ndarray)
    n_cold = clf.n_iter_[0]
    clf.set_params(warm_start=True).fit(X, y)
    assert clf.n_iter_[0] < n_cold


@pytest.mark.parametrize("weighted", [False, True])
def test_multinomial_equals_saga_and_kkt(digits, weighted):
    X, y = digits
    sw = _weights(X.shape[0], 4) if weighted else np.ones(X.shape[0])
    C, l1_ratio = 0.1, 0.5
    params = {"l1_ratio": l1_ratio, "C": C, "solver": "saga", "max_iter": 20000}
    ours = LogisticRegression(tol=1e-14, **params).fit(X, y, sample_weight=sw)
    ref = sk.LogisticRegression(tol=1e-10, **params).fit(X, y, sample_weight=sw)
    W, b = ours.coef_, ours.intercept_
    assert W.shape == (10, X.shape[1]) and b.shape == (10,)
    scale = max(np.abs(ref.coef_).max(), np.abs(ref.intercept_).max())
    assert np.abs(W - ref.coef_).max() <= 1e-6 * scale
    assert np.abs(b - ref.intercept_).max() <= 1e-6 * scale
    assert 0 < np.count_nonzero(W) < W.size
    # KKT of the multinomial objective.
    Y = (y[:, None] == ours.classes_).astype(float)
    Z = X @ W.T + b
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    R = sw[:, None] * (P / P.sum(axis=1, keepdims=True) - Y)
    G = (X.T @ R).T + (1 - l1_ratio) / C * W
    l1 = l1_ratio / C
    on = W != 0
    np.testing.assert_allclose(G[on], -l1 * np.sign(W[on]), atol=1e-6 * l1)
    assert np.all(np.abs(G[~on]) <= l1 * (1 + 1e-6))
    assert np.abs(R.sum(axis=0)).max() <= 1e-6 * l1


def test_scikit_learn_rules(cancer):
    X, y = cancer
    with pytest.raises(ValueError, match="supports only 'l2' or None"):
        LogisticRegression(l1_ratio=1.0).fit(X, y)
    with pytest.raises(ValueError, match="Only 'saga' solver supports elasticnet"):
        LogisticRegression(l1_ratio=0.5, solver="liblinear").fit(X, y)
    with pytest.raises(ValueError, match="does not support multiclass"):
        LogisticRegression(solver="liblinear").fit(X, np.arange(len(y)) % 3)
    with pytest.warns(FutureWarning, match="'penalty' was deprecated"):
        LogisticRegression(penalty="l2").fit(X, y)
    with pytest.warns(FutureWarning, match="n_jobs"):
        LogisticRegression(n_jobs=2).fit(X, y)
    with pytest.warns(ConvergenceWarning):
        LogisticRegression(C=100.0, max_iter=1, tol=1e-12).fit(X, y)


@pytest.mark.parametrize("multiclass", [False, True])
def test_path_warm_started_from_c_min_matches_single_fits(cancer, digits, multiclass):
    X, y = digits if multiclass else cancer
    Cs, coefs, intercepts, n_iter = logistic_regression_path(
        X, y, Cs=4, l1_ratio=1.0, tol=1e-10, max_iter=5000
    )
    assert np.all(np.diff(Cs) > 0) and n_iter.shape == (4,)
    # C_min: every coefficient zero (up to rounding: the top feature sits on
    # its threshold there), and only there.
    assert np.abs(coefs[0]).max() <= 1e-10 * np.abs(coefs[-1]).max()
    assert np.count_nonzero(coefs[1]) > 0
    for k in (1, 3):
        single = LogisticRegression(
            C=Cs[k], l1_ratio=1.0, solver="saga", tol=1e-10, max_iter=5000
        ).fit(X, y)
        scale = np.abs(single.coef_).max()
        np.testing.assert_allclose(coefs[k], single.coef_, atol=1e-5 * scale)
        np.testing.assert_allclose(intercepts[k], single.intercept_, atol=1e-5 * scale)


def _ill_conditioned(n=200, p=300, rho=0.95, seed=0):
    """Strongly correlated AR(1) columns far from zero mean: the model's CD
    crawls along them, so its extrapolation is tried and accepted."""
    rng = np.random.RandomState(seed)
    X = np.empty((n, p))
    X[:, 0] = rng.standard_normal(n)
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + np.sqrt(1 - rho**2) * rng.standard_normal(n)
    coef = np.zeros(p)
    coef[:10] = rng.standard_normal(10)
    margin = X @ coef
    y = (margin + rng.standard_normal(n) > np.median(margin)).astype(int)
    return X + 3.0, y


@pytest.mark.parametrize("fmt", ["dense", "csc"])
@pytest.mark.parametrize("fit_intercept", [False, True])
def test_model_extrapolation_accepted_and_kkt(fmt, fit_intercept):
    from skreg._cd import _glm_extrapolation_counts

    X, y = _ill_conditioned()
    sw = _weights(X.shape[0], 4)
    C, l1_ratio = 0.1, 0.5
    _glm_extrapolation_counts(reset=True)
    clf = LogisticRegression(
        l1_ratio=l1_ratio,
        C=C,
        solver="saga",
        fit_intercept=fit_intercept,
        tol=1e-14,
        max_iter=1000,
    ).fit(X if fmt == "dense" else sparse.csc_matrix(X), y, sample_weight=sw)
    tried, accepted = _glm_extrapolation_counts(reset=True)
    assert 0 < accepted <= tried
    _assert_binary_kkt(clf, X, y, sw, C, l1_ratio)


@pytest.mark.parametrize("C", [21.5, 1e4])
@pytest.mark.parametrize("fmt", ["dense", "csr"])
def test_unscaled_l1_converges(fmt, C):
    # Unscaled breast cancer (columns from ~0.1 to ~1000, strongly
    # correlated): the Newton model's CD crawls there, and only the exact
    # solve on the model's support lets the fit converge (without it: 1000
    # outer steps, at C = 1e4 a KKT violation of 1e2 L1 levels).
    X, y = load_breast_cancer(return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        clf = LogisticRegression(
            l1_ratio=1.0, C=C, solver="saga", tol=1e-8, max_iter=100
        ).fit(X if fmt == "dense" else sparse.csr_matrix(X), y)
    assert clf.n_iter_[0] < 100
    # The gap (<= 1e-8 n log 2) leaves a KKT violation of about 3e-5 L1
    # levels (the largest column's rounding at |x| ~ 1e3); C = 1e4 keeps
    # every feature, so the KKT is checked here rather than by
    # _assert_binary_kkt (which wants a sparse solution).
    w = clf.coef_.ravel()
    g, g_b = _binary_gradient(X, y, w, clf.intercept_[0], np.ones(X.shape[0]))
    l1, on = 1.0 / C, w != 0
    np.testing.assert_allclose(g[on], -l1 * np.sign(w[on]), atol=1e-4 * l1)
    assert np.all(np.abs(g[~on]) <= l1 * (1 + 1e-4))
    assert abs(g_b) <= 1e-4 * l1


@pytest.mark.parametrize("fit_intercept", [False, True])
def test_uncentered_correlated_l1_converges(fit_intercept):
    # 1000 x 2000 AR(1) columns (rho 0.95) far from zero mean, at
    # lambda_max / 100: the Newton model's CD crawls (one epoch per Newton
    # step), and the support solve needs more than its free 10 epochs and
    # more memory than B's copy may take; it is paid for by the epochs CD
    # spent and built from the model's scaled columns (without either: 1000
    # outer steps without converging).
    X, y = _ill_conditioned(1000, 2000)
    Xc = X - X.mean(axis=0) if fit_intercept else X
    C = 100 / np.max(np.abs(Xc.T @ (y - 0.5)))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        clf = LogisticRegression(
            l1_ratio=1.0,
            C=C,
            solver="saga",
            fit_intercept=fit_intercept,
            tol=1e-8,
            max_iter=100,
        ).fit(X, y)
    assert clf.n_iter_[0] < 100
    _assert_binary_kkt(clf, X, y, np.ones(X.shape[0]), C, 1.0)
