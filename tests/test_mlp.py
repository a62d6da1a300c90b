"""Tests of skreg.neural_network: layer gradients, statistics, training
behaviour, scikit-learn parity and input validation."""

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_digits, load_iris, make_blobs, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import cross_val_score, train_test_split
from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skreg import MLPClassifier
from skreg.neural_network._layers import (
    BatchNorm,
    Dense,
    Dropout,
    Identity,
    LayerNorm,
    Logistic,
    ReLU,
    Tanh,
)
from skreg.neural_network._network import Network

# --------------------------------------------------------------------------
# Finite-difference gradient checks (float64)
# --------------------------------------------------------------------------


def _relative_error(a, b):
    return np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b), 1e-300)


def _numerical_grad(f, x, step=1e-6):
    """Central differences of the scalar f() with respect to x (in place)."""
    grad = np.zeros_like(x)
    flat, flat_grad = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + step
        f_plus = f()
        flat[i] = original - step
        f_minus = f()
        flat[i] = original
        flat_grad[i] = (f_plus - f_minus) / (2 * step)
    return grad


def _bind(layer, rng):
    """Standalone float64 parameters for a layer (what Network does)."""
    params, grads = {}, {}
    for name, shape, _ in layer.param_specs():
        params[name] = np.zeros(shape)
        grads[name] = np.zeros(shape)
    layer.bind(params, grads)
    layer.init_params(params, rng)
    for name in params:  # move off the init values (gamma=1, beta=0)
        params[name] += 0.3 * rng.standard_normal(params[name].shape)
    layer.allocate(16, np.float64)
    return params, grads


def _check_layer_gradients(layer, x, forward_kwargs=None):
    """Gradient of sum(R * layer(x)) w.r.t. x and every parameter."""
    rng = np.random.default_rng(1)
    forward_kwargs = forward_kwargs or {}
    params, grads = _bind(layer, rng)
    weights = rng.standard_normal(layer.forward(x.copy(), **forward_kwargs).shape)

    def objective():
        return float(np.sum(weights * layer.forward(x, **forward_kwargs)))

    objective()
    grad_x = layer.backward(weights.copy(), need_input_grad=True).copy()
    assert _relative_error(grad_x, _numerical_grad(objective, x)) <= 1e-6
    for name, value in params.items():
        objective()
        layer.backward(weights.copy(), need_input_grad=True)
        analytic = grads[name].copy()
        assert _relative_error(analytic, _numerical_grad(objective, value)) <= 1e-6


@pytest.mark.parametrize("bias", [True, False])
def test_dense_gradients(bias):
    x = np.random.default_rng(0).standard_normal((7, 5))
    _check_layer_gradients(Dense(5, 4, bias=bias), x)


@pytest.mark.parametrize("activation", [ReLU, Tanh, Logistic, Identity])
def test_activation_gradients(activation):
    x = np.random.default_rng(0).standard_normal((7, 5))
    # keep ReLU inputs away from its kink at 0, where differences are wrong
    x[np.abs(x) < 1e-3] = 0.5
    _check_layer_gradients(activation(), x)


def test_batchnorm_gradients_training_mode():
    x = 2.0 + 3.0 * np.random.default_rng(0).standard_normal((9, 4))
    _check_layer_gradients(BatchNorm(4), x)


def test_layernorm_gradients():
    x = 1.0 + 2.0 * np.random.default_rng(0).standard_normal((6, 5))
    _check_layer_gradients(LayerNorm(5), x)


def test_dropout_gradients_with_fixed_mask():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((8, 6))
    mask = rng.random((8, 6)) >= 0.3
    layer = Dropout(0.3)
    _check_layer_gradients(layer, x, {"mask": mask})
    out = layer.forward(x, mask=mask)
    np.testing.assert_allclose(out, x * mask / 0.7)


def _tiny_network(normalization=None, output="softmax", n_out=3):
    rng = np.random.default_rng(0)
    layers = [Dense(4, 6, bias=normalization != "batch")]
    if normalization == "batch":
        layers.append(BatchNorm(6))
    elif normalization == "layer":
        layers.append(LayerNorm(6))
    layers += [Tanh(), Dense(6, n_out)]
    network = Network(layers, output, np.float64).initialize(rng)
    network.allocate(10)
    return network


