"""Solvers for the ridge problem on implicitly centered, weighted data.

Every solver minimizes, for each target column t,

    || D (y_c[:, t] - X_c w) ||^2 + alpha[t] * ||w||^2

where ``X_c = X - 1 X_offset^T`` and ``y_c = y - y_offset`` are centered with
the weighted means (zero offsets without intercept) and ``D = diag(sqrt(s))``
carries the sample weights.  ``X_c`` is never formed unless a solver needs
explicit columns (SVD) or the implicit centering would lose digits: the
linear operator :class:`CenteredOperator` applies it, and the Gram matrices
are centered by a rank-one correction.

All solvers return ``coef`` of shape (n_targets, n_features) and ``n_iter``
of shape (n_targets,) (ones for the direct solvers).
"""

import warnings

import numpy as np
from scipy import linalg, sparse
from scipy.linalg import lapack
from scipy.sparse import linalg as sp_linalg
from sklearn.exceptions import ConvergenceWarning

from skreg.linear_model import _base

# Number of transposed products after which a sparse X^T is stored as CSR.
_TRANSPOSE_AFTER = 20


class CenteredOperator:
    """Products with ``D (X - 1 X_offset^T)`` without forming it.

    Works for dense and sparse X and for blocks of vectors (2-D operands),
    so all targets of a multi-target problem share each pass over X.
    """

    def __init__(self, X, X_offset, sqrt_sw):
        self.X = X
        self.X_offset = X_offset
        self.sqrt_sw = sqrt_sw
        self.shape = X.shape
        self.dtype = X.dtype
        self.centered = bool(np.any(X_offset))
        self._n_rmatvec = 0
        self._XT_csr = None  # made on demand, see rmatvec

    def matvec(self, V):
        """``D (X V - 1 X_offset^T V)``; V of shape (p,) or (p, k)."""
        out = self.X @ V
        if self.centered:
            out = out - (self.X_offset @ V)
        if self.sqrt_sw is not None:
            out = (out.T * self.sqrt_sw).T
        return out

    def rmatvec(self, U):
        """``X^T D U - X_offset (1^T D U)``; U of shape (n,) or (n, k)."""
        if self.sqrt_sw is not None:
            U = (U.T * self.sqrt_sw).T
        self._n_rmatvec += 1
        if self._n_rmatvec == _TRANSPOSE_AFTER and sparse.issparse(self.X):
            # X^T X of a CSR X is a scatter (CSC product); a CSR copy of X^T
            # turns it into a gather, about twice as fast.  The copy costs
            # ~15 products, so it is made only once the solver has shown it
            # needs many.
            self._XT_csr = self.X.T.tocsr()
        if self._XT_csr is not None:
            out = self._XT_csr @ U
        else:
            out = transposed_product(self.X, U)
        if self.centered:
            out = out - np.multiply.outer(self.X_offset, U.sum(axis=0))
        return out

    def as_linear_operator(self):
        return sp_linalg.LinearOperator(
            self.shape, matvec=self.matvec, rmatvec=self.rmatvec, dtype=self.dtype
        )


def _weighted_rows(X, sqrt_sw):
    """``D X`` (a copy), or X itself without weights."""
    if sqrt_sw is None:
        return X
    if sparse.issparse(X):
        return sparse.diags(sqrt_sw) @ X
    return X * sqrt_sw[:, None]


def centered_gram(X, X_offset, sqrt_sw, *, dual):
    """Centered Gram of ``D (X - X_offset)``: :func:`_base.centered_gram`."""
    return _base.centered_gram(_weighted_rows(X, sqrt_sw), X_offset, sqrt_sw, dual=dual)


def _cholesky_solve(gram, rhs, shift, pivot_tol):
    """Solve ``(gram + shift I) x = rhs`` by Cholesky, overwriting ``gram``.

    Raises LinAlgError when the shifted matrix is not positive definite or
    is numerically singular (see :func:`_raise_if_numerically_singular`).
    """
    gram[np.diag_indices_from(gram)] += shift
    diagonal = gram.diagonal().copy()
    # The 1-norm of the system, for LAPACK's condition estimate below (the
    # factorization overwrites the matrix).  By row blocks (the matrix is
    # symmetric, so row sums are column sums): np.abs(gram) would be a
    # second p x p array.
    norm_1 = 0.0
    for start in range(0, gram.shape[0], 32):
        block_sums = np.abs(gram[start : start + 32]).sum(axis=1)
        norm_1 = max(norm_1, float(block_sums.max()))
    factor = _cholesky_upper(gram)
    _raise_if_numerically_singular(factor, norm_1, diagonal, pivot_tol)
    return linalg.cho_solve((factor, False), rhs, check_finite=False)


def pivot_tolerance(n_samples, n_features, dtype):
    """Relative pivot below which a factored Gram system counts as singular.

    A Gram entry is an inner product of length n (primal) or p (dual), formed
    with a relative error of up to about ``length * eps``; the Cholesky
    pivots of a rank-deficient system are that rounding, a few ``eps`` times
    the diagonal.  ``(n + p) * eps`` bounds it whatever the BLAS kernel's
    summation order, so exactly collinear designs are detected on every CPU.
    """
    return (n_samples + n_features) * float(np.finfo(dtype).eps)


# Largest order of a system factored with NumPy's LAPACK rather than SciPy's
# (see _cholesky_upper): NumPy's cholesky works on two p x p copies (128 MiB
# each at this order in float64) where SciPy's factors in place.  Beyond it
# the factorization takes seconds, and the memory matters more than the
# ~0.1 s the other library's idle threads spin.
_NUMPY_CHOLESKY_MAX_ORDER = 4096


