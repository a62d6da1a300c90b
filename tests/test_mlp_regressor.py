"""Tests of MLPRegressor and of the L-BFGS solver both MLPs share: the
squared-error and Poisson gradients, scikit-learn parity from the same
weights, multi-output, sample weights, sparse input, partial_fit and
warm_start."""

import numpy as np
import pytest
from scipy import sparse
from sklearn.datasets import load_iris, make_regression
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from sklearn.neural_network import MLPRegressor as SkMLPRegressor

from skreg import MLPClassifier, MLPRegressor
from skreg.neural_network._layers import BatchNorm, Dense, Tanh
from skreg.neural_network._network import Network


def _relative_error(a, b):
    return np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b), 1e-300)


def _numerical_grad(f, x, step=1e-6):
    grad = np.zeros_like(x)
    for i in range(x.size):
        original = x[i]
        x[i] = original + step
        f_plus = f()
        x[i] = original - step
        f_minus = f()
        x[i] = original
        grad[i] = (f_plus - f_minus) / (2 * step)
    return grad


def _regression_network(output, normalization=None, n_out=2):
    rng = np.random.default_rng(0)
    layers = [Dense(4, 6, bias=normalization is None)]
    if normalization == "batch":
        layers.append(BatchNorm(6))
    layers += [Tanh(), Dense(6, n_out)]
    network = Network(layers, output, np.float64).initialize(rng)
    network.allocate(10)
    return network


@pytest.mark.parametrize("output", ["identity", "exp"])
@pytest.mark.parametrize("normalization", [None, "batch"])
@pytest.mark.parametrize("alpha, l1_ratio", [(0.0, 0.0), (0.7, 0.0), (0.7, 0.5)])
def test_regression_loss_gradient(output, normalization, alpha, l1_ratio):
    rng = np.random.default_rng(3)
    network = _regression_network(output, normalization)
    x = rng.standard_normal((10, 4))
    y = rng.random((10, 2)) * 3  # non-negative for the Poisson deviance
    sample_weight = rng.random(10) + 0.5

    def objective():
        return network.loss_and_grad(x, y, sample_weight, alpha, l1_ratio)

    objective()
    analytic = network.grads.copy()
    assert _relative_error(analytic, _numerical_grad(objective, network.params)) < 1e-6


def test_squared_error_value_is_the_stated_objective():
    network = _regression_network("identity")
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal((7, 4)), rng.standard_normal((7, 2))
    s = rng.random(7) + 0.1
    f = network.decision(x)
    expected = 0.5 * np.sum(s * np.sum((y - f) ** 2, axis=1)) / s.sum()
    assert network.loss_and_grad(x, y, s, 0.0, 0.0) == pytest.approx(expected, 1e-12)
    assert network.data_loss(x, y, s) == pytest.approx(expected, rel=1e-12)


def _copy_weights(source, target):
    for mine, their in zip(target.coefs_, source.coefs_, strict=True):
        mine[...] = their
    for mine, their in zip(target.intercepts_, source.intercepts_, strict=True):
        mine[...] = their


