"""Best-subset least squares on standardized data: the solver of L0Regressor.

The problem solved here is ``min ||u - Z w||^2 subject to ||w||_0 <= k`` for
a matrix ``Z`` whose columns have unit norm (or are zero, which makes them
unselectable) and a centered, weighted response ``u``; :mod:`._l0` reduces
the estimator's problem to this form and maps the solution back.

Pipeline of one fit (:func:`solve_best_subset`):

1. Accelerated normalized IHT (hard thresholding with the adaptive NIHT step,
   a backtracked safe step 1/L with L from power iteration, and momentum),
   then hard-thresholding pursuit (least squares on the support) until the
   support is stable.
2. Exact one-swap local search (:func:`local_search`): every pair
   (feature out, feature in) is scored exactly in O(p k) from rank-one
   updates of the support's inverse Gram matrix, and the best swap is taken
   while it lowers the residual sum of squares (RSS).
3. Restarts from other supports (forward stepwise selection, a previous
   fit) and random "kicks" that replace a few features of the best support,
   each followed by the local search, until ``n_restarts`` kicks in a row
   fail; the lowest RSS wins.
4. On small designs, exact two-swap moves from the winner
   (:func:`pair_swap_search`): every exchange of two support features for
   two others is scored, the best one is taken and the one-swap search
   resumes, until no exchange of two lowers the RSS.

Everything after the first pass over ``Z`` works on Gram columns
``Z^T z_j`` (cached, :class:`GramColumns`) and ``q = Z^T u``, so a swap costs
O(p k^2) flops whatever the number of samples.

When the supports of a size are few (at most ``EXACT_MAX_SUBSETS`` among at
most ``EXACT_MAX_FEATURES`` candidate columns), :class:`ExhaustiveSearch`
scores every one of them by least squares on an orthogonal reduction of
``Z`` instead: the result is the global best subset, not a local optimum.
"""

import itertools
from math import comb

import numpy as np
from scipy.linalg.lapack import dpotrf as _potrf
from scipy.linalg.lapack import dpotri as _potri

from skreg._thresholds import top_k_support
from skreg.linear_model import _l0_swap
from skreg.linear_model._base import largest_eigenvalue

# A column whose part orthogonal to the support has squared norm below this
# (columns have unit norm) is numerically dependent on the support: adding it
# cannot lower the RSS and would make the support's Gram matrix singular.
DEPENDENCE_EPS = 1e-9

# Cap on the number of kicks, in multiples of n_restarts.
MAX_KICKS_FACTOR = 4

# The exhaustive search runs when one support size has at most this many
# supports among at most this many candidate columns: its cost, about
# EXACT_MAX_SUBSETS small QR factorizations of at most
# EXACT_MAX_FEATURES x k matrices, stays within a few milliseconds to tens
# of milliseconds, comparable with the local search and its restarts.
EXACT_MAX_SUBSETS = 5000
EXACT_MAX_FEATURES = 64

# Forced-first forward starts of the local search on designs of at most
# EXACT_MAX_FEATURES columns (where the exhaustive search is too costly only
# because k is large): on degenerate problems of 16-24 features with k of
# 5-8 they cut the local optima the search returns from 30 to 23 in 103.
SEEDED_STARTS = 5

# Two-swap moves (pair_swap_search) on designs of at most EXACT_MAX_FEATURES
# columns: on 103 random correlated designs (n = 50, p 17-22, k 5-6;
# benchmarks/bench_l0_local_search.py) the local optima returned fall from
# 7 to 2 (from 7 to 1 on 206 more), for about 10-25 % more fit time there.
PAIR_SWAPS_MAX_FEATURES = EXACT_MAX_FEATURES

# Supports scored per batch of the exhaustive search (bounds its memory to
# about this many float64 numbers times 8 bytes, times a small factor).
_EXACT_BATCH_ELEMENTS = 1 << 20