@pytest.mark.parametrize(
    "alpha, l1_ratio", [(0.0, 0.0), (0.7, 0.0), (0.7, 1.0), (0.7, 0.4)]
)
@pytest.mark.parametrize(
    "normalization, output",
    [(None, "softmax"), ("batch", "softmax"), (None, "logistic")],
)
def test_network_loss_gradient_with_penalties(alpha, l1_ratio, normalization, output):
    rng = np.random.default_rng(3)
    network = _tiny_network(normalization, output)
    x = rng.standard_normal((10, 4))
    if output == "softmax":
        y = np.eye(3)[rng.integers(0, 3, 10)]
    else:
        y = (rng.random((10, 3)) < 0.5).astype(float)
    sample_weight = rng.random(10) + 0.5

    def objective():
        return network.loss_and_grad(x, y, sample_weight, alpha, l1_ratio)

    objective()
    analytic = network.grads.copy()
    numerical = _numerical_grad(objective, network.params)
    assert _relative_error(analytic, numerical) <= 1e-6


def test_penalty_value_matches_formulas():
    network = _tiny_network()
    x = np.zeros((5, 4))
    y = np.eye(3)[[0, 1, 2, 0, 1]]
    base = network.loss_and_grad(x, y, None, 0.0, 0.0)
    weights = network.params[: network.n_penalized]
    alpha, n = 0.3, 5
    l2 = network.loss_and_grad(x, y, None, alpha, 0.0) - base
    l1 = network.loss_and_grad(x, y, None, alpha, 1.0) - base
    assert l2 == pytest.approx(alpha / (2 * n) * np.sum(weights**2), rel=1e-12)
    assert l1 == pytest.approx(alpha / n * np.sum(np.abs(weights)), rel=1e-12)
    # biases are not penalized: the penalized prefix is exactly the weights
    assert network.n_penalized == 4 * 6 + 6 * 3


# --------------------------------------------------------------------------
# Layer statistics
# --------------------------------------------------------------------------


def test_batchnorm_running_statistics_converge_to_population():
    rng = np.random.default_rng(0)
    mean, std = np.array([3.0, -2.0, 0.5]), np.array([2.0, 0.5, 1.5])
    layer = BatchNorm(3)
    _bind(layer, rng)
    layer.allocate(256, np.float64)
    for _ in range(300):
        layer.forward(mean + std * rng.standard_normal((256, 3)), training=True)
    np.testing.assert_allclose(layer.running_mean, mean, atol=0.05)
    np.testing.assert_allclose(layer.running_var, std**2, rtol=0.05)
    # eval mode is the affine map of the running statistics
    z = rng.standard_normal((4, 3))
    expected = (z - layer.running_mean) / np.sqrt(layer.running_var + layer.eps)
    expected = expected * layer.gamma + layer.beta
    np.testing.assert_allclose(layer.forward(z, training=False), expected)


def test_batchnorm_one_row_batch_keeps_running_statistics():
    rng = np.random.default_rng(0)
    layer = BatchNorm(3)
    _bind(layer, rng)
    before = [state.copy() for state in layer.get_state()]
    out = layer.forward(rng.standard_normal((1, 3)), training=True)
    np.testing.assert_allclose(out, np.broadcast_to(layer.beta, (1, 3)))
    for old, new in zip(before, layer.get_state(), strict=True):
        np.testing.assert_array_equal(old, new)


def test_dropout_keeps_expected_activation_and_is_identity_at_inference():
    rng = np.random.default_rng(0)
    layer = Dropout(0.3, rng=rng)
    layer.allocate(2000, np.float64)
    x = np.full((2000, 50), 2.0)
    out = layer.forward(x, training=True)
    dropped = np.mean(out == 0)
    assert abs(dropped - 0.3) < 0.01
    assert abs(out.mean() - 2.0) < 0.02
    np.testing.assert_array_equal(layer.infer(x), x)
    np.testing.assert_array_equal(layer.forward(x, training=False), x)


# --------------------------------------------------------------------------
# The estimator
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X, y


