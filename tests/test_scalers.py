"""MinMaxScaler and StandardScaler against scikit-learn's, and their edge cases."""

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy import sparse
from sklearn import preprocessing as sk_preprocessing
from sklearn.pipeline import make_pipeline

from skreg import MinMaxScaler, StandardScaler, _scale

RTOL = 1e-10


def _data(n_samples=300, n_features=6, nan_fraction=0.0, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_samples, n_features)) * rng.uniform(0.1, 50, n_features)
    X += rng.uniform(-100, 100, n_features)
    if nan_fraction:
        X[rng.random(X.shape) < nan_fraction] = np.nan
    return X.astype(dtype)


def _assert_same_attributes(ours, theirs, names):
    for name in names:
        a, b = getattr(ours, name), getattr(theirs, name)
        if b is None:
            assert a is None, name
        else:
            assert_allclose(a, b, rtol=RTOL, atol=1e-12, err_msg=name)


STANDARD_ATTRS = ("mean_", "var_", "scale_", "n_samples_seen_")
MINMAX_ATTRS = ("data_min_", "data_max_", "data_range_", "scale_", "min_")


@pytest.mark.parametrize("nan_fraction", [0.0, 0.1])
@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"with_mean": False},
        {"with_std": False},
        {"with_mean": False, "with_std": False},
    ],
)
def test_standard_scaler_matches_sklearn(nan_fraction, order, params):
    X = np.asarray(_data(nan_fraction=nan_fraction), order=order)
    ours = StandardScaler(**params)
    theirs = sk_preprocessing.StandardScaler(**params)
    Xt = ours.fit_transform(X)
    Xt_ref = theirs.fit_transform(X)
    assert_allclose(Xt, Xt_ref, rtol=RTOL, atol=1e-12)
    assert_array_equal(np.isnan(Xt), np.isnan(X))
    _assert_same_attributes(ours, theirs, STANDARD_ATTRS)
    assert_allclose(ours.transform(X), Xt_ref, rtol=RTOL, atol=1e-12)
    assert_allclose(ours.inverse_transform(Xt), X, rtol=1e-12, atol=1e-10)


@pytest.mark.parametrize("nan_fraction", [0.0, 0.1])
def test_standard_scaler_sample_weight_matches_sklearn(nan_fraction):
    X = _data(nan_fraction=nan_fraction, seed=1)
    sample_weight = np.random.default_rng(2).uniform(0, 3, X.shape[0])
    ours = StandardScaler().fit(X, sample_weight=sample_weight)
    theirs = sk_preprocessing.StandardScaler().fit(X, sample_weight=sample_weight)
    _assert_same_attributes(ours, theirs, STANDARD_ATTRS)
    assert ours.n_samples_seen_.dtype == theirs.n_samples_seen_.dtype
    assert_allclose(ours.transform(X), theirs.transform(X), rtol=RTOL, atol=1e-12)


def test_integer_sample_weight_equals_repeated_rows():
    X = _data(n_samples=40, seed=3)
    repeats = np.random.default_rng(4).integers(0, 4, X.shape[0])
    weighted = StandardScaler().fit(X, sample_weight=repeats.astype(float))
    repeated = StandardScaler().fit(np.repeat(X, repeats, axis=0))
    assert_allclose(weighted.mean_, repeated.mean_, rtol=1e-12)
    assert_allclose(weighted.var_, repeated.var_, rtol=1e-10)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("weighted", [False, True])