class GramColumns:
    """Columns ``Z^T z_j`` of the Gram matrix, computed on demand and cached.

    With a handful of features the whole Gram matrix is formed at once;
    otherwise only the columns of supports actually visited are computed
    (the search visits a few times k columns, usually far fewer than p).
    The cache stores column j as a contiguous row, so gathering a support's
    columns copies whole rows.
    """

    def __init__(self, Z):
        self.Z = Z
        n_features = Z.shape[1]
        self.diag = np.einsum("ij,ij->j", Z, Z)
        if n_features <= 64:
            self._rows = np.ascontiguousarray(Z.T @ Z)
            self._pos = np.arange(n_features)
            self._size = n_features
        else:
            self._rows = np.empty((64, n_features))
            self._pos = np.full(n_features, -1)
            self._size = 0

    def get(self, support):
        """``G[:, support]`` as an array of shape (n_features, len(support))."""
        positions = self._pos[support]
        if positions.size and positions.min() < 0:
            missing = np.unique(support[positions < 0])
            needed = self._size + missing.size
            if needed > self._rows.shape[0]:
                grown = np.empty((max(2 * needed, 64), self._rows.shape[1]))
                grown[: self._size] = self._rows[: self._size]
                self._rows = grown
            self._rows[self._size : needed] = self.Z[:, missing].T @ self.Z
            self._pos[missing] = np.arange(self._size, needed)
            self._size = needed
            positions = self._pos[support]
        return self._rows[positions].T

    def spectral_norm_squared(self, n_iter=30, seed=0):
        """Largest eigenvalue of ``Z^T Z`` (the Lipschitz constant L of the
        least-squares gradient), by power iteration on ``Z^T Z``."""
        estimate = largest_eigenvalue(
            lambda v: self.Z.T @ (self.Z @ v),
            self.Z.shape[1],
            random_state=seed,
            max_iter=n_iter,
        )
        # Power iteration approaches L from below; a 1 % margin keeps the
        # step 1/L safe.
        return 1.01 * estimate


class SupportFit:
    """Least squares restricted to a support, with what the swap search needs.

    Attributes: ``support`` (int array), ``B = G[:, support]``, ``G_inv``,
    ``beta`` (coefficients on the support), ``rss`` and ``corr = Z^T r``.
    """

    def __init__(self, gram, q, u_norm2, support):
        support = np.asarray(support, dtype=np.intp)
        B = gram.get(support)
        G_inv = _inverse_if_well_conditioned(B[support])
        if G_inv is None:
            support = _independent(B[support], support)
            B = gram.get(support)
            G_inv = _inverse_if_well_conditioned(B[support])
        self.support = support
        self.B = B
        self.G_inv = G_inv
        if support.size == 0:
            self.beta = np.zeros(0)
            self.rss = float(u_norm2)
            self.corr = q.copy()
            return
        self.beta = G_inv @ q[support]
        # RSS = ||u||^2 - q_S^T beta; clipped because it is a difference of
        # nearly equal numbers when the fit is (almost) exact.
        self.rss = max(float(u_norm2 - q[support] @ self.beta), 0.0)
        self.corr = q - B @ self.beta


def _inverse_if_well_conditioned(G_ss):
    """Inverse of the support's Gram matrix by Cholesky, or None when some
    column's residual squared norm after projection on the previous ones is
    at most ``DEPENDENCE_EPS`` (the columns are numerically dependent).

    Calls LAPACK directly: the matrices are tiny (k x k) and NumPy's
    wrappers cost more than the factorization.
    """
    if G_ss.shape[0] == 0:
        return np.zeros((0, 0))
    chol, info = _potrf(G_ss, lower=True, clean=True, overwrite_a=False)
    if info != 0 or float(np.min(np.diag(chol))) ** 2 <= DEPENDENCE_EPS:
        return None
    inv_lower, info = _potri(chol, lower=True)
    if info != 0:
        return None
    # potri fills the lower triangle; the strict upper one is still the zeros
    # that potrf(clean=True) left, so adding the transpose doubles only the
    # diagonal.
    G_inv = inv_lower + inv_lower.T
    G_inv.flat[:: G_inv.shape[0] + 1] *= 0.5
    return G_inv


def _independent(G, support):
    """Drop support columns that are (numerically) dependent on earlier ones.

    A pivot-free Cholesky on the support's Gram matrix ``G``: a column whose
    residual squared norm falls below ``DEPENDENCE_EPS`` is skipped, so the
    returned support has a well-conditioned Gram matrix.
    """
    kept = []
    factor = np.zeros((support.size, support.size))
    for t in range(support.size):
        m = len(kept)
        g = G[t, kept]
        coef = np.linalg.solve(factor[:m, :m], g) if m else g[:0]
        residual = G[t, t] - coef @ coef
        if residual > DEPENDENCE_EPS:
            factor[m, :m] = coef
            factor[m, m] = np.sqrt(residual)
            kept.append(t)
    return support[kept]