def _cholesky_upper(matrix):
    """Upper Cholesky factor U (``matrix = U^T U``, Fortran-ordered, for
    SciPy's ?potrs and ?pocon); ``matrix`` may be overwritten.

    NumPy and SciPy each bundle their own OpenBLAS.  The Gram matrix comes
    from NumPy's (``X.T @ X``), whose worker threads keep busy-waiting for
    ~0.1 s after the product: a threaded SciPy ?potrf right then shares the
    cores with them and took 50-100 ms instead of ~2 ms on a 500 x 500
    system (2 cores, 2 threads).  So the factorization, the only threaded
    call of the solve, stays in NumPy's library; the triangular solves with
    a few right-hand sides and the condition estimate left to SciPy run on
    one thread (measured ~1 ms right after the Gram).  Raises LinAlgError
    when the matrix is not positive definite.
    """
    if matrix.shape[0] <= _NUMPY_CHOLESKY_MAX_ORDER:
        # The transpose of the C-ordered lower factor is the Fortran-ordered
        # upper one: no copy.
        return np.linalg.cholesky(matrix).T
    # LAPACK factors Fortran-ordered arrays in place; a C-ordered symmetric
    # matrix is its own transpose, whose Fortran view avoids a p x p copy.
    if matrix.flags.c_contiguous and not matrix.flags.f_contiguous:
        matrix = matrix.T
    return linalg.cho_factor(matrix, overwrite_a=True, check_finite=False)[0]


def _raise_if_numerically_singular(cholesky_factor, norm_1, diagonal, pivot_tol):
    """Raise LinAlgError when the factored system is numerically singular.

    Two tests, each independent of the rounding of the factorization:

    * a pivot ``U_kk^2`` at most ``pivot_tol`` times its diagonal entry: the
      k-th column is, to rounding, a combination of the previous ones (the
      test LAPACK's pivoted Cholesky ?pstrf makes);
    * the reciprocal condition number below machine epsilon, as
      scipy.linalg.solve reports it (LAPACK's ?pocon estimates it from the
      factor in O(p^2)).
    """
    if cholesky_factor.size == 0:
        return
    pivots = np.square(cholesky_factor.diagonal())
    if np.any(pivots <= pivot_tol * diagonal):
        raise linalg.LinAlgError("Singular matrix: a pivot vanished to rounding.")
    pocon = lapack.get_lapack_funcs("pocon", (cholesky_factor,))
    rcond, _ = pocon(cholesky_factor, norm_1, uplo="U")
    if rcond < np.finfo(cholesky_factor.dtype).eps:
        raise linalg.LinAlgError(f"Ill-conditioned matrix (rcond={rcond:.6g}).")


def _solve_shifted(gram, rhs, alpha, pivot_tol):
    """``(gram + alpha_t I) x_t = rhs_t`` for every target t.

    Targets sharing a penalty share one factorization; ``gram`` is factored
    in place when there is a single penalty (the common case).
    """
    unique_alphas = np.unique(alpha)
    if unique_alphas.size == 1:
        return _cholesky_solve(gram, rhs, unique_alphas[0], pivot_tol)
    solution = np.empty_like(rhs)
    for value in unique_alphas:
        columns = np.flatnonzero(alpha == value)
        solution[:, columns] = _cholesky_solve(
            gram.copy(), rhs[:, columns], value, pivot_tol
        )
    return solution


def _explicitly_centered(X, X_offset, sqrt_sw):
    """``D (X - X_offset)`` as a new dense array."""
    Xc = X - X_offset
    if sqrt_sw is not None:
        Xc *= sqrt_sw[:, None]
    return Xc


def transposed_product(X, B):
    """``X^T B`` as a dense array, in one pass over X for all columns of B.

    For a C-ordered dense X and a thin 2-D B, NumPy's ``X.T @ B`` takes a
    GEMM path several times slower than one pass over X (measured 3-4x at
    20000 x 500 with 2 columns); ``(B^T X)^T`` reads X in its own layout.
    """
    if sparse.issparse(X) or not X.flags.c_contiguous or B.ndim == 1:
        return np.asarray(X.T @ B)
    return (B.T @ X).T


# Mixed-precision closed form (float64 X only).  The Gram matrix, nearly all
# of the time of a dense fit, is formed in float32 (a SYRK about twice as
# fast) and the EXACT float64 system is then solved by iterative refinement,
# the method of LAPACK's dsposv applied to the Gram formation:
#
#     A w = b,   A = X~_c^T X~_c + alpha I (or X~_c X~_c^T + alpha I),
#     L L^T = float64(G32) + alpha I      (G32: the float32 Gram),
#     w <- w + (L L^T)^{-1} (b - A w),
#
# with the residual ``b - A w`` computed in float64 by two products with the
# float64 X (implicit centering, O(n p k)).  Each step multiplies the error by
# about cond(A) * eps32, so a well-conditioned system reaches float64
# rounding in 2-3 steps.  The loop stops at LAPACK's dsposv criterion
# ||r||_inf <= sqrt(m) * eps64 * ||A||_inf * ||w||_inf; when it does not
# converge within _MAX_REFINEMENT_STEPS, or stops contracting (cond(A) *
# eps32 >~ 1), the float64 path is taken instead: results are never less
# accurate than the plain float64 closed form.
_MAX_REFINEMENT_STEPS = 10
# Smallest reciprocal condition number (estimated from the float32-based
# factor) for which refinement is attempted: below it each step would gain
# fewer than ~2 digits and the float64 path is cheaper.
_MIN_RCOND_REFINEMENT = 1e-5