def test_predict_proba_rows_sum_to_one_and_row_independent(digits):
    X, y = digits
    clf = MLPClassifier(
        (32,), dropout=0.2, normalization="batch", max_iter=20, random_state=0
    ).fit(X[:500], y[:500])
    proba = clf.predict_proba(X[500:700])
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_array_equal(proba, clf.predict_proba(X[500:700]))
    single = np.vstack([clf.predict_proba(X[i : i + 1]) for i in range(500, 520)])
    np.testing.assert_allclose(single, proba[:20], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        clf.predict_log_proba(X[500:700]), np.log(proba), rtol=1e-12
    )
    np.testing.assert_array_equal(clf.predict(X[500:700]), proba.argmax(axis=1))


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"dropout": 0.3, "normalization": "batch", "input_noise": 0.1},
        {"early_stopping": True, "solver": "sgd", "normalization": "layer"},
    ],
)
def test_fixed_seed_is_bitwise_reproducible(digits, params):
    X, y = digits
    fits = [
        MLPClassifier((16,), max_iter=5, random_state=7, **params).fit(X, y)
        for _ in range(2)
    ]
    for a, b in zip(fits[0].coefs_, fits[1].coefs_, strict=True):
        np.testing.assert_array_equal(a, b)
    assert fits[0].loss_curve_ == fits[1].loss_curve_
    other = MLPClassifier((16,), max_iter=5, random_state=8, **params).fit(X, y)
    assert not np.array_equal(other.coefs_[0], fits[0].coefs_[0])


@pytest.mark.parametrize("monitor", ["validation_score", "validation_loss"])
def test_early_stopping_restores_best_epoch(monitor):
    # A wide net on few noisy samples overfits: the validation loss goes up
    # after some epochs, so the best epoch is not the last one.
    X, y = make_classification(
        n_samples=300, n_features=30, n_informative=5, flip_y=0.2, random_state=0
    )
    common = {
        "hidden_layer_sizes": (256, 256),
        "learning_rate_init": 0.01,
        "alpha": 0.0,
        "early_stopping": True,
        "validation_fraction": 0.3,
        "monitor": monitor,
        "random_state": 0,
    }
    clf = MLPClassifier(n_iter_no_change=15, max_iter=200, **common).fit(X, y)
    scores, losses = clf.validation_scores_, clf.validation_loss_curve_
    assert len(losses) == clf.n_iter_ == len(scores)
    if monitor == "validation_loss":
        assert clf.best_epoch_ == int(np.argmin(losses)) + 1
    else:  # scikit-learn's: the first epoch of highest validation accuracy
        assert clf.best_epoch_ == int(np.argmax(scores)) + 1
        assert clf.best_validation_score_ == max(scores)
        assert all(s < clf.best_validation_score_ + clf.tol for s in scores[-16:])
    assert clf.best_epoch_ < clf.n_iter_
    assert clf.best_validation_score_ == scores[clf.best_epoch_ - 1]
    assert clf.best_loss_ is None
    # The restored model is the best epoch's: refit for exactly best_epoch_
    # epochs and compare the weights.
    same = MLPClassifier(n_iter_no_change=10**6, max_iter=clf.best_epoch_, **common)
    with pytest.warns(ConvergenceWarning):
        same.fit(X, y)
    for a, b in zip(clf.coefs_, same.coefs_, strict=True):
        np.testing.assert_array_equal(a, b)
    # Without restoring, the last epoch's weights are kept.
    last = clf.set_params(restore_best_weights=False).fit(X, y)
    assert not np.array_equal(last.coefs_[0], same.coefs_[0])


def test_early_stopping_on_the_score_stops_when_the_loss_still_falls():
    # Unscaled blobs far from the origin: the validation accuracy stays flat
    # for the first epochs while the validation loss falls.  scikit-learn's
    # rule (the score) stops after n_iter_no_change + 1 epochs without
    # improvement; monitoring the loss trains on.
    X, y = make_blobs(n_samples=200, centers=2, random_state=0)
    common = {"early_stopping": True, "random_state": 0, "max_iter": 100}
    by_score = MLPClassifier(**common).fit(X, y)
    assert by_score.n_iter_ == by_score.n_iter_no_change + 2
    assert len(set(by_score.validation_scores_)) == 1
    assert by_score.best_epoch_ == 1
    assert np.all(np.diff(by_score.validation_loss_curve_) < 0)
    by_loss = MLPClassifier(monitor="validation_loss", **common)
    with pytest.warns(ConvergenceWarning):
        by_loss.fit(X, y)
    assert by_loss.n_iter_ == by_loss.best_epoch_ == 100
    assert by_loss.best_validation_score_ > by_score.best_validation_score_


def test_early_stopping_stratifies_two_classes_only():
    # scikit-learn stratifies on the binarized labels: two classes only
    X = np.arange(8.0).reshape(4, 2)
    with pytest.raises(ValueError, match=r"too few members are: \['True'\]"):
        MLPClassifier(early_stopping=True).fit(X, [0, 0, 0, 1])
    X, y = load_iris(return_X_y=True)
    y = y.copy()
    y[0] = 3  # a one-member fourth class: no stratification, no error
    clf = MLPClassifier((4,), early_stopping=True, max_iter=2, random_state=0)
    with pytest.warns(ConvergenceWarning):
        clf.fit(X, y)
    assert len(clf.validation_scores_) == 2