def test_standard_scaler_sparse_matches_sklearn(fmt, weighted):
    rng = np.random.default_rng(5)
    X = sparse.random(200, 30, density=0.2, format=fmt, random_state=6) * 10
    X.data[rng.random(X.nnz) < 0.05] = np.nan
    sample_weight = rng.uniform(0.5, 2, 200) if weighted else None
    ours = StandardScaler(with_mean=False).fit(X, sample_weight=sample_weight)
    theirs = sk_preprocessing.StandardScaler(with_mean=False).fit(
        X, sample_weight=sample_weight
    )
    _assert_same_attributes(ours, theirs, STANDARD_ATTRS)
    Xt, Xt_ref = ours.transform(X), theirs.transform(X)
    assert sparse.issparse(Xt) and Xt.format == Xt_ref.format
    assert_allclose(Xt.toarray(), Xt_ref.toarray(), rtol=RTOL)
    assert_allclose(
        ours.inverse_transform(Xt).toarray(), X.toarray(), rtol=1e-12, atol=1e-12
    )


@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("constant", [0.0, 1.0, 100.0])
@pytest.mark.parametrize("weighted", [False, True])
def test_sparse_constant_feature_has_zero_variance(fmt, dtype, constant, weighted):
    # Weighted sums of stored values and of all weights are rounded in
    # different orders; a fully stored constant column must still get a
    # variance of exactly 0 and scale 1 (as scikit-learn's).
    rng = np.random.default_rng(21)
    X = np.full((100, 3), constant, dtype=dtype)
    X[:, 1] = rng.normal(size=100)
    X[::3, 2] = 0.0  # implicit zeros besides the constant
    sample_weight = rng.uniform(0, 2, 100) if weighted else None
    X_sparse = sparse.csr_matrix(X).asformat(fmt)
    ours = StandardScaler(with_mean=False).fit(X_sparse, sample_weight=sample_weight)
    assert ours.var_[0] == 0.0
    assert ours.scale_[0] == 1.0
    assert_allclose(ours.transform(X_sparse).toarray()[:, 0], X[:, 0])
    dense = StandardScaler(with_mean=False).fit(X, sample_weight=sample_weight)
    assert_allclose(ours.var_, dense.var_, rtol=1e-6, atol=1e-12)
    assert_allclose(ours.mean_, dense.mean_, rtol=1e-6)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_sparse_input_without_stored_values(fmt):
    # An all-zero matrix, and single-row chunks that are empty.
    empty = sparse.csr_matrix((5, 3)).asformat(fmt)
    scaler = StandardScaler(with_mean=False).fit(empty)
    assert_array_equal(scaler.var_, 0.0)
    assert_array_equal(scaler.scale_, 1.0)
    rng = np.random.default_rng(23)
    X = sparse.csr_matrix(rng.integers(0, 2, (40, 3)) * 1e20).asformat(fmt)
    incremental = StandardScaler(with_mean=False)
    for row in range(X.shape[0]):
        incremental.partial_fit(X[[row]])
    batch = StandardScaler(with_mean=False).fit(X)
    assert_allclose(incremental.var_, batch.var_, rtol=1e-10)
    assert_allclose(incremental.mean_, batch.mean_, rtol=1e-12)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_sparse_near_constant_features_are_constant(fmt):
    # Columns average +- 10**k: where the two values round to the same float
    # the variance is exactly 0, and below the rounding bound of the
    # variance the feature counts as constant (scale_ = 1).
    scales = 10.0 ** np.arange(-30, 20)
    X = np.empty((10, scales.size))
    X[:5], X[5:] = 1e-10 + scales, 1e-10 - scales
    ours = StandardScaler(with_mean=False).fit(sparse.csr_matrix(X).asformat(fmt))
    theirs = sk_preprocessing.StandardScaler(with_mean=False).fit(X)
    identical = X[0] == X[-1]
    assert identical.any()
    assert_array_equal(ours.var_[identical], 0.0)
    assert_array_equal(ours.scale_ == 1.0, theirs.scale_ == 1.0)
    assert_allclose(ours.var_, theirs.var_, rtol=1e-9, atol=0)


@pytest.mark.parametrize("Scaler", [StandardScaler, MinMaxScaler])
def test_integer_input_gives_float64(Scaler):
    X = np.arange(24).reshape(8, 3) ** 2
    scaler = Scaler().fit(X)
    assert scaler.transform(X).dtype == np.float64
    assert scaler.scale_.dtype == np.float64
    reference = getattr(sk_preprocessing, Scaler.__name__)().fit(X).transform(X)
    assert_allclose(scaler.transform(X), reference, rtol=RTOL)