@pytest.mark.parametrize(
    "solver, n_targets",
    # Not lbfgs with several outputs: scikit-learn hands L-BFGS the data term
    # divided by n_outputs with the gradient of the undivided one, so its line
    # search sees a function that does not match its gradient.
    [("sgd", 1), ("sgd", 3), ("adam", 1), ("adam", 3), ("lbfgs", 1)],
)
def test_same_trajectory_as_sklearn_from_same_weights(solver, n_targets):
    # Same objective (for one or several outputs), same update rules: from
    # identical weights and batches, float64 training follows scikit-learn.
    X, y = make_regression(
        n_samples=120, n_features=6, n_targets=n_targets, noise=1.0, random_state=0
    )
    X /= X.std(axis=0)
    y = y / y.std(axis=0)
    common = {
        "hidden_layer_sizes": (7, 5),
        "activation": "tanh",
        "solver": solver,
        "alpha": 0.01,
        "batch_size": 32,
        "learning_rate_init": 0.01,
        "shuffle": False,
        "warm_start": True,
        "random_state": 0,
    }
    theirs = SkMLPRegressor(max_iter=1, **common)
    ours = MLPRegressor(max_iter=1, dtype="float64", **common)
    with pytest.warns(ConvergenceWarning):
        theirs.fit(X, y)
    with pytest.warns(ConvergenceWarning):
        ours.fit(X, y)
    _copy_weights(theirs, ours)
    for model in (theirs, ours):
        model.set_params(max_iter=6)
        with pytest.warns(ConvergenceWarning):
            model.fit(X, y)
    for mine, their in zip(ours.coefs_, theirs.coefs_, strict=True):
        np.testing.assert_allclose(mine, their, rtol=1e-7, atol=1e-10)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-7, atol=1e-9)
    if n_targets == 1:  # scikit-learn divides the reported data term by n_outputs
        if solver == "lbfgs":
            assert ours.loss_ == pytest.approx(theirs.loss_, rel=1e-9)
        else:
            np.testing.assert_allclose(
                ours.loss_curve_[1:], theirs.loss_curve_[1:], rtol=1e-9
            )


def test_lbfgs_classifier_matches_sklearn_from_same_weights():
    X, y = load_iris(return_X_y=True)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    common = {"hidden_layer_sizes": (6,), "solver": "lbfgs", "warm_start": True}
    theirs = SkMLPClassifier(max_iter=1, random_state=0, **common)
    ours = MLPClassifier(max_iter=1, dtype="float64", random_state=0, **common)
    for model in (theirs, ours):
        with pytest.warns(ConvergenceWarning):
            model.fit(X, y)
    _copy_weights(theirs, ours)
    for model in (theirs, ours):
        model.set_params(max_iter=8)
        with pytest.warns(ConvergenceWarning):
            model.fit(X, y)
    assert ours.n_iter_ == theirs.n_iter_ == 8
    assert ours.loss_ == pytest.approx(theirs.loss_, rel=1e-8)
    np.testing.assert_allclose(
        ours.predict_proba(X), theirs.predict_proba(X), rtol=1e-7, atol=1e-10
    )
    assert not hasattr(ours, "partial_fit")  # as scikit-learn's, for lbfgs


def test_multi_output_sample_weight_and_sparse_input():
    X, Y = make_regression(n_samples=60, n_features=5, n_targets=2, random_state=0)
    Y /= Y.std(axis=0)
    params = {"hidden_layer_sizes": (8,), "max_iter": 30, "random_state": 0}
    params.update(dtype="float64", shuffle=False, batch_size=200)
    reg = MLPRegressor(**params)
    with pytest.warns(ConvergenceWarning):
        reg.fit(X, Y)
    assert reg.predict(X).shape == (60, 2) and reg.n_outputs_ == 2
    assert reg.out_activation_ == "identity"
    # sparse and dense inputs give the same fit
    with pytest.warns(ConvergenceWarning):
        from_sparse = MLPRegressor(**params).fit(sparse.csr_matrix(X), Y)
    np.testing.assert_allclose(from_sparse.predict(X), reg.predict(X), rtol=1e-12)
    # integer weights equal repetitions (one full batch, float64)
    weights = np.arange(60) % 3
    with pytest.warns(ConvergenceWarning):
        weighted = MLPRegressor(**params).fit(X, Y, sample_weight=weights)
    repeated = np.repeat(np.arange(60), weights)
    with pytest.warns(ConvergenceWarning):
        repeat = MLPRegressor(**params).fit(X[repeated], Y[repeated])
    np.testing.assert_allclose(weighted.predict(X), repeat.predict(X), rtol=1e-9)


