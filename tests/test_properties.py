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