def local_search(gram, q, u_norm2, support, k, tol_abs, max_moves=1000):
    """Forward-fill the support to size k, then take best swaps until none
    lowers the RSS by more than ``tol_abs``.

    Removing support feature j raises the RSS by ``beta_j^2 / G_inv[j, j]``
    and leaves the residual ``r + beta_j x_j_perp``; adding feature i to the
    remaining support then lowers it by
    ``(z_i^T r_-j)^2 / ||P_perp z_i||^2``.  Both terms come from ``corr``,
    ``H = B G_inv`` and the projected column norms ``d`` of the current fit,
    so all ``k (p - k)`` swaps are scored exactly in O(p k) after an
    O(p k^2) update.

    Returns
    -------
    fit : SupportFit
        The fit at the local minimum.
    n_moves : int
        Number of additions and swaps made.
    """
    fit = SupportFit(gram, q, u_norm2, support)
    n_moves = 0
    while n_moves < max_moves:
        support = fit.support
        H, d, selectable = _projections(gram, fit)
        if support.size < k:
            best, gain = _l0_swap.best_addition(fit.corr, d, selectable, DEPENDENCE_EPS)
            if best < 0 or gain <= tol_abs:
                break
            fit = SupportFit(gram, q, u_norm2, np.append(support, best))
            n_moves += 1
            continue
        if support.size == 0:
            break
        i, t, gain = _l0_swap.best_swap(
            fit.corr,
            H,
            d,
            fit.beta,
            np.ascontiguousarray(fit.G_inv.diagonal()),
            selectable,
            DEPENDENCE_EPS,
        )
        if i < 0 or not gain > tol_abs:
            break
        candidate = support.copy()
        candidate[t] = i
        fit = SupportFit(gram, q, u_norm2, np.sort(candidate))
        n_moves += 1
    return fit, n_moves


def _projections(gram, fit):
    """``H = B G_inv``, projected squared norms ``d`` and the mask of
    features that may enter the support."""
    H = fit.B @ fit.G_inv
    d = gram.diag - np.einsum("ij,ij->i", fit.B, H)
    selectable = d > DEPENDENCE_EPS
    selectable[fit.support] = False
    return H, d, selectable


def _objective(gram, q, u_norm2, support, w_s):
    """``||u - Z_S w_S||^2`` from Gram columns (no pass over Z)."""
    if support.size == 0:
        return float(u_norm2)
    G_ss = gram.get(support)[support]
    return float(u_norm2 - 2 * q[support] @ w_s + w_s @ G_ss @ w_s)