@pytest.mark.parametrize(
    "X_dtype, dtype, expected",
    [
        (np.float64, None, np.float64),
        (np.float32, None, np.float32),
        (np.int64, None, np.float64),
        (np.float64, "float32", np.float32),
        (np.float32, "float64", np.float64),
    ],
)
def test_compute_dtype_follows_X_by_default(X_dtype, dtype, expected):
    X, y = make_regression(n_samples=50, n_features=4, random_state=0)
    X = (X * 10).astype(X_dtype)
    reg = MLPRegressor(hidden_layer_sizes=(5,), max_iter=3, random_state=0, dtype=dtype)
    with pytest.warns(ConvergenceWarning):
        reg.fit(X, y / y.std())
    assert all(W.dtype == expected for W in reg.coefs_ + reg.intercepts_)
    assert reg.predict(X).shape == (50,)
    # later partial fits keep the network's dtype whatever X's dtype
    reg.partial_fit(X.astype(np.float32 if expected == np.float64 else np.float64), y)
    assert reg.coefs_[0].dtype == expected


def test_partial_fit_and_warm_start_for_every_solver():
    X, y = make_regression(n_samples=80, n_features=4, noise=0.1, random_state=0)
    y = y / y.std()
    reg = MLPRegressor(
        hidden_layer_sizes=(10,), learning_rate_init=0.01, random_state=0
    )
    for _ in range(30):
        reg.partial_fit(X, y)
    assert reg.n_iter_ == 1 and len(reg.loss_curve_) == 30
    assert reg.loss_curve_[-1] < reg.loss_curve_[0]
    # lbfgs: warm_start continues from the previous weights (lower loss than
    # a fresh fit of the same budget), and partial_fit runs L-BFGS from them
    lbfgs = MLPRegressor(
        hidden_layer_sizes=(10,), solver="lbfgs", max_iter=5, random_state=0
    )
    with pytest.warns(ConvergenceWarning):
        first = lbfgs.fit(X, y).loss_
    lbfgs.set_params(warm_start=True)
    with pytest.warns(ConvergenceWarning):
        second = lbfgs.fit(X, y).loss_
    assert second < first
    with pytest.warns(ConvergenceWarning):
        assert lbfgs.partial_fit(X, y).loss_ < second
    assert not hasattr(lbfgs, "loss_curve_")  # as scikit-learn's lbfgs


@pytest.mark.parametrize("monitor", ["validation_score", "validation_loss"])
def test_early_stopping_tracks_validation_r2_and_restores_best_epoch(monitor):
    X, y = make_regression(n_samples=200, n_features=30, noise=30.0, random_state=0)
    y = y / y.std()
    reg = MLPRegressor(
        hidden_layer_sizes=(128,),
        alpha=0.0,
        learning_rate_init=0.01,
        early_stopping=True,
        validation_fraction=0.3,
        n_iter_no_change=15,
        monitor=monitor,
        random_state=0,
    ).fit(X, y)
    scores = reg.validation_scores_
    if monitor == "validation_loss":
        curve = reg.validation_loss_curve_
        assert reg.best_epoch_ == int(np.argmin(curve)) + 1 < reg.n_iter_
    else:
        assert reg.best_epoch_ == int(np.argmax(scores)) + 1 < reg.n_iter_
        assert reg.best_validation_score_ == max(scores)
    assert -1.0 < reg.best_validation_score_ <= 1.0
    assert reg.best_validation_score_ == scores[reg.best_epoch_ - 1]


