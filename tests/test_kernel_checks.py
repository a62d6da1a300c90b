"""``skreg._kernel_checks``: sparse designs too large for the kernels' 32-bit
indices are refused with a clear ValueError instead of wrapping."""

import numpy as np
import pytest
from scipy import sparse

from skreg._kernel_checks import INT32_MAX, int32_csc
from skreg.linear_model._logistic import _kernel_design, _multinomial_design


def _fake_csc_with_many_entries():
    """A CSC matrix claiming 2**31 stored entries (int64 indptr) without
    allocating them: only ``indptr`` is changed, which is all the check
    reads before converting."""
    X = sparse.csc_matrix(np.eye(3))
    X.indptr = X.indptr.astype(np.int64)
    X.indptr[-1] = INT32_MAX + 1
    return X


def test_int32_csc_casts_and_keeps_values():
    X = sparse.random(30, 7, density=0.3, format="csr", random_state=0)
    X = sparse.csr_matrix(X)
    X.indices = X.indices.astype(np.int64)
    X.indptr = X.indptr.astype(np.int64)
    out = int32_csc(X, dtype=np.float32)
    assert out.format == "csc"
    assert out.indices.dtype == np.int32 and out.indptr.dtype == np.int32
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out.toarray(), X.toarray().astype(np.float32))


@pytest.mark.parametrize(
    "make",
    [
        _fake_csc_with_many_entries,
        lambda: sparse.csc_matrix((INT32_MAX + 1, 3)),
        lambda: sparse.csr_matrix((3, INT32_MAX + 1)),
    ],
    ids=["stored-entries", "rows", "columns"],
)
@pytest.mark.parametrize("convert", [int32_csc, _kernel_design, _multinomial_design])
def test_too_large_for_int32_is_refused(make, convert):
    with pytest.raises(ValueError, match="32-bit integers"):
        convert(make())
