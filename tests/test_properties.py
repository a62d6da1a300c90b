"""Property-based tests (hypothesis): invariants that hold for any input."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose

from skreg import MinMaxScaler, StandardScaler

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True)

finite_floats = st.floats(
    min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False, width=64
)


def matrices(min_rows=2):
    return st.tuples(st.integers(min_rows, 30), st.integers(1, 6)).flatmap(
        lambda shape: arrays(np.float64, shape, elements=finite_floats)
    )


@SETTINGS
@given(X=matrices(), with_mean=st.booleans(), with_std=st.booleans())
def test_standard_scaler_round_trip(X, with_mean, with_std):
    scaler = StandardScaler(with_mean=with_mean, with_std=with_std).fit(X)
    Xt = scaler.transform(X)
    assert np.isfinite(Xt).all()
    scale = np.abs(X).max() + 1.0
    assert_allclose(scaler.inverse_transform(Xt), X, rtol=1e-9, atol=1e-9 * scale)


@SETTINGS
@given(X=matrices(), low=st.floats(-10, 0), width=st.floats(0.5, 10))
def test_min_max_scaler_round_trip_and_range(X, low, width):
    high = low + width
    scaler = MinMaxScaler(feature_range=(low, high)).fit(X)
    Xt = scaler.transform(X)
    tolerance = 1e-9 * width
    assert Xt.min() >= low - tolerance and Xt.max() <= high + tolerance
    scale = np.abs(X).max() + 1.0
    assert_allclose(scaler.inverse_transform(Xt), X, rtol=1e-9, atol=1e-9 * scale)


@SETTINGS
@given(X=matrices(min_rows=7))
def test_standard_scaler_chunks_equal_batch(X):
    streamed = StandardScaler()
    for chunk in np.array_split(X, 3):
        streamed.partial_fit(chunk)
    batch = StandardScaler().fit(X)
    scale = np.abs(X).max() + 1.0
    assert_allclose(streamed.mean_, batch.mean_, rtol=1e-9, atol=1e-12 * scale)
    assert_allclose(streamed.var_, batch.var_, rtol=1e-7, atol=1e-12 * scale**2)


# --------------------------------------------------------------------------
# Estimators: optimality conditions at the returned solution.
# --------------------------------------------------------------------------

ESTIMATOR_SETTINGS = settings(max_examples=25, deadline=None, derandomize=True)


def designs(min_rows=5, max_rows=30, max_cols=8):
    """A Gaussian design and target from a seed (well-scaled, any shape)."""
    return st.tuples(
        st.integers(min_rows, max_rows),
        st.integers(1, max_cols),
        st.integers(0, 2**31 - 1),
    ).map(_gaussian_problem)


def _gaussian_problem(args):
    n, p, seed = args
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) * rng.uniform(0.1, 10, size=p)
    y = X @ rng.standard_normal(p) + rng.standard_normal(n)
    return X, y


@ESTIMATOR_SETTINGS
@given(
    problem=designs(),
    ratio=st.floats(0.01, 0.9),
    l1_ratio=st.sampled_from([1.0, 0.5]),
    fit_intercept=st.booleans(),
)
def test_elastic_net_kkt_conditions(problem, ratio, l1_ratio, fit_intercept):
    from skreg import ElasticNet

    X, y = problem
    n = X.shape[0]
    Xc = X - X.mean(axis=0) if fit_intercept else X
    yc = y - y.mean() if fit_intercept else y
    alpha = ratio * np.max(np.abs(Xc.T @ yc)) / n / l1_ratio
    model = ElasticNet(
        alpha=alpha, l1_ratio=l1_ratio, fit_intercept=fit_intercept, tol=1e-12,
        max_iter=100_000,
    ).fit(X, y)  # fmt: skip
    w = model.coef_
    # Gradient of the smooth part of 1/(2n)||y - Xw - b||^2 + a(1-r)/2 ||w||^2
    grad = -Xc.T @ (yc - Xc @ w) / n + alpha * (1 - l1_ratio) * w
    l1 = alpha * l1_ratio
    scale = np.max(np.abs(Xc.T @ yc)) / n
    tolerance = 1e-5 * scale
    active = w != 0
    # On the support the gradient balances the subgradient -l1 sign(w_j);
    # off it, |grad_j| <= l1.
    assert_allclose(grad[active], -l1 * np.sign(w[active]), atol=tolerance)
    assert np.all(np.abs(grad[~active]) <= l1 + tolerance)
    if fit_intercept:
        assert_allclose(model.intercept_, y.mean() - X.mean(axis=0) @ w, atol=1e-8)


@ESTIMATOR_SETTINGS
@given(
    problem=designs(),
    alpha=st.floats(1e-3, 1e3),
    fit_intercept=st.booleans(),
    solver=st.sampled_from(["auto", "cholesky", "svd", "lsqr", "cg"]),
)
def test_ridge_normal_equations(problem, alpha, fit_intercept, solver):
    from skreg import Ridge

    X, y = problem
    model = Ridge(
        alpha=alpha, fit_intercept=fit_intercept, solver=solver, tol=1e-12
    ).fit(X, y)
    Xc = X - X.mean(axis=0) if fit_intercept else X
    yc = y - y.mean() if fit_intercept else y
    w = model.coef_
    # (Xc^T Xc + alpha I) w = Xc^T yc, in sklearn's unscaled convention.
    lhs = Xc.T @ (Xc @ w) + alpha * w
    rhs = Xc.T @ yc
    scale = np.linalg.norm(Xc, 2) ** 2 * np.linalg.norm(w) + np.linalg.norm(rhs)
    assert np.linalg.norm(lhs - rhs) <= 1e-7 * scale
    if fit_intercept:
        assert_allclose(model.intercept_, y.mean() - X.mean(axis=0) @ w, atol=1e-8)


@ESTIMATOR_SETTINGS
@given(problem=designs(min_rows=8, max_cols=7), fit_intercept=st.booleans())
def test_l0_path_support_and_monotone_rss(problem, fit_intercept):
    from skreg.linear_model import l0_path

    X, y = problem
    ks, coefs, intercepts, rss = l0_path(X, y, fit_intercept=fit_intercept)
    assert np.all(np.diff(ks) > 0)
    for k, coef in zip(ks, coefs.T, strict=True):
        assert np.count_nonzero(coef) <= k
    # Recompute the RSS from the returned solutions; non-increasing in k.
    fitted = X @ coefs + intercepts
    recomputed = 0.5 * np.mean((y[:, None] - fitted) ** 2, axis=0)
    assert_allclose(rss, recomputed, rtol=1e-8, atol=1e-12 * np.dot(y, y))
    assert np.all(np.diff(recomputed) <= 1e-10 * (1 + recomputed[:-1]))


@settings(max_examples=8, deadline=None, derandomize=True)
@given(
    seed=st.integers(0, 2**31 - 1),
    n_classes=st.integers(2, 4),
    normalization=st.sampled_from([None, "batch"]),
    dropout=st.sampled_from([0.0, 0.3]),
)
def test_mlp_probabilities_are_a_distribution(seed, n_classes, normalization, dropout):
    import warnings

    from skreg import MLPClassifier

    rng = np.random.default_rng(seed)
    X = rng.standard_normal((40, 5)) * rng.uniform(0.1, 100)
    y = np.arange(40) % n_classes
    model = MLPClassifier(
        hidden_layer_sizes=(8,), max_iter=15, random_state=0,
        normalization=normalization, dropout=dropout,
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(X, y)
    proba = model.predict_proba(X * 1e3)  # far outside the training range
    assert proba.shape == (40, n_classes)
    assert np.all((proba >= 0) & (proba <= 1))
    assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