@pytest.mark.parametrize(
    "Scaler, weighted",
    [(StandardScaler, False), (StandardScaler, True), (MinMaxScaler, False)],
)
def test_float16_stays_float16(Scaler, weighted):
    # scikit-learn keeps float16; the kernels compute it in float32.
    X = _data(n_samples=40, n_features=3, seed=22, dtype=np.float16)
    fit_params = {"sample_weight": np.ones(40)} if weighted else {}
    ours = Scaler().fit(X, **fit_params)
    theirs = getattr(sk_preprocessing, Scaler.__name__)().fit(X, **fit_params)
    Xt = ours.transform(X)
    assert Xt.dtype == np.float16
    assert ours.scale_.dtype == theirs.scale_.dtype
    assert_allclose(Xt, theirs.transform(X), rtol=1e-2, atol=1e-2)
    assert ours.inverse_transform(Xt).dtype == np.float16
    in_place = Scaler(copy=False).fit(X, **fit_params)
    X_copy = X.copy()
    assert in_place.transform(X_copy) is X_copy
    assert_array_equal(X_copy, Xt)


def test_standard_scaler_sparse_with_mean_is_a_clear_error():
    X = sparse.random(20, 4, density=0.5, format="csr", random_state=0)
    with pytest.raises(ValueError, match="Cannot center sparse matrices"):
        StandardScaler().fit(X)
    fitted = StandardScaler().fit(X.toarray())
    with pytest.raises(ValueError, match="Cannot center sparse matrices"):
        fitted.transform(X)


@pytest.mark.parametrize("nan_fraction", [0.0, 0.1])
@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize(
    "params",
    [{}, {"feature_range": (-3, 0.5)}, {"clip": True, "feature_range": (-1, 1)}],
)
def test_min_max_scaler_matches_sklearn(nan_fraction, order, params):
    X = np.asarray(_data(nan_fraction=nan_fraction, seed=7), order=order)
    ours = MinMaxScaler(**params).fit(X)
    theirs = sk_preprocessing.MinMaxScaler(**params).fit(X)
    _assert_same_attributes(ours, theirs, MINMAX_ATTRS)
    assert ours.n_samples_seen_ == theirs.n_samples_seen_
    X_new = _data(n_samples=50, seed=8, nan_fraction=nan_fraction) * 1.5
    assert_allclose(
        ours.transform(X_new), theirs.transform(X_new), rtol=RTOL, atol=1e-12
    )
    assert_allclose(
        ours.fit_transform(X), theirs.fit_transform(X), rtol=RTOL, atol=1e-12
    )
    if not params.get("clip"):
        assert_allclose(
            ours.inverse_transform(ours.transform(X_new)), X_new, rtol=1e-12, atol=1e-10
        )


def test_clip_keeps_held_out_data_in_range():
    scaler = MinMaxScaler(feature_range=(-1, 1), clip=True).fit(_data(seed=9))
    Xt = scaler.transform(_data(seed=10) * 5)
    assert Xt.min() >= -1 and Xt.max() <= 1


@pytest.mark.parametrize("Scaler", [StandardScaler, MinMaxScaler])
def test_partial_fit_over_seven_chunks_equals_fit(Scaler):
    X = _data(n_samples=701, nan_fraction=0.05, seed=11)
    streamed = Scaler()
    for chunk in np.array_split(X, 7):
        streamed.partial_fit(chunk)
    batch = Scaler().fit(X)
    names = STANDARD_ATTRS if Scaler is StandardScaler else MINMAX_ATTRS
    _assert_same_attributes(streamed, batch, names)
    assert_array_equal(streamed.n_samples_seen_, batch.n_samples_seen_)