def _centered_float32(X, X_offset, sqrt_sw):
    """``float32(D (X - X_offset))`` in one pass, without a float64 copy:
    centering before the cast keeps the float32 Gram free of the cancellation
    a rank-one correction would suffer with large offsets."""
    X32 = np.empty(X.shape, dtype=np.float32)
    with np.errstate(over="ignore", invalid="ignore"):
        np.subtract(X, X_offset, out=X32, casting="same_kind")
        if sqrt_sw is not None:
            X32 *= sqrt_sw.astype(np.float32)[:, None]
    return X32


def _refined_solve(gram32, rhs, alpha, apply_gram, pivot_tol=0.0):
    """Solve ``(G + alpha_t I) x_t = rhs_t`` exactly in float64, where
    ``apply_gram(V) = G V`` is exact and ``gram32`` approximates G in float32.

    Returns None when refinement is not worthwhile or does not converge (the
    caller then takes the float64 path).
    """
    if not np.isfinite(gram32.diagonal()).all():
        return None  # overflow or non-finite X: the float64 path reports it
    eps = np.finfo(np.float64).eps
    size = gram32.shape[0]
    solution = np.empty_like(rhs)
    for value in np.unique(alpha):
        columns = np.flatnonzero(alpha == value)
        # A float64 copy, destroyed by the factorization; Fortran order lets
        # SciPy's LAPACK factor large systems in place (it is symmetric).
        system = np.asfortranarray(gram32, dtype=np.float64)
        system[np.diag_indices(size)] += value
        norm_inf = 0.0
        for start in range(0, size, 32):
            block_sums = np.abs(system[start : start + 32]).sum(axis=1)
            norm_inf = max(norm_inf, float(block_sums.max()))
        diagonal = system.diagonal().copy()
        try:
            factor = (_cholesky_upper(system), False)
        except linalg.LinAlgError:
            return None
        del system
        if np.any(np.square(factor[0].diagonal()) <= pivot_tol * diagonal):
            return None  # singular to float32 rounding: the float64 path decides
        if size > 0:
            pocon = lapack.get_lapack_funcs("pocon", (factor[0],))
            rcond, _ = pocon(factor[0], norm_inf, uplo="U")
            if rcond < _MIN_RCOND_REFINEMENT:
                return None
        b = rhs[:, columns]
        x = linalg.cho_solve(factor, b, check_finite=False)
        previous_residual = np.inf
        previous_step = None
        for _ in range(_MAX_REFINEMENT_STEPS):
            residual = b - apply_gram(x) - value * x
            r_norm = np.abs(residual).max(axis=0)
            x_norm = np.abs(x).max(axis=0)
            if np.all(r_norm <= np.sqrt(size) * eps * norm_inf * x_norm):
                break  # dsposv's criterion: x is a backward-stable solution
            worst = float(r_norm.max())
            if not worst < 0.5 * previous_residual:
                return None  # stagnation: cond(A) * eps32 is too large
            previous_residual = worst
            correction = linalg.cho_solve(factor, residual, check_finite=False)
            x += correction
            step = np.abs(correction).max(axis=0)
            if previous_step is not None:
                # Refinement contracts the error linearly with the rate
                # step / previous_step, so the error left after this step is
                # about step^2 / previous_step: once that is below float64
                # rounding of x, the residual evaluation that would confirm
                # it (a pass over X) is skipped.  The rate must show clear
                # contraction for the prediction to be trusted.
                rate = step / np.maximum(previous_step, np.finfo(np.float64).tiny)
                if np.all(rate <= 1e-2) and np.all(
                    rate * step <= eps * np.abs(x).max(axis=0)
                ):
                    break
            previous_step = step
        else:
            return None
        solution[:, columns] = x
    return solution


def _solve_cholesky_mixed(X, y_w, alpha, sqrt_sw, X_offset, rhs, *, dual):
    """Mixed-precision variant of :func:`solve_cholesky` for dense float64 X
    (see the comment above ``_MAX_REFINEMENT_STEPS``).  ``rhs`` is
    ``X~_c^T y~_c`` (primal) and ``y~_c`` (dual).  Returns None when the
    float64 path must be taken."""
    X32 = _centered_float32(X, X_offset, sqrt_sw)
    with np.errstate(over="ignore", invalid="ignore"):
        gram32 = X32 @ X32.T if dual else X32.T @ X32
        # The residuals are computed by implicit centering, which loses
        # log10(||x_j||^2 / ||x_j - m_j||^2) digits: beyond the float64
        # limit, the float64 path (explicit centering) is taken.
        # Squared norms of the centered columns: the Gram diagonal (primal)
        # or one float32 pass (dual; float32 sums suffice for a threshold).
        if dual:
            centered_diag = np.einsum("ij,ij->j", X32, X32).astype(np.float64)
        else:
            centered_diag = gram32.diagonal().astype(np.float64)
    del X32
    centered = bool(np.any(X_offset))
    if centered:
        d_norm2 = X.shape[0] if sqrt_sw is None else sqrt_sw @ sqrt_sw
        with np.errstate(over="ignore", invalid="ignore"):
            raw_diag = centered_diag + d_norm2 * X_offset**2
        if _base.needs_explicit_centering(raw_diag, centered_diag, np.float64):
            return None

    return _refined_solve(
        gram32,
        rhs,
        alpha,
        lambda V: _blocked_gram_product(X, X_offset, sqrt_sw, V, dual=dual),
        pivot_tolerance(*X.shape, np.float32),
    )