def iht(gram, q, u_norm2, k, max_iter, tol_abs, w0=None):
    """Accelerated normalized IHT followed by hard-thresholding pursuit.

    NIHT (Blumensath & Davies, 2010) steps by ``mu = ||g_S||^2 /
    ||Z_S g_S||^2`` with the gradient ``g`` restricted to the current
    support S; when the support changes the step is halved until
    ``mu <= 0.9 ||dw||^2 / ||Z dw||^2``, and the safe step 1/L is the
    fallback.  Nesterov momentum is applied to the iterates and reset
    whenever the objective goes up.  Once the support has been stable for
    three iterations, hard-thresholding pursuit alternates a unit gradient
    step with a least-squares refit on the thresholded support while the
    RSS decreases.

    Returns
    -------
    support : int ndarray
    n_iter : int
    """
    n_features = q.shape[0]
    w = np.zeros(n_features) if w0 is None else w0.copy()
    w_prev = w.copy()
    lipschitz = None
    momentum_t = 1.0
    f_old = np.inf
    support = np.flatnonzero(w)
    stable = 0
    n_iter = 0
    for _ in range(max_iter):
        n_iter += 1
        t_next = 0.5 * (1 + np.sqrt(1 + 4 * momentum_t**2))
        v = w + ((momentum_t - 1) / t_next) * (w - w_prev)
        momentum_t = t_next
        v_support = np.flatnonzero(v)
        grad = q - gram.get(v_support) @ v[v_support]
        step_support = v_support if v_support.size else top_k_support(grad, k)
        g_s = grad[step_support]
        curvature = g_s @ gram.get(step_support)[step_support] @ g_s
        mu = g_s @ g_s / curvature if curvature > 0 else 0.0
        for _ in range(10):
            w_new = np.zeros(n_features)
            new_support = top_k_support(v + mu * grad, k)
            w_new[new_support] = (v + mu * grad)[new_support]
            if np.array_equal(new_support, step_support):
                break  # the step stayed on its support: mu is exact there
            dw = w_new - v
            dw_support = np.flatnonzero(dw)
            dw_s = dw[dw_support]
            z_dw2 = dw_s @ gram.get(dw_support)[dw_support] @ dw_s
            if mu <= 0.9 * (dw_s @ dw_s) / max(z_dw2, 1e-300):
                break
            mu *= 0.5
        else:
            if lipschitz is None:
                lipschitz = gram.spectral_norm_squared()
            mu = 1.0 / max(lipschitz, 1e-300)
            w_new = np.zeros(n_features)
            new_support = top_k_support(v + mu * grad, k)
            w_new[new_support] = (v + mu * grad)[new_support]
        f_new = _objective(gram, q, u_norm2, new_support, w_new[new_support])
        if f_new > f_old:
            # Momentum overshot: restart it from the last iterate.
            momentum_t = 1.0
            w_prev = w
            continue
        stable = stable + 1 if np.array_equal(new_support, support) else 0
        converged = f_old - f_new <= tol_abs
        w_prev, w, f_old, support = w, w_new, f_new, new_support
        if stable >= 3 or converged:
            break
    # Hard-thresholding pursuit (Foucart, 2011): gradient step, top-k, least
    # squares.  After the refit the gradient vanishes on the support, so the
    # NIHT step is undefined; the unit step suits unit-norm columns.
    fit = SupportFit(gram, q, u_norm2, support)
    for _ in range(max_iter):
        n_iter += 1
        z = fit.corr.copy()
        z[fit.support] += fit.beta
        new_support = top_k_support(z, k)
        if np.array_equal(new_support, fit.support):
            break
        new_fit = SupportFit(gram, q, u_norm2, new_support)
        if new_fit.rss >= fit.rss - tol_abs:
            break
        fit = new_fit
    return fit.support, n_iter


def forward_stepwise(gram, q, u_norm2, k, tol_abs):
    """Greedy forward selection (orthogonal matching pursuit with the exact
    RSS decrease as the selection score)."""
    fit = SupportFit(gram, q, u_norm2, np.zeros(0, np.intp))
    while fit.support.size < k:
        fit, moved = _best_addition(gram, q, u_norm2, fit, tol_abs)
        if not moved:
            break
    return fit.support


def seeded_forward_starts(gram, q, u_norm2, k, tol_abs, n_seeds):
    """Forward stepwise supports forced to start from each of the
    ``n_seeds`` features that best explain u alone, after the best one
    (plain forward stepwise starts there): diverse, good starting points
    for the local search."""
    empty = SupportFit(gram, q, u_norm2, np.zeros(0, np.intp))
    _, d, selectable = _projections(gram, empty)
    gains = np.where(selectable, empty.corr**2 / np.where(selectable, d, 1.0), -1.0)
    order = np.argsort(-gains, kind="stable")[1 : n_seeds + 1]
    starts = []
    for first in order[gains[order] > tol_abs]:
        fit = SupportFit(gram, q, u_norm2, np.array([first]))
        while fit.support.size < k:
            fit, moved = _best_addition(gram, q, u_norm2, fit, tol_abs)
            if not moved:
                break
        starts.append(fit.support)
    return starts


def _best_addition(gram, q, u_norm2, fit, tol_abs):
    _, d, selectable = _projections(gram, fit)
    best, gain = _l0_swap.best_addition(fit.corr, d, selectable, DEPENDENCE_EPS)
    if best < 0 or gain <= tol_abs:
        return fit, False
    return SupportFit(gram, q, u_norm2, np.sort(np.append(fit.support, best))), True