def test_partial_fit_weighted_chunks_equal_weighted_fit():
    X = _data(n_samples=350, nan_fraction=0.05, seed=12)
    w = np.random.default_rng(13).uniform(0.1, 2, X.shape[0])
    streamed = StandardScaler()
    for rows in np.array_split(np.arange(X.shape[0]), 7):
        streamed.partial_fit(X[rows], sample_weight=w[rows])
    batch = StandardScaler().fit(X, sample_weight=w)
    _assert_same_attributes(streamed, batch, STANDARD_ATTRS)


@pytest.mark.parametrize("order", ["C", "F"])
def test_variance_accurate_with_large_offset(order):
    rng = np.random.default_rng(14)
    X = np.asarray(1e9 + rng.normal(size=(20000, 2)), order=order)
    scaler = StandardScaler().fit(X)
    for j in range(X.shape[1]):
        exact_mean = math.fsum(X[:, j]) / X.shape[0]
        exact_var = math.fsum((X[:, j] - exact_mean) ** 2) / X.shape[0]
        assert abs(scaler.var_[j] / exact_var - 1) <= 1e-6
        assert abs(scaler.mean_[j] - exact_mean) <= 1e-6


def test_large_offset_partial_fit():
    rng = np.random.default_rng(15)
    X = 1e9 + rng.normal(size=(7000, 1))
    scaler = StandardScaler()
    for chunk in np.array_split(X, 7):
        scaler.partial_fit(chunk)
    exact_mean = math.fsum(X[:, 0]) / X.shape[0]
    exact_var = math.fsum((X[:, 0] - exact_mean) ** 2) / X.shape[0]
    assert abs(scaler.var_[0] / exact_var - 1) <= 1e-6


@pytest.mark.parametrize("Scaler", [StandardScaler, MinMaxScaler])
def test_constant_feature_stays_finite(Scaler):
    X = _data(seed=16)
    X[:, 2] = 3.7
    scaler = Scaler().fit(X)
    assert scaler.scale_[2] == 1.0
    Xt = scaler.transform(X)
    assert np.isfinite(Xt).all()
    assert_allclose(Xt[:, 2], Xt[0, 2])


@pytest.mark.parametrize("Scaler", [StandardScaler, MinMaxScaler])
def test_all_nan_column_matches_sklearn(Scaler):
    X = _data(seed=17)
    X[:, 1] = np.nan
    ours = Scaler().fit(X)
    theirs = getattr(sk_preprocessing, Scaler.__name__)().fit(X)
    assert_allclose(ours.transform(X), theirs.transform(X), rtol=RTOL, equal_nan=True)