def test_digits_cv_accuracy_at_least_sklearn(digits):
    X, y = digits
    common = {"hidden_layer_sizes": (64,), "max_iter": 100, "random_state": 0}
    ours = cross_val_score(
        make_pipeline(StandardScaler(), MLPClassifier(**common)), X, y, cv=5
    )
    with pytest.warns(ConvergenceWarning):
        theirs = cross_val_score(
            make_pipeline(StandardScaler(), SkMLPClassifier(**common)),
            X,
            y,
            cv=5,
            error_score="raise",
        )
    assert ours.mean() >= theirs.mean()


@pytest.mark.parametrize("solver", ["sgd", "adam"])
@pytest.mark.parametrize("n_classes", [2, 3])
def test_same_trajectory_as_sklearn_from_same_weights(solver, n_classes):
    # Same objective, same update rules: from identical weights and batches
    # (shuffle=False), float64 training follows scikit-learn's to rounding.
    X, y = make_classification(
        n_samples=120,
        n_features=6,
        n_informative=4,
        n_classes=n_classes,
        random_state=0,
    )
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
    theirs = SkMLPClassifier(max_iter=1, **common)
    ours = MLPClassifier(max_iter=1, dtype="float64", **common)
    with pytest.warns(ConvergenceWarning):
        theirs.fit(X, y)
    with pytest.warns(ConvergenceWarning):
        ours.fit(X, y)
    for mine, their in zip(ours.coefs_, theirs.coefs_, strict=True):
        mine[...] = their
    for mine, their in zip(ours.intercepts_, theirs.intercepts_, strict=True):
        mine[...] = their
    for model in (theirs, ours):
        model.set_params(max_iter=4)
        with pytest.warns(ConvergenceWarning):
            model.fit(X, y)
    for mine, their in zip(ours.coefs_, theirs.coefs_, strict=True):
        np.testing.assert_allclose(mine, their, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.loss_curve_[1:], theirs.loss_curve_[1:], rtol=1e-9)
    np.testing.assert_allclose(
        ours.predict_proba(X), theirs.predict_proba(X), rtol=1e-9, atol=1e-12
    )


@pytest.fixture(scope="module")
def overfitting_problem():
    # 200 training rows, 100 features of which 10 informative, 15% flipped
    # labels: a wide unregularized net memorizes the noise.
    X, y = make_classification(
        n_samples=2200,
        n_features=100,
        n_informative=10,
        n_redundant=0,
        flip_y=0.15,
        class_sep=0.8,
        random_state=1,
    )
    return train_test_split(X, y, train_size=200, random_state=0)


def _held_out_accuracy(problem, **params):
    X_train, X_test, y_train, y_test = problem
    settings = {
        "hidden_layer_sizes": (256,),
        "alpha": 0.0,
        "learning_rate_init": 0.003,
        "max_iter": 100,
        "n_iter_no_change": 10**6,
        "random_state": 0,
    }
    clf = MLPClassifier(**{**settings, **params})
    with pytest.warns(ConvergenceWarning):
        clf.fit(X_train, y_train)
    return clf.score(X_test, y_test), clf.score(X_train, y_train)


def test_dropout_and_l2_raise_held_out_accuracy(overfitting_problem):
    plain, plain_train = _held_out_accuracy(overfitting_problem)
    assert plain_train == 1.0  # the unregularized wide net memorizes
    # measured: plain 0.6675, dropout 0.7 -> 0.6995, alpha 10 -> 0.719
    with_dropout, _ = _held_out_accuracy(overfitting_problem, dropout=0.7)
    with_l2, _ = _held_out_accuracy(overfitting_problem, alpha=10.0)
    assert with_dropout >= plain + 0.025, (plain, with_dropout)
    assert with_l2 >= plain + 0.04, (plain, with_l2)


def test_partial_fit_and_labels_of_any_type():
    X, y = load_iris(return_X_y=True)
    labels = np.array(["setosa", "versicolor", "virginica"])[y]
    clf = MLPClassifier((10,), learning_rate_init=0.05, random_state=0)
    for _ in range(50):
        clf.partial_fit(X, labels, classes=labels[[0, 50, 100]])
    assert clf.n_iter_ == 1 and len(clf.loss_curve_) == 50
    np.testing.assert_array_equal(clf.classes_, np.unique(labels))
    assert set(clf.predict(X)) <= set(labels)
    assert clf.score(X, labels) > 0.95  # scikit-learn's reaches 0.98 too
    with pytest.raises(ValueError, match="classes not in"):
        clf.partial_fit(X[:5], ["other"] * 5)
    with pytest.raises(ValueError, match="early_stopping"):
        MLPClassifier(early_stopping=True).partial_fit(X, y, classes=[0, 1, 2])