# Elements of X per block of _blocked_gram_product: 512 KiB of float64, so a
# block read by the first product is still in cache for the second.
_BLOCK_ELEMENTS = 1 << 16


def _blocked_gram_product(X, X_offset, sqrt_sw, V, *, dual):
    """``X~_c^T X~_c V`` (primal) or ``X~_c X~_c^T V`` (dual) in float64,
    with ``X~_c = D (X - 1 m^T)`` never formed.

    The two products are fused by blocks of rows (primal) or columns (dual)
    of X, so X is read from memory once instead of twice: a refinement step
    is memory-bound, and this halves its cost.
    """
    n_samples, n_features = X.shape
    centered = bool(np.any(X_offset))
    if dual:
        # X~_c X~_c^T V = sum over column blocks J of
        # D (X_J - 1 m_J^T) (X_J - 1 m_J^T)^T D V.
        U = V if sqrt_sw is None else V * sqrt_sw[:, None]
        U_sum = U.sum(axis=0)
        out = np.zeros_like(V)
        step = max(1, _BLOCK_ELEMENTS // max(n_samples, 1))
        for start in range(0, n_features, step):
            block = X[:, start : start + step]
            inner = transposed_product(block, U)
            if centered:
                inner -= np.multiply.outer(X_offset[start : start + step], U_sum)
                out -= X_offset[start : start + step] @ inner
            out += block @ inner
        if sqrt_sw is not None:
            out *= sqrt_sw[:, None]
        return out
    # X~_c^T X~_c V = sum over row blocks I of
    # (X_I - 1 m^T)^T D_I^2 (X_I - 1 m^T) V.
    m_V = X_offset @ V
    out = np.zeros_like(V)
    weight_sum = np.zeros(V.shape[1:], dtype=V.dtype)
    step = max(1, _BLOCK_ELEMENTS // max(n_features, 1))
    for start in range(0, n_samples, step):
        block = X[start : start + step]
        inner = block @ V
        if centered:
            inner -= m_V
        if sqrt_sw is not None:
            inner *= (sqrt_sw[start : start + step] ** 2)[:, None]
        out += transposed_product(block, inner)
        if centered:
            weight_sum += inner.sum(axis=0)
    if centered:
        out -= np.multiply.outer(X_offset, weight_sum)
    return out


def _raise_if_structurally_singular(d, n_features, fit_intercept):
    """Raise LinAlgError when the unpenalized system is singular by its shape.

    The centered weighted design ``X~_c`` has rank at most (number of
    positive weights) - 1 with an intercept (its columns are orthogonal to
    ``d``), or the number of positive weights without; the system solved has
    order p (n >= p) or n (p > n).  Known before any rounding: a 15 x 40
    design with an intercept never reaches a factorization that might or
    might not fail.
    """
    n_samples = d.shape[0]
    rank_bound = min(int(np.count_nonzero(d)) - int(fit_intercept), n_features)
    order = n_features if n_samples >= n_features else n_samples
    if rank_bound < order:
        raise linalg.LinAlgError(
            f"Singular system: rank(X_c) <= {rank_bound} < {order} with alpha=0."
        )


def solve_cholesky(X, y_c, alpha, sqrt_sw, *, fit_intercept, mixed_precision=True):
    """Closed form through the normal equations (n >= p) or their dual (p > n).

    Primal: ``(X~_c^T X~_c + alpha I) w = X~_c^T y~_c``.  Dual:
    ``(X~_c X~_c^T + alpha I) a = y~_c`` and ``w = X~_c^T a``.

    The passes over X are the ones a bare closed form makes: one symmetric
    rank-k product (BLAS SYRK through NumPy's ``X.T @ X``) and one product
    of X^T with a thin block that also carries the weight vector ``d``, so
    the weighted column means ``X~^T d / (d.d)`` come for free; centering is
    the rank-one correction ``G - (X~^T d)(X~^T d)^T / (d.d)`` (primal) or the
    double centering ``P K P`` with ``P = I - d d^T / (d.d)`` (dual).  X is
    centered explicitly (one copy) only when that correction would cancel
    too many digits.  Non-finite X is detected on the Gram diagonal.

    With ``mixed_precision`` (the default; Ridge passes ``copy_X``), dense
    float64 X first goes through the float32 Gram with iterative refinement
    (:func:`_solve_cholesky_mixed`), which needs a float32 copy of X.

    Returns ``coef`` (n_targets, n_features), ``n_iter`` (ones) and the
    weighted column means ``X_offset`` (zeros without intercept).
    """
    n_samples, n_features = X.shape
    dtype = X.dtype
    d = np.ones(n_samples, dtype=dtype) if sqrt_sw is None else sqrt_sw
    if np.any(alpha == 0):
        _raise_if_structurally_singular(d, n_features, fit_intercept)
    Xw = _weighted_rows(X, sqrt_sw)
    y_w = y_c if sqrt_sw is None else y_c * sqrt_sw[:, None]
    n_targets = y_c.shape[1]
    d_norm2 = d @ d
    mixed = mixed_precision and not sparse.issparse(X) and dtype == np.float64
    pivot_tol = pivot_tolerance(n_samples, n_features, dtype)
    if n_features > n_samples:
        if mixed:
            X_offset = (
                transposed_product(Xw, d) / d_norm2
                if fit_intercept
                else np.zeros(n_features, dtype=dtype)
            )
            dual_coef = _solve_cholesky_mixed(
                X, y_w, alpha, sqrt_sw, X_offset, y_w, dual=True
            )
            if dual_coef is not None:
                coef = transposed_product(Xw, dual_coef)
                if fit_intercept:
                    coef -= np.multiply.outer(X_offset, d @ dual_coef)
                return coef.T, np.ones(n_targets, dtype=np.int32), X_offset
        # Overflow is reported by raise_if_gram_not_finite, clearly.
        with np.errstate(over="ignore", invalid="ignore"):
            gram = Xw @ Xw.T
        gram = gram.toarray() if sparse.issparse(gram) else np.asarray(gram)
        raw_diag = gram.diagonal().copy()
        _base.raise_if_gram_not_finite(raw_diag, X)
        X_offset = None
        if fit_intercept:
            # u = X~ m = K d / (d.d) and m.m = d.u / (d.d): no pass over X.
            u = gram @ d / d_norm2
            gram -= np.multiply.outer(u, d)
            gram -= np.multiply.outer(d, u)
            gram += ((d @ u) / d_norm2) * np.multiply.outer(d, d)
            if not sparse.issparse(X) and _base.needs_explicit_centering(
                raw_diag, gram.diagonal(), dtype
            ):
                X_offset = np.asarray(Xw.T @ d) / d_norm2
                Xc = _explicitly_centered(X, X_offset, sqrt_sw)
                gram = Xc @ Xc.T
        dual_coef = _solve_shifted(gram, y_w, alpha, pivot_tol)
        # X~^T [a, d] in one pass: X~^T a and the weighted column sums.
        products = transposed_product(Xw, np.column_stack([dual_coef, d]))
        if X_offset is None:
            X_offset = (
                products[:, -1] / d_norm2
                if fit_intercept
                else np.zeros(n_features, dtype=dtype)
            )
        coef = products[:, :n_targets]
        if fit_intercept:
            coef = coef - np.multiply.outer(X_offset, d @ dual_coef)
        return coef.T, np.ones(n_targets, dtype=np.int32), X_offset.astype(dtype)

    # X~^T [y~_c, d] in one pass: the right-hand side and the column sums.
    # X~^T y~_c equals X~_c^T y~_c because d^T y~_c = 0 with an intercept.
    products = transposed_product(Xw, np.column_stack([y_w, d]))
    rhs = np.ascontiguousarray(products[:, :n_targets])
    if mixed:
        X_offset = (
            products[:, -1] / d_norm2
            if fit_intercept
            else np.zeros(n_features, dtype=dtype)
        )
        coef = _solve_cholesky_mixed(X, y_w, alpha, sqrt_sw, X_offset, rhs, dual=False)
        if coef is not None:
            return coef.T, np.ones(n_targets, dtype=np.int32), X_offset
    # Overflow is reported by raise_if_gram_not_finite, clearly.
    with np.errstate(over="ignore", invalid="ignore"):
        gram = Xw.T @ Xw
    gram = gram.toarray() if sparse.issparse(gram) else np.asarray(gram)
    raw_diag = gram.diagonal().copy()
    _base.raise_if_gram_not_finite(raw_diag, X)
    if fit_intercept:
        col_sums = products[:, -1]
        X_offset = col_sums / d_norm2
        # By row blocks: a full p x p outer-product temporary would double
        # the Gram's memory.
        for start in range(0, n_features, 32):
            stop = start + 32
            gram[start:stop] -= np.multiply.outer(col_sums[start:stop], X_offset)
        if not sparse.issparse(X) and _base.needs_explicit_centering(
            raw_diag, gram.diagonal(), dtype
        ):
            Xc = _explicitly_centered(X, X_offset, sqrt_sw)
            gram = Xc.T @ Xc
            rhs = transposed_product(Xc, y_w)
    else:
        X_offset = np.zeros(n_features, dtype=dtype)
    coef = _solve_shifted(gram, rhs, alpha, pivot_tol)
    return coef.T, np.ones(n_targets, dtype=np.int32), X_offset.astype(dtype)


def singular_value_cutoff(s, shape, dtype, raw_scale=0.0):
    """Mask of the singular values kept: those above ``max(n, p) * eps`` times
    the larger of the largest one (NumPy's ``lstsq``/``pinv`` cut-off) and
    ``raw_scale``, the scale of the design before centering.  Smaller ones
    are rounding: X is stored to ``eps`` relative to its own entries, so a
    rank-deficient design with column means 1e4 times its spread carries
    singular values of ~1e-12 relative to the centered design's, which the
    cut-off must not invert.  (Relative throughout: a design scaled by
    1e-150 keeps all of its directions.)"""
    if s.size == 0:
        return np.zeros(0, dtype=bool)
    return s > max(shape) * np.finfo(dtype).eps * max(s.max(), raw_scale)


def _raw_scale(X, sqrt_sw):
    """``||D X||_F / sqrt(min(n, p))``, a lower bound of the uncentered
    weighted design's spectral norm, in one pass without a copy."""
    row_norms = np.einsum("ij,ij->i", X, X)
    weights = 1.0 if sqrt_sw is None else sqrt_sw**2
    total = float(np.sum(weights * row_norms))
    return np.sqrt(total / max(1, min(X.shape)))


def solve_svd(X, y_c, alpha, X_offset, sqrt_sw):
    """Closed form through a thin SVD of ``X~_c``: stable when X is
    rank-deficient or ill-conditioned (singular values at rounding level
    relative to the largest are dropped, see :func:`singular_value_cutoff`,
    which gives the minimum-norm solution when alpha is 0)."""
    if sparse.issparse(X):
        raise TypeError(
            "solver='svd' does not support sparse input; use 'cholesky', "
            "'sparse_cg' or 'lsqr', or densify X."
        )
    Xc = X - X_offset
    y_w = y_c
    if sqrt_sw is not None:
        Xc *= sqrt_sw[:, None]
        y_w = y_c * sqrt_sw[:, None]
    U, s, Vt = linalg.svd(Xc, full_matrices=False, check_finite=False)
    keep = singular_value_cutoff(s, X.shape, X.dtype, _raw_scale(X, sqrt_sw))
    UTy = transposed_product(U, y_w)
    coef = np.empty((y_c.shape[1], X.shape[1]), dtype=X.dtype)
    for t in range(y_c.shape[1]):
        factor = np.zeros_like(s)
        factor[keep] = s[keep] / (s[keep] ** 2 + alpha[t])
        coef[t] = Vt.T @ (factor * UTy[:, t])
    return coef, np.ones(y_c.shape[1], dtype=np.int32)


def solve_gram_pinv(X, y_c, alpha, X_offset, sqrt_sw):
    """Minimum-norm closed form through an eigendecomposition of the centered
    Gram matrix, for sparse X whose factorization found the system singular
    (the SVD would densify X).

    Primal (n >= p): ``w = V diag(1 / (lam + alpha)) V^T X~_c^T y~_c``; dual
    (p > n): ``w = X~_c^T U diag(1 / (lam + alpha)) U^T y~_c``, over the
    eigenvalues above rounding level (relative to the largest, see below;
    a formed Gram matrix resolves no better).  At alpha = 0 this is the
    pseudo-inverse solution, the one 'svd' gives on dense X.  Computed in
    float64 whatever X's dtype: a float32 Gram matrix squares a condition
    number float32 cannot hold, on the systems that come here.
    """
    dtype = X.dtype
    X, y_c, alpha, X_offset = (
        X.astype(np.float64),
        y_c.astype(np.float64),
        alpha.astype(np.float64),
        X_offset.astype(np.float64),
    )
    if sqrt_sw is not None:
        sqrt_sw = sqrt_sw.astype(np.float64)
    n_samples, n_features = X.shape
    dual = n_features > n_samples
    op = CenteredOperator(X, X_offset, sqrt_sw)
    y_w = y_c if sqrt_sw is None else y_c * sqrt_sw[:, None]
    eigvals, vectors = linalg.eigh(
        centered_gram(X, X_offset, sqrt_sw, dual=dual), check_finite=False
    )
    # Eigenvalues are squared singular values: the SVD's cut-off at the
    # data's precision, squared, or the float64 Gram's own rounding.
    tol = max(
        (max(n_samples, n_features) * float(np.finfo(dtype).eps)) ** 2,
        pivot_tolerance(n_samples, n_features, np.float64),
    )
    keep = eigvals > tol * eigvals.max(initial=0.0)
    eigvals, vectors = eigvals[keep], vectors[:, keep]
    rhs = y_w if dual else np.asarray(op.rmatvec(y_w))
    projected = vectors.T @ rhs
    coef = np.empty((y_c.shape[1], n_features), dtype=X.dtype)
    for t in range(y_c.shape[1]):
        solution = vectors @ (projected[:, t] / (eigvals + alpha[t]))
        coef[t] = op.rmatvec(solution) if dual else solution
    return coef.astype(dtype), np.ones(y_c.shape[1], dtype=np.int32)


def _warn_not_converged(solver, n_iter, max_iter):
    warnings.warn(
        f"Ridge solver {solver!r} did not converge in max_iter={max_iter} "
        f"iterations (n_iter_={np.asarray(n_iter).tolist()}); increase max_iter "
        "or tol, or use solver='cholesky'.",
        ConvergenceWarning,
        stacklevel=3,
    )


def _block_cg(apply_A, B, alpha, tol, max_iter, progress=None):
    """Conjugate gradient for ``(A + alpha_t I) x_t = b_t``, all targets at once.

    Each iteration applies A once to the block of unconverged columns.
    Column t stops when ``||r_t|| <= tol ||b_t||`` (scipy's ``rtol``), or
    when its search direction has no positive curvature: A is positive
    semi-definite, so ``p^T (A + alpha I) p <= 0`` means p lies in its null
    space, which a consistent system's residual reaches only as rounding;
    the current iterate is then the solution (the step would divide by 0).
    (A relative threshold would also stop legitimate directions: extreme
    sample weights give float64 problems whose useful curvature is 1e-16 of
    the largest.)
    """
    dtype = B.dtype
    sol = np.zeros_like(B)
    residual = B.copy()
    direction = residual.copy()
    rs = np.einsum("ij,ij->j", residual, residual)
    threshold = (tol**2) * rs
    n_iter = np.zeros(B.shape[1], dtype=np.int32)
    active = np.flatnonzero(rs > threshold)
    # A zero right-hand side is solved by zero.
    active = active[rs[active] > 0]
    for _ in range(max_iter):
        if active.size == 0:
            break
        P = direction[:, active]
        AP = apply_A(P) + alpha[active] * P
        curvature = np.einsum("ij,ij->j", P, AP)
        flat = ~(curvature > 0)
        if np.any(flat):
            active, P, AP, curvature = (
                active[~flat],
                P[:, ~flat],
                AP[:, ~flat],
                curvature[~flat],
            )
            if active.size == 0:
                break
        step = (rs[active] / curvature).astype(dtype, copy=False)
        sol[:, active] += step * P
        residual[:, active] -= step * AP
        new_rs = np.einsum("ij,ij->j", residual[:, active], residual[:, active])
        beta = (new_rs / rs[active]).astype(dtype, copy=False)
        direction[:, active] = residual[:, active] + beta * P
        rs[active] = new_rs
        n_iter[active] += 1
        active = active[new_rs > threshold[active]]
        # Ridge has no verbose: the step needs no message
        if progress is not None and progress.step():
            break  # a callback asked to stop
    return sol, n_iter, active.size == 0


def solve_cg(
    X, y_c, alpha, X_offset, sqrt_sw, *, tol, max_iter, progress=None, fit_intercept
):
    """Conjugate gradient on the normal equations through the centered
    operator: ``X~_c^T X~_c + alpha I`` (n >= p) or ``X~_c X~_c^T + alpha I``
    (p > n) is applied as two products with X, never formed.  Sparse X stays
    sparse and is never centered explicitly.

    The dual system ``(X~_c X~_c^T) a = y~_c`` has no solution when alpha = 0
    and X~_c has rank below n (always with an intercept or a zero weight):
    conjugate gradients would diverge on it.  Then the primal normal
    equations are solved: they are consistent, and conjugate gradients
    started at 0 stay in the row space of X~_c, so they converge to the
    minimum-norm solution.  Otherwise, at alpha = 0, the dual solution is
    kept only if its residual meets ``tol`` (X of full row rank)."""
    op = CenteredOperator(X, X_offset, sqrt_sw)
    y_w = y_c if sqrt_sw is None else y_c * sqrt_sw[:, None]
    n_samples, n_features = X.shape
    alpha = alpha.astype(X.dtype)
    unpenalized = np.any(alpha == 0)
    row_deficient = fit_intercept or (sqrt_sw is not None and not np.all(sqrt_sw > 0))
    if n_features > n_samples and not (unpenalized and row_deficient):
        limit = 10 * n_samples if max_iter is None else max_iter

        def apply_dual(U):
            return op.matvec(op.rmatvec(U))

        dual, n_iter, converged = _block_cg(
            apply_dual, y_w, alpha, tol, limit, progress
        )
        if not unpenalized or _dual_solved(apply_dual, dual, y_w, alpha, tol):
            if not converged:
                _warn_not_converged("sparse_cg", n_iter, limit)
            return np.asarray(op.rmatvec(dual)).T, n_iter
    limit = 10 * n_features if max_iter is None else max_iter
    rhs = np.asarray(op.rmatvec(y_w))
    coef, n_iter, converged = _block_cg(
        lambda V: op.rmatvec(op.matvec(V)), rhs, alpha, tol, limit, progress
    )
    if not converged:
        _warn_not_converged("sparse_cg", n_iter, limit)
    return np.asarray(coef).T, n_iter


def _dual_solved(apply_dual, dual, y_w, alpha, tol):
    """Whether ``(K + alpha I) a = y~`` holds for every target, checked once
    on the true residual: the recursively updated one of a run on a singular
    system drifts from it.  To ``tol``, or to sqrt(eps) where rounding on an
    ill-conditioned K keeps the true residual above a tiny ``tol``; an
    inconsistent system leaves the part of y~ outside the range of K, far
    larger."""
    residual = y_w - apply_dual(dual) - alpha * dual
    limit = max(10 * tol, float(np.sqrt(np.finfo(dual.dtype).eps)))
    norms = np.linalg.norm(residual, axis=0)
    return bool(np.all(norms <= limit * np.linalg.norm(y_w, axis=0)))


def solve_lsqr(X, y_c, alpha, X_offset, sqrt_sw, *, tol, max_iter, progress=None):
    """Damped LSQR (Paige & Saunders) with ``damp = sqrt(alpha)``: minimizes
    ``||y~_c - X~_c w||^2 + damp^2 ||w||^2`` directly, never squaring the
    condition number of X."""
    linear_op = CenteredOperator(X, X_offset, sqrt_sw).as_linear_operator()
    y_w = y_c if sqrt_sw is None else y_c * sqrt_sw[:, None]
    n_targets = y_c.shape[1]
    coef = np.empty((n_targets, X.shape[1]), dtype=X.dtype)
    n_iter = np.empty(n_targets, dtype=np.int32)
    stopped_at_limit = False
    for t in range(n_targets):
        result = sp_linalg.lsqr(
            linear_op,
            y_w[:, t],
            damp=np.sqrt(alpha[t]),
            atol=tol,
            btol=tol,
            iter_lim=max_iter,
        )
        coef[t] = result[0]
        n_iter[t] = result[2]
        # istop == 7: the iteration limit was reached before atol/btol.
        stopped_at_limit |= result[1] == 7
        # scipy's lsqr has no per-iteration hook: one step per target.
        if progress is not None and progress.step():
            coef[t + 1 :] = 0  # a callback asked to stop
            n_iter[t + 1 :] = 0
            break
    if stopped_at_limit:
        # scipy's default limit is twice the number of columns.
        _warn_not_converged("lsqr", n_iter, max_iter or 2 * X.shape[1])
    return coef, n_iter


def solve_gd(
    X, y_c, alpha, X_offset, sqrt_sw, *, tol, max_iter, random_state, progress=None
):
    """Nesterov's accelerated gradient with the constant momentum of strongly
    convex problems.

    f(w) = ||y~_c - X~_c w||^2 + alpha ||w||^2 has gradient ``2 (A w - b)``
    with ``A = X~_c^T X~_c + alpha I`` and ``b = X~_c^T y~_c``; the step is
    ``1 / L`` with ``L = 2 (lambda_max + alpha)`` where lambda_max comes from a
    power iteration (inflated by 5 % since power iteration approaches it from
    below), and the momentum ``(sqrt(L) - sqrt(mu)) / (sqrt(L) + sqrt(mu))``
    with ``mu = 2 alpha``.  Momentum is reset whenever it points uphill
    (O'Donoghue & Candes' gradient restart), which keeps the iteration
    monotone even with alpha = 0.  Stops when ``||A w - b|| <= tol ||b||``,
    the same test as 'sparse_cg'.
    """
    op = CenteredOperator(X, X_offset, sqrt_sw)
    y_w = y_c if sqrt_sw is None else y_c * sqrt_sw[:, None]
    n_features = X.shape[1]
    limit = 1000 if max_iter is None else max_iter
    alpha = alpha.astype(X.dtype)

    def apply_A(V, shift):
        return op.rmatvec(op.matvec(V)) + shift * V

    b = np.asarray(op.rmatvec(y_w))
    lam_max = 1.05 * _base.largest_eigenvalue(
        lambda v: op.rmatvec(op.matvec(v)),
        n_features,
        dtype=X.dtype,
        random_state=random_state,
    )
    lipschitz = lam_max + alpha  # of A, i.e. L / 2
    step = (1.0 / lipschitz).astype(X.dtype)
    momentum = (
        (np.sqrt(lipschitz) - np.sqrt(alpha)) / (np.sqrt(lipschitz) + np.sqrt(alpha))
    ).astype(X.dtype)
    b_norm = np.linalg.norm(b, axis=0)
    threshold = tol * b_norm
    w = np.zeros_like(b)  # the gradient-step iterates
    z = w.copy()  # the extrapolated points where gradients are taken
    n_iter = np.zeros(b.shape[1], dtype=np.int32)
    active = np.flatnonzero(b_norm > 0)  # b = 0 is solved by w = 0
    for _ in range(limit):
        if active.size == 0:
            break
        za = z[:, active]
        half_grad = apply_A(za, alpha[active]) - b[:, active]
        # A column is done when its gradient at z is small: z is returned.
        done = np.linalg.norm(half_grad, axis=0) <= threshold[active]
        w[:, active[done]] = za[:, done]
        keep = ~done
        active, za, half_grad = active[keep], za[:, keep], half_grad[:, keep]
        if active.size == 0:
            break
        w_new = za - step[active] * half_grad
        direction = w_new - w[:, active]
        # Gradient restart: no momentum for columns where it points uphill.
        restart = np.einsum("ij,ij->j", half_grad, direction) > 0
        beta = np.where(restart, 0.0, momentum[active]).astype(X.dtype)
        w[:, active] = w_new
        z[:, active] = w_new + beta * direction
        n_iter[active] += 1
        if progress is not None and progress.step():
            break  # a callback asked to stop
    if active.size:
        _warn_not_converged("gd", n_iter, limit)
    return w.T, n_iter


def solve_lbfgs(X, y_c, alpha, X_offset, sqrt_sw, *, positive, tol, max_iter):
    """L-BFGS-B (SciPy) on ``1/2 ||y~_c - X~_c w||^2 + alpha/2 ||w||^2``, the
    ridge objective halved, with the bounds ``w >= 0`` when ``positive``
    (scikit-learn's 'lbfgs', the one solver for a positive ridge).

    ``tol`` is SciPy's ``tol`` (its ``ftol`` and ``gtol``), ``max_iter`` its
    ``maxiter`` (SciPy's default when None); ``n_iter`` counts L-BFGS-B
    iterations per target.  Warns as scikit-learn when it stops unconverged.
    """
    from scipy import optimize

    op = CenteredOperator(X, X_offset, sqrt_sw)
    y_w = y_c if sqrt_sw is None else y_c * sqrt_sw[:, None]
    n_features = X.shape[1]
    options = {} if max_iter is None else {"maxiter": max_iter}
    bounds = [(0, np.inf)] * n_features if positive else None
    coef = np.empty((y_c.shape[1], n_features), dtype=X.dtype)
    n_iter = np.empty(y_c.shape[1], dtype=np.int32)
    for t in range(y_c.shape[1]):
        target, penalty = y_w[:, t].astype(np.float64), float(alpha[t])

        def objective(w, target=target, penalty=penalty):
            residual = np.asarray(op.matvec(w.astype(X.dtype)), np.float64) - target
            gradient = np.asarray(op.rmatvec(residual.astype(X.dtype)), np.float64)
            value = 0.5 * residual @ residual + 0.5 * penalty * w @ w
            return value, gradient + penalty * w

        result = optimize.minimize(
            objective,
            np.zeros(n_features),
            method="L-BFGS-B",
            jac=True,
            bounds=bounds,
            tol=tol,
            options=options,
        )
        if not result.success:
            warnings.warn(
                "The lbfgs solver did not converge. Try increasing max_iter or "
                f"tol. Currently: max_iter={max_iter} and tol={tol}",
                ConvergenceWarning,
                stacklevel=3,
            )
        coef[t] = result.x
        n_iter[t] = result.nit
    return coef, n_iter