@pytest.mark.parametrize("Scaler", [StandardScaler, MinMaxScaler])
def test_float32_stays_float32(Scaler):
    X = _data(dtype=np.float32, seed=18)
    scaler = Scaler()
    Xt = scaler.fit_transform(X)
    assert Xt.dtype == np.float32
    assert scaler.transform(X).dtype == np.float32
    assert scaler.inverse_transform(Xt).dtype == np.float32
    reference = getattr(sk_preprocessing, Scaler.__name__)().fit_transform(X)
    assert_allclose(Xt, reference, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("Scaler", [StandardScaler, MinMaxScaler])
def test_copy_false_transforms_in_place(Scaler):
    X = _data(seed=19)
    scaler = Scaler(copy=False).fit(X)
    expected = Scaler().fit(X).transform(X)
    out = scaler.transform(X)
    assert out is X
    assert_allclose(X, expected)


@pytest.mark.parametrize("Scaler", [StandardScaler, MinMaxScaler])
def test_input_is_not_modified_by_default(Scaler):
    X = _data(seed=20)
    X_before = X.copy()
    Scaler().fit_transform(X)
    assert_array_equal(X, X_before)


@pytest.mark.parametrize("Scaler", [StandardScaler, MinMaxScaler])
def test_pandas_output_and_feature_names(Scaler):
    pd = pytest.importorskip("pandas")
    X = pd.DataFrame(_data(n_features=3, seed=21), columns=["a", "b", "c"])
    scaler = Scaler().set_output(transform="pandas")
    Xt = scaler.fit_transform(X)
    assert isinstance(Xt, pd.DataFrame)
    assert list(Xt.columns) == ["a", "b", "c"]
    assert_array_equal(scaler.feature_names_in_, ["a", "b", "c"])
    assert_array_equal(scaler.get_feature_names_out(), ["a", "b", "c"])


@pytest.mark.parametrize("Scaler", [StandardScaler, MinMaxScaler])
def test_bad_input_raises_clear_errors(Scaler):
    X = _data(seed=22)
    with pytest.raises(ValueError, match="could not convert|dtype"):
        Scaler().fit(np.array([["a", "b"], ["c", "d"]], dtype=object))
    with pytest.raises(ValueError, match="3"):
        Scaler().fit(X.reshape(10, 30, -1))
    X_inf = X.copy()
    X_inf[4, 2] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        Scaler().fit(X_inf)
    fitted = Scaler().fit(X)
    with pytest.raises(ValueError, match="infinity"):
        fitted.transform(X_inf)
    with pytest.raises(ValueError, match="features"):
        fitted.transform(X[:, :3])
    with pytest.raises(ValueError, match="0 sample"):
        Scaler().fit(X[:0])


def test_min_max_scaler_rejects_bad_range_and_sparse():
    with pytest.raises(ValueError, match="feature range"):
        MinMaxScaler(feature_range=(1, 0)).fit(_data(seed=23))
    with pytest.raises(TypeError, match="sparse"):
        MinMaxScaler().fit(sparse.random(5, 3, density=0.5, format="csr"))


def test_pipeline_with_grid_search():
    from sklearn.datasets import load_wine
    from sklearn.model_selection import GridSearchCV
    from sklearn.neighbors import KNeighborsClassifier

    X, y = load_wine(return_X_y=True)
    search = GridSearchCV(
        make_pipeline(StandardScaler(), KNeighborsClassifier()),
        {"kneighborsclassifier__n_neighbors": [3, 7]},
        cv=3,
    ).fit(X, y)
    assert search.best_score_ > 0.9


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_kernels_against_numpy(order, dtype):
    X = np.asarray(
        _data(n_samples=5000, n_features=7, nan_fraction=0.1, seed=24), order=order
    )
    X = X.astype(dtype)
    low, high = _scale.column_min_max(X)
    assert_array_equal(low, np.nanmin(X, axis=0))
    assert_array_equal(high, np.nanmax(X, axis=0))
    count, mean, m2 = _scale.column_mean_m2(X)
    X64 = X.astype(np.float64)
    assert_array_equal(count, (~np.isnan(X)).sum(axis=0))
    assert_allclose(mean, np.nanmean(X64, axis=0), rtol=1e-12)
    assert_allclose(m2 / count, np.nanvar(X64, axis=0), rtol=1e-10)


def test_kernels_validate_their_input():
    X = np.ones((4, 3))
    with pytest.raises(ValueError, match="2-D"):
        _scale.column_min_max(np.ones(3))
    with pytest.raises(ValueError, match="float32 or float64"):
        _scale.column_mean_m2(np.ones((4, 3), dtype=np.int64))
    with pytest.raises(ValueError, match="contiguous"):
        _scale.column_min_max(np.ones((4, 6))[:, ::2])
    with pytest.raises(ValueError, match="sample_weight"):
        _scale.column_mean_m2(X, np.ones(5))
    with pytest.raises(ValueError, match="out"):
        _scale.subtract_divide(X, np.ones((4, 2)), np.zeros(3), np.ones(3))
    with pytest.raises(ValueError, match="a must be"):
        _scale.multiply_add(X, np.empty_like(X), np.zeros(2), np.ones(3))