def test_binary_and_multilabel_outputs():
    X, y = make_classification(n_samples=200, n_features=6, random_state=0)
    clf = MLPClassifier((8,), max_iter=50, random_state=0).fit(X, y)
    assert clf.out_activation_ == "logistic" and clf.n_outputs_ == 1
    assert clf.predict_proba(X).shape == (200, 2)
    Y = np.column_stack([y, 1 - y, X[:, 0] > 0]).astype(int)
    multi = MLPClassifier((8,), max_iter=50, random_state=0).fit(X, Y)
    assert multi.predict(X).shape == (200, 3)
    assert multi.predict_proba(X).shape == (200, 3)


def test_warm_start_continues_and_pickle_round_trip(digits):
    X, y = digits
    clf = MLPClassifier((16,), normalization="batch", max_iter=3, random_state=0)
    with pytest.warns(ConvergenceWarning):
        clf.fit(X, y)
    restored = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(restored.predict_proba(X), clf.predict_proba(X))
    # coefs_ stay views of the trained parameters after unpickling
    assert np.shares_memory(restored.coefs_[0], restored._network.params)
    clf.set_params(warm_start=True)
    with pytest.warns(ConvergenceWarning):
        clf.fit(X, y)
    assert clf.n_iter_ == 3 and len(clf.loss_curve_) == 6


def test_weight_decay_shrinks_weights(digits):
    X, y = digits
    norms = []
    for decay in (0.0, 5.0):
        clf = MLPClassifier((32,), alpha=0.0, weight_decay=decay, max_iter=30)
        with pytest.warns(ConvergenceWarning):
            clf.set_params(random_state=0).fit(X, y)
        norms.append(np.linalg.norm(clf.coefs_[0]))
    assert norms[1] < 0.5 * norms[0]


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_weight_decay_equals_l2_under_sgd_only(digits, solver):
    # Plain SGD: decaying by lr * wd equals the L2 gradient step lr * alpha/n
    # w when wd = alpha / n.  Adam rescales the L2 gradient, not the decay.
    X, y = digits
    X = X[:256] / 16.0
    y = y[:256]
    common = {
        "hidden_layer_sizes": (8,),
        "solver": solver,
        "momentum": 0.0,
        "batch_size": 64,
        "learning_rate_init": 0.05 if solver == "sgd" else 0.01,
        "max_iter": 20,
        "dtype": "float64",
        "random_state": 0,
    }
    alpha = 6.4
    fits = []
    for params in ({"alpha": alpha}, {"alpha": 0.0, "weight_decay": alpha / 64}):
        with pytest.warns(ConvergenceWarning):
            fits.append(MLPClassifier(**common, **params).fit(X, y))
    diff = np.abs(fits[0].coefs_[0] - fits[1].coefs_[0]).max()
    if solver == "sgd":
        assert diff < 1e-10
    else:
        assert diff > 1e-2


def test_float32_on_request(digits):
    X, y = digits
    clf = MLPClassifier((8,), max_iter=2, random_state=0)
    with pytest.warns(ConvergenceWarning):
        clf.fit(X, y)
    assert clf.coefs_[0].dtype == np.float64  # X's dtype, as scikit-learn
    clf32 = MLPClassifier((8,), max_iter=2, dtype="float32", random_state=0)
    with pytest.warns(ConvergenceWarning):
        clf32.fit(X, y)
    assert clf32.coefs_[0].dtype == np.float32
    # the same network to float32 rounding
    clf64 = MLPClassifier((8,), max_iter=2, dtype="float64", random_state=0)
    with pytest.warns(ConvergenceWarning):
        clf64.fit(X, y)
    np.testing.assert_allclose(clf32.coefs_[0], clf64.coefs_[0], atol=1e-4)
    np.testing.assert_array_equal(clf64.coefs_[0], clf.coefs_[0])