def best_pair_swap(gram, q, u_norm2, fit, tol_abs):
    """Best exchange of two support features for two others, scored exactly.

    For each pair leaving the support, the reduced support is refitted and
    every pair (i, j) of features entering it is scored together:
    with ``c = Z^T r`` and ``M = Z^T (I - P) Z`` for the reduced fit's
    residual r and projection P, adding i and j lowers the RSS by
    ``(c_i^2 M_jj - 2 c_i c_j M_ij + c_j^2 M_ii) / (M_ii M_jj - M_ij^2)``.
    Costs O(k^2 p^2) (all of ``M`` per leaving pair): meant for small p.

    Returns
    -------
    support : int ndarray or None
        The sorted support after the best exchange, or None when no exchange
        lowers the RSS by more than ``tol_abs``.
    """
    support = fit.support
    n_features = q.size
    G = gram.get(np.arange(n_features))
    best_rss, best_support = fit.rss - tol_abs, None
    for out in itertools.combinations(range(support.size), 2):
        kept = np.delete(support, out)
        reduced = SupportFit(gram, q, u_norm2, kept)
        if reduced.support.size < kept.size:
            continue  # cannot happen for a subset of a fitted support
        M = G - (reduced.B @ reduced.G_inv) @ reduced.B.T
        d = M.diagonal().copy()
        candidates = d > DEPENDENCE_EPS
        candidates[kept] = False
        idx = np.flatnonzero(candidates)
        c, d = reduced.corr[idx], d[idx]
        M = M[np.ix_(idx, idx)]
        det = np.outer(d, d) - M**2
        # det / max(d_i, d_j) is the squared norm of the second column off
        # the reduced support and the first: the pair must be independent.
        valid = det > DEPENDENCE_EPS * np.maximum.outer(d, d)
        np.fill_diagonal(valid, False)
        if not valid.any():
            continue
        c2 = c**2
        gain = np.outer(c2, d) + np.outer(d, c2) - 2 * np.outer(c, c) * M
        gain = np.where(valid, gain / np.where(valid, det, 1.0), -np.inf)
        i, j = np.unravel_index(int(np.argmax(gain)), gain.shape)
        rss = reduced.rss - gain[i, j]
        if rss < best_rss:
            best_rss = rss
            best_support = np.sort(np.concatenate([kept, idx[[i, j]]]))
    return best_support


def pair_swap_search(gram, q, u_norm2, fit, k, tol_abs):
    """From a one-swap local optimum, take the best two-swap
    (:func:`best_pair_swap`) and resume the one-swap search, while that
    lowers the RSS by more than ``tol_abs``.

    Returns the final fit and the number of moves made.
    """
    n_moves = 0
    while fit.support.size >= 2:
        candidate = best_pair_swap(gram, q, u_norm2, fit, tol_abs)
        if candidate is None:
            break
        new_fit, moves = local_search(gram, q, u_norm2, candidate, k, tol_abs)
        n_moves += 1 + moves
        if not new_fit.rss < fit.rss - tol_abs:
            break
        fit = new_fit
    return fit, n_moves