def test_poisson_loss():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 3))
    y = rng.poisson(np.exp(0.5 * X[:, 0]))
    reg = MLPRegressor(
        hidden_layer_sizes=(8,), loss="poisson", solver="lbfgs", random_state=0
    )
    reg.fit(X, y)
    assert reg.out_activation_ == "exp" and np.all(reg.predict(X) > 0)
    with pytest.raises(ValueError, match="non-negative"):
        reg.fit(X, y - 1.0)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"dropout": 0.2}, "dropout"),
        ({"normalization": "batch"}, "batch statistics"),
        ({"input_noise": 0.1}, "input_noise"),
        ({"l1_ratio": 0.5}, "l1_ratio"),
        ({"group_alpha": 0.1}, "group_alpha"),
        ({"weight_decay": 0.1}, "weight_decay"),
    ],
)
@pytest.mark.parametrize("estimator", [MLPRegressor, MLPClassifier])
def test_lbfgs_refuses_what_it_cannot_minimize(estimator, params, message):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match=message):
        estimator(hidden_layer_sizes=(5,), solver="lbfgs", **params).fit(X, y)


def test_coefs_can_be_set_like_sklearn():
    X, y = make_regression(n_samples=30, n_features=3, random_state=0)
    reg = MLPRegressor(hidden_layer_sizes=(4,), max_iter=2, random_state=0)
    with pytest.warns(ConvergenceWarning):
        reg.fit(X, y)
    reg.coefs_[0] = np.ones((3, 4))
    assert np.all(reg.coefs_[0] == 1)
    reg.coefs_ = [np.zeros((3, 4)), np.zeros((4, 1))]
    reg.intercepts_ = [np.zeros(4), np.full(1, 2.5)]
    np.testing.assert_allclose(reg.predict(X), 2.5)
    with pytest.raises(ValueError, match="shape"):
        reg.coefs_[0] = np.ones((2, 2))


def test_partial_fit_after_joblib_round_trip_updates_the_weights(tmp_path):
    # joblib stores arrays one by one: the loaded optimizer must still update
    # the loaded network's parameters (scikit-learn's #19626).
    joblib = pytest.importorskip("joblib")
    reg = MLPRegressor(
        hidden_layer_sizes=(8,), learning_rate_init=0.01, max_iter=50, random_state=0
    )
    reg.fit([[2.0]], [4.0])
    joblib.dump(reg, tmp_path / "mlp.joblib")
    loaded = joblib.load(tmp_path / "mlp.joblib")
    for _ in range(200):
        loaded.partial_fit([[2.0]], [1.0])
    np.testing.assert_allclose(loaded.predict([[2.0]]), 1.0, rtol=1e-3)


def test_diverging_fit_with_early_stopping_keeps_the_best_weights():
    X, y = load_iris(return_X_y=True)
    reg = MLPRegressor(
        hidden_layer_sizes=(20,),
        activation="identity",
        solver="sgd",
        learning_rate_init=1.0,
        max_iter=20,
        early_stopping=True,
        random_state=0,
    )
    with np.errstate(all="ignore"):
        reg.fit(X, y)
    assert np.isnan(reg.validation_scores_).any()
    assert np.isfinite(reg.predict(X)).all()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_prediction_dtype_follows_X(dtype):
    X, y = make_regression(n_samples=40, n_features=3, random_state=0)
    reg = MLPRegressor(hidden_layer_sizes=(4,), max_iter=2, random_state=0)
    with pytest.warns(ConvergenceWarning):
        reg.fit(X, y)
    assert reg.predict(X.astype(dtype)).dtype == dtype


def test_training_history_display_draws_the_regressor():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from skreg import TrainingHistoryDisplay

    X, y = make_regression(n_samples=120, n_features=4, noise=5.0, random_state=0)
    reg = MLPRegressor(
        hidden_layer_sizes=(8,),
        learning_rate_init=0.01,
        max_iter=15,
        early_stopping=True,
        random_state=0,
    )
    with pytest.warns(ConvergenceWarning):
        reg.fit(X, y / y.std())
    display = TrainingHistoryDisplay.from_estimator(reg)
    np.testing.assert_array_equal(
        display.validation_score_line_.get_ydata(), reg.validation_scores_
    )
    np.testing.assert_array_equal(
        display.validation_loss_line_.get_ydata(), reg.validation_loss_curve_
    )
    plt.close("all")