@pytest.mark.parametrize(
    "params, message",
    [
        ({"solver": "lbfgs", "dropout": 0.2}, "lbfgs"),
        ({"dropout": [0.1, 0.2]}, "one rate per hidden layer"),
        ({"dropout": [1.5]}, "dropout"),
        ({"dtype": "int32"}, "dtype"),
        ({"normalization": "group"}, "normalization"),
        ({"l1_ratio": 2.0}, "l1_ratio"),
    ],
)
def test_invalid_parameters(params, message):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match=message):
        MLPClassifier((5,), **params).fit(X, y)


def test_bad_input_is_rejected():
    X, y = load_iris(return_X_y=True)
    clf = MLPClassifier((5,), max_iter=5, random_state=0)
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        clf.fit(X_nan, y)
    with pytest.raises(ValueError, match="infinity"):
        clone(clf).set_params(dtype="float32").fit(np.full_like(X, 1e300), y)
    # float64 (the default for float64 X) takes it; X near float64's
    # maximum overflows in training instead: scikit-learn's error
    X_max = np.finfo(np.float64).max * np.random.default_rng(0).uniform(size=X.shape)
    with (
        pytest.raises(ValueError, match="non-finite parameter weights"),
        np.errstate(all="ignore"),
    ):
        clf.fit(X_max, y)
    with pytest.warns(ConvergenceWarning):
        clf.fit(X, y)
    with pytest.raises(ValueError, match="features"):
        clf.predict(X[:, :3])


def test_float32_adam_stays_finite_when_squared_gradients_overflow():
    # float32 X of ~1e22 gives weight gradients whose squares overflow
    # float32: Adam's second moment becomes inf and the step on those
    # weights 0 (as in scikit-learn), never inf - inf = NaN on the next step.
    X = np.random.default_rng(0).standard_normal((10, 3)).astype(np.float32) * 1e22
    y = np.arange(10) % 2
    clf = MLPClassifier((4,), max_iter=3, random_state=0)
    with pytest.warns(ConvergenceWarning):
        clf.fit(X, y)
    assert all(np.isfinite(W).all() for W in clf.coefs_)
    assert np.isfinite(clf.predict_proba(X)).all()


def test_weights_assigned_before_the_first_fit_start_partial_fit():
    # As scikit-learn: coefs_/intercepts_ set before fitting are the starting
    # weights of partial_fit (and of a warm_start fit); fit re-initializes.
    X, y = load_iris(return_X_y=True)
    W = [np.full((4, 3), 0.1), np.full((3, 3), -0.2)]
    b = [np.zeros(3), np.ones(3)]
    params = {"solver": "sgd", "learning_rate_init": 1e-12, "random_state": 0}
    clf = MLPClassifier((3,), **params)
    clf.coefs_ = [0, 0]
    clf.coefs_[0], clf.coefs_[1] = W
    clf.intercepts_ = b
    clf.partial_fit(X, y, classes=[0, 1, 2])
    for ours, given in zip(clf.coefs_ + clf.intercepts_, W + b, strict=True):
        np.testing.assert_allclose(ours, given, atol=1e-9)
    fresh = MLPClassifier((3,), max_iter=1, **params)
    fresh.coefs_ = W
    with pytest.warns(ConvergenceWarning):
        fresh.fit(X, y)
    assert np.abs(fresh.coefs_[0] - W[0]).max() > 0.01
    wrong = MLPClassifier((5,), **params)
    wrong.coefs_ = W
    with pytest.raises(ValueError, match="shape"):
        wrong.partial_fit(X, y, classes=[0, 1, 2])


def test_loss_grad_lbfgs_is_the_lbfgs_objective():
    # scikit-learn's private signature: flat parameters in scikit-learn's
    # packing (coefs_ then intercepts_), the target matrix, workspaces
    X, y = load_iris(return_X_y=True)
    clf = MLPClassifier((5,), solver="lbfgs", alpha=0.1, max_iter=3, random_state=0)
    with pytest.warns(ConvergenceWarning):
        clf.fit(X, y)
    theta = np.hstack([p.ravel() for p in clf.coefs_ + clf.intercepts_])
    Y = np.eye(3)[y]
    coef_grads, intercept_grads = [None, None], [None, None]
    loss, grad = clf._loss_grad_lbfgs(
        theta, X, Y, None, [], [], coef_grads, intercept_grads
    )
    assert loss == pytest.approx(clf.loss_, rel=1e-12)
    flat = np.hstack([g.ravel() for g in coef_grads + intercept_grads])
    np.testing.assert_array_equal(grad, flat)

    def objective():
        return clf._loss_grad_lbfgs(theta, X, Y, None)[0]

    np.testing.assert_allclose(_numerical_grad(objective, theta), grad, atol=1e-7)