def _kick(gram, q, u_norm2, fit, k, rng):
    """Replace a few features of a support by others that can take over.

    The number replaced is drawn from 1..max(2, k // 2).  The newcomers are
    drawn without replacement among the 2k features (outside the original
    support) most correlated with the residual of the *reduced* support,
    i.e. those best placed to explain what the dropped features explained,
    with probability proportional to that correlation squared
    (Efraimidis-Spirakis keys ``U^(1/w)``, compared as ``log(U) / w``).
    """
    support = fit.support
    n_out = min(int(rng.randint(1, max(2, support.size // 2) + 1)), support.size)
    if n_out == 0:
        return support
    kept = np.sort(rng.permutation(support)[: support.size - n_out])
    reduced = SupportFit(gram, q, u_norm2, kept)
    outside = np.ones(q.size, dtype=bool)
    outside[support] = False
    outside = np.flatnonzero(outside)
    n_pool = min(max(2 * k, n_out), outside.size)
    if n_pool == 0:
        return support
    scores = reduced.corr[outside] ** 2
    pool = outside[top_k_support(scores, n_pool)]
    # Relative weights floored at 1e-12, so that log(U) / w stays finite.
    weights = reduced.corr[pool] ** 2
    weights = np.maximum(weights / max(weights.max(), 1e-300), 1e-12)
    keys = np.log(rng.random_sample(pool.size)) / weights
    newcomers = pool[np.argsort(-keys, kind="stable")[: min(n_out, pool.size)]]
    return np.sort(np.concatenate([kept, newcomers]))


def solve_best_subset(
    gram,
    q,
    u_norm2,
    k,
    *,
    max_iter,
    tol_abs,
    n_restarts,
    rng,
    initial_supports=(),
    n_seeded_starts=0,
    pair_swaps=False,
):
    """IHT, local search and restarts for ``min ||u - Z w||^2, ||w||_0 <= k``.

    The local search starts from IHT's support, forward stepwise selection,
    ``n_seeded_starts`` forward selections forced to begin with another of
    the best single features (:func:`seeded_forward_starts`) and
    ``initial_supports``, then from kicks of the best support found; with
    ``pair_swaps``, two-swap moves (:func:`pair_swap_search`) polish the
    winner.

    Returns
    -------
    fit : SupportFit
        The best fit found (lowest RSS; the earliest start wins ties).
    n_iter : int
        IHT iterations plus local-search moves, summed over all starts.
    """
    iht_support, n_iter = iht(gram, q, u_norm2, k, max_iter, tol_abs)
    starts = [iht_support, forward_stepwise(gram, q, u_norm2, k, tol_abs)]
    starts.extend(seeded_forward_starts(gram, q, u_norm2, k, tol_abs, n_seeded_starts))
    starts.extend(np.asarray(s, dtype=np.intp) for s in initial_supports)
    best = None
    seen = set()
    for start in starts:
        key = tuple(np.sort(start))
        if key in seen:
            continue
        seen.add(key)
        fit, n_moves = local_search(gram, q, u_norm2, start, k, tol_abs)
        n_iter += n_moves
        if best is None or fit.rss < best.rss - tol_abs:
            best = fit
    # Iterated local search: kick the best support until n_restarts kicks in
    # a row bring no improvement (at most MAX_KICKS_FACTOR * n_restarts
    # kicks), so kicks are spent where they keep finding better subsets.
    failures = 0
    for _ in range(MAX_KICKS_FACTOR * n_restarts):
        if failures >= n_restarts:
            break
        start = _kick(gram, q, u_norm2, best, k, rng)
        key = tuple(start)
        failures += 1
        if key in seen:
            continue
        seen.add(key)
        fit, n_moves = local_search(gram, q, u_norm2, start, k, tol_abs)
        n_iter += n_moves
        if fit.rss < best.rss - tol_abs:
            best = fit
            failures = 0
    if pair_swaps:
        best, n_moves = pair_swap_search(gram, q, u_norm2, best, k, tol_abs)
        n_iter += n_moves
    return best, n_iter


def best_subset_path(gram, q, u_norm2, ks, *, tol_abs, max_iter):
    """Local-search solutions for increasing support sizes, warm started.

    The support for k + 1 starts from the one for k plus the best single
    addition, so the RSS is non-increasing along the path.  ``ks`` must be
    sorted increasingly.

    Returns a list of :class:`SupportFit` and the list of local-search moves,
    one per k.
    """
    fits, moves = [], []
    fit = SupportFit(gram, q, u_norm2, np.zeros(0, np.intp))
    for k in ks:
        fit, n_moves = local_search(gram, q, u_norm2, fit.support, k, tol_abs, max_iter)
        fits.append(fit)
        moves.append(n_moves)
    return fits, moves


class ExhaustiveSearch:
    """Global best subsets of ``min ||u - Z_S w||^2`` by enumeration.

    ``Z`` is reduced once by a QR factorization of its candidate columns,
    ``Z_C = Q R``: for any support S among them,
    ``||u - Z_S w||^2 = ||u - Q Q^T u||^2 + ||c - R_S w||^2`` with
    ``c = Q^T u``, so each support costs a QR factorization of the small
    matrix ``R_S`` (at most ``n_candidates`` rows) whatever the number of
    samples, and the residual is formed explicitly (no difference of nearly
    equal sums of squares).  Householder QR is backward stable, so the
    scores are accurate on ill-conditioned supports where the Gram matrix
    would square the condition number.

    A support is *dependent* when the smallest singular value of its
    columns, each scaled by its ``column_scales`` entry, is at most
    ``dependence_cut`` times the largest (LAPACK's ``lstsq`` cut-off rule,
    on singular values, which the QR factorization computes backward stably
    whatever the conditioning of the other columns): it scores as its
    independent part, so it is skipped, and a search asked for k features
    returns the best independent support of the largest size up to k that
    has one.

    Parameters
    ----------
    Z : ndarray of shape (n_samples, n_features)
        Standardized design (unit-norm or zero columns).
    u : ndarray of shape (n_samples,)
    candidates : int ndarray
        Columns that may be selected (the nonzero ones).
    column_scales : ndarray of shape (n_candidates,)
        Scale of each candidate in the dependence test (the estimator passes
        each column's centered norm relative to its uncentered one, so that
        differences at the rounding level of the uncentered data count as
        dependence).
    dependence_cut : float
        Relative singular-value cut-off of the dependence test.
    """

    def __init__(self, Z, u, candidates, column_scales, dependence_cut):
        self.candidates = np.asarray(candidates, dtype=np.intp)
        self.column_scales = np.asarray(column_scales, dtype=np.float64)
        self.dependence_cut = dependence_cut
        # The ties tolerance: scores closer than this are equal up to rounding
        # and the lexicographically first support wins, so duplicated columns
        # resolve to the lowest index as in the local search.
        u_norm2 = float(u @ u)
        self.tie_tol = 64 * np.finfo(np.float64).eps * u_norm2
        if self.candidates.size == 0:
            self.R = np.zeros((0, 0))
            self.c = np.zeros(0)
            self.u_perp2 = u_norm2
            return
        Q, self.R = np.linalg.qr(Z[:, self.candidates])
        self.c = Q.T @ u
        residual = u - Q @ self.c
        self.u_perp2 = float(residual @ residual)

    @staticmethod
    def affordable(n_candidates, size):
        """Whether all supports of ``size`` among ``n_candidates`` are few
        enough to enumerate."""
        return n_candidates <= EXACT_MAX_FEATURES and (
            comb(n_candidates, size) <= EXACT_MAX_SUBSETS
        )

    def best(self, size):
        """Best independent support of exactly ``size`` features.

        Returns
        -------
        support : int ndarray or None
            Sorted feature indices; None when every support of this size is
            dependent (or there are fewer candidates than ``size``).
        rss : float
            Its residual sum of squares (inf when support is None).
        n_scored : int
            Number of supports scored.
        """
        n_rows, n_candidates = self.R.shape
        if size == 0:
            return np.zeros(0, np.intp), self.u_perp2 + float(self.c @ self.c), 1
        if size > min(n_rows, n_candidates):
            # More columns than the reduced space has dimensions: dependent.
            return None, np.inf, 0
        subsets = np.array(
            list(itertools.combinations(range(n_candidates), size)), dtype=np.intp
        )
        scores = np.empty(len(subsets))
        batch = max(1, _EXACT_BATCH_ELEMENTS // (n_rows * size))
        for start in range(0, len(subsets), batch):
            chunk = subsets[start : start + batch]
            scores[start : start + batch] = self._scores(chunk)
        lowest = scores.min()
        if not np.isfinite(lowest):
            return None, np.inf, len(subsets)
        first = int(np.flatnonzero(scores <= lowest + self.tie_tol)[0])
        support = self.candidates[subsets[first]]
        return np.sort(support), self.u_perp2 + float(scores[first]), len(subsets)

    def _scores(self, subsets):
        """Residual sums of squares in the reduced space (inf when dependent)."""
        # (n_subsets, rows, size), each column scaled for the dependence test;
        # the scaling changes no span, hence no residual.
        blocks = (
            np.moveaxis(self.R[:, subsets], 1, 0)
            * self.column_scales[subsets][:, None, :]
        )
        Q, R = np.linalg.qr(blocks)
        singular = np.linalg.svd(R, compute_uv=False)
        independent = singular[:, -1] > self.dependence_cut * singular[:, 0]
        projected = np.einsum("srk,r->sk", Q, self.c)
        residual = self.c - np.einsum("srk,sk->sr", Q, projected)
        scores = np.einsum("sr,sr->s", residual, residual)
        scores[~independent] = np.inf
        return scores
