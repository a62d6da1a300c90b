"""What MLPClassifier and MLPRegressor share: parameters, the network's
construction, the stochastic and L-BFGS training loops, the group penalty's
proximal step and the fitted views of the weights.

Data flow of ``fit``: validate X, y (the subclass turns y into the target
matrix ``Y``) -> (early stopping) validation split -> build the network
(``_network.Network`` of ``_layers`` objects) -> either epochs of
mini-batch steps (``_optim``), each followed by the group penalty's
proximal step (``_group``), with per-epoch bookkeeping (loss curves,
no-improvement counter, best state); or one L-BFGS run on the whole data
-> restore the best epoch's state when asked.

A subclass provides ``_validate_input`` (returning X, y and ``Y``),
``_output_activation``, ``_stratify`` (the labels to stratify the
validation split on, or None) and ``_validation_score``.
"""

import warnings
from abc import ABCMeta, abstractmethod
from numbers import Integral, Real

import numpy as np
import scipy.optimize
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, Options, StrOptions
from sklearn.utils.optimize import _check_optimize_result
from sklearn.utils.validation import _check_sample_weight, validate_data

from skreg.neural_network._group import group_penalty, prox_group_rows, row_norms
from skreg.neural_network._layers import (
    ACTIVATIONS,
    BatchNorm,
    Dense,
    Dropout,
    LayerNorm,
)
from skreg.neural_network._network import Network
from skreg.neural_network._optim import SGD, Adam
from skreg.utils._callbacks import ProgressMixin

_COMPUTE_DTYPES = {"float32": np.float32, "float64": np.float64}
STOCHASTIC_SOLVERS = ("adam", "sgd")
# What early stopping watches on the validation split.
MONITORS = ("validation_score", "validation_loss")


def _compute_dtype(dtype):
    """The numpy float type of a ``dtype`` parameter other than None."""
    try:
        resolved = np.dtype(dtype)
    except TypeError:
        resolved = None
    if resolved not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise ValueError(
            f"dtype must be float32 or float64 (or their names); got {dtype!r}."
        )
    return resolved.type


def _assign(target, value):
    """Write ``value`` into the parameter view ``target`` (shapes must match)."""
    value = np.asarray(value)
    if value.shape != target.shape:
        raise ValueError(
            f"Cannot set a parameter of shape {target.shape} to an array of "
            f"shape {value.shape}."
        )
    target[...] = value


class _ParameterList(list):
    """The list returned by ``coefs_``/``intercepts_``: its items are views
    of the trained parameters, and assigning an item writes into the view,
    so ``est.coefs_[0] = W`` changes the network as in scikit-learn."""

    def __setitem__(self, index, value):
        _assign(list.__getitem__(self, index), value)


class BaseMultilayerPerceptron(ProgressMixin, BaseEstimator, metaclass=ABCMeta):
    """Base of skreg's MLPs; not for direct use."""

    _parameter_constraints: dict = {
        "hidden_layer_sizes": [
            "array-like",
            Interval(Integral, 1, None, closed="left"),
        ],
        "activation": [StrOptions(set(ACTIVATIONS))],
        "solver": [StrOptions({"adam", "sgd", "lbfgs"})],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both")],
        "group_alpha": [Interval(Real, 0, None, closed="left")],
        "weight_decay": [Interval(Real, 0, None, closed="left")],
        "dropout": [Interval(Real, 0, 1, closed="left"), "array-like"],
        "normalization": [StrOptions({"batch", "layer"}), None],
        "input_noise": [Interval(Real, 0, None, closed="left")],
        "batch_size": [
            StrOptions({"auto"}),
            Interval(Integral, 1, None, closed="left"),
        ],
        "learning_rate": [StrOptions({"constant", "invscaling", "adaptive"})],
        "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
        "power_t": [Interval(Real, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "momentum": [Interval(Real, 0, 1, closed="both")],
        "nesterovs_momentum": ["boolean"],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="left")],
        "restore_best_weights": ["boolean"],
        "beta_1": [Interval(Real, 0, 1, closed="left")],
        "beta_2": [Interval(Real, 0, 1, closed="left")],
        "epsilon": [Interval(Real, 0, None, closed="neither")],
        "n_iter_no_change": [
            Interval(Integral, 1, None, closed="left"),
            Options(Real, {np.inf}),
        ],
        "max_fun": [Interval(Integral, 1, None, closed="left")],
        "monitor": [StrOptions(set(MONITORS))],
        "dtype": [StrOptions(set(_COMPUTE_DTYPES)), type, None],
    }

    # -- what a subclass provides ------------------------------------------------
    @abstractmethod
    def _validate_input(self, X, y, incremental, reset):
        """Validated X, y and the target matrix Y in X's dtype."""

    @abstractmethod
    def _output_activation(self):
        """The network's output: "softmax", "logistic", "identity" or "exp"."""

    @abstractmethod
    def _stratify(self, Y):
        """Labels to stratify the validation split on (given the target
        matrix), or None."""

    @abstractmethod
    def _validation_score(self, X_val, y_val, sw_val):
        """The score recorded in ``validation_scores_``."""

    # -- fitted views ------------------------------------------------------------
    # Before the first fit, ``coefs_``/``intercepts_`` may be assigned a
    # list (and its items): as in scikit-learn, ``partial_fit`` (or a
    # ``warm_start`` fit) then starts from these weights; see
    # ``_apply_initial_parameters``.
    @property
    def coefs_(self):
        """Weight matrix of each Dense layer, input side first."""
        if not hasattr(self, "_network") and "_initial_coefs" in vars(self):
            return self._initial_coefs
        return _ParameterList(layer.W for layer in self._dense_layers())

    @coefs_.setter
    def coefs_(self, values):
        if not hasattr(self, "_network"):
            self._initial_coefs = values
            return
        self._set_parameters("W", values)

    @property
    def intercepts_(self):
        """Bias of each Dense layer (zeros where batch norm replaces it)."""
        if not hasattr(self, "_network") and "_initial_intercepts" in vars(self):
            return self._initial_intercepts
        return _ParameterList(
            layer.b if layer.bias else np.zeros(layer.n_out, dtype=layer.W.dtype)
            for layer in self._dense_layers()
        )

    @intercepts_.setter
    def intercepts_(self, values):
        if not hasattr(self, "_network"):
            self._initial_intercepts = values
            return
        self._set_parameters("b", values)

    def _apply_initial_parameters(self, use):
        """Write the weights assigned before the first fit into the new
        network when ``use`` (scikit-learn keeps assigned ``coefs_`` for
        ``partial_fit`` and ``warm_start``, and re-initializes otherwise);
        forget them either way."""
        coefs = vars(self).pop("_initial_coefs", None)
        intercepts = vars(self).pop("_initial_intercepts", None)
        if not use:
            return
        if coefs is not None:
            self._set_parameters("W", coefs)
        if intercepts is not None:
            self._set_parameters("b", intercepts)

    def _set_parameters(self, name, values):
        layers = self._dense_layers()
        if len(values) != len(layers):
            raise ValueError(
                f"Expected {len(layers)} arrays, one per Dense layer; got "
                f"{len(values)}."
            )
        for layer, value in zip(layers, values, strict=True):
            target = getattr(layer, name)
            if target is None:  # a Dense layer followed by batch norm
                if np.any(np.asarray(value) != 0):
                    raise ValueError(
                        "The hidden Dense layers have no bias with "
                        "normalization='batch'; their intercepts stay zero."
                    )
                continue
            _assign(target, value)

    def _dense_layers(self):
        if not hasattr(self, "_network"):
            raise AttributeError("coefs_ and intercepts_ exist after fit.")
        return [layer for layer in self._network.layers if isinstance(layer, Dense)]

    @property
    def feature_importances_(self):
        """Norm of each input feature's outgoing first-layer weights (the
        rows of ``coefs_[0]``); zero for the features the group penalty
        removed."""
        return row_norms(self.coefs_[0])

    @property
    def support_(self):
        """Boolean mask of the input features that reach the network (a
        nonzero row of ``coefs_[0]``)."""
        return self.feature_importances_ > 0

    # -- parameter checks --------------------------------------------------------
    def _hidden_sizes(self):
        sizes = self.hidden_layer_sizes
        sizes = list(sizes) if hasattr(sizes, "__iter__") else [sizes]
        if any(int(size) != size or size <= 0 for size in sizes):
            raise ValueError(f"hidden_layer_sizes must be > 0, got {sizes}.")
        return [int(size) for size in sizes]

    def _dropout_rates(self, n_hidden):
        if isinstance(self.dropout, Real):
            return [float(self.dropout)] * n_hidden
        rates = [float(rate) for rate in np.ravel(self.dropout)]
        if len(rates) != n_hidden:
            raise ValueError(
                f"dropout has {len(rates)} rates but there are {n_hidden} hidden "
                "layers; pass one float or one rate per hidden layer."
            )
        if not all(0.0 <= rate < 1.0 for rate in rates):
            raise ValueError(f"dropout rates must be in [0, 1), got {rates}.")
        return rates

    def _check_solver_supported(self):
        """L-BFGS minimizes one fixed, differentiable function of the
        weights: refuse what makes the objective random (dropout masks,
        batch statistics, input noise), non-differentiable (the L1 and
        group penalties) or not a function of the weights at all (decoupled
        weight decay, an optimizer rule)."""
        if self.solver != "lbfgs":
            return
        rates = self._dropout_rates(len(self._hidden_sizes()))
        conflicts = {
            "dropout > 0 (random masks)": any(rate > 0 for rate in rates),
            "normalization='batch' (batch statistics)": (self.normalization == "batch"),
            "input_noise > 0 (random inputs)": self.input_noise > 0,
            "l1_ratio > 0 (non-differentiable)": self.l1_ratio > 0,
            "group_alpha > 0 (non-differentiable; its proximal step needs a "
            "stochastic solver)": self.group_alpha > 0,
            "weight_decay > 0 (an optimizer rule, not part of the objective; "
            "use alpha)": self.weight_decay > 0,
        }
        found = [name for name, present in conflicts.items() if present]
        if found:
            raise ValueError(
                "solver='lbfgs' minimizes a fixed differentiable objective and "
                "is not defined with " + ", ".join(found) + ". Use solver='adam' "
                "or solver='sgd', or remove these options."
            )

    def _check_solver(self):
        if self.solver not in STOCHASTIC_SOLVERS:
            raise AttributeError(
                "partial_fit is only available for stochastic optimizers. "
                f"{self.solver} is not stochastic."
            )
        return True

    # -- building ------------------------------------------------------------------
    def _build_network(self, n_features, n_outputs, dtype, rng):
        hidden = self._hidden_sizes()
        rates = self._dropout_rates(len(hidden))
        init_factor = 2.0 if self.activation == "logistic" else 6.0
        layers = []
        fan_in = n_features
        for width, rate in zip(hidden, rates, strict=True):
            batch_norm = self.normalization == "batch"
            layers.append(
                Dense(fan_in, width, bias=not batch_norm, init_factor=init_factor)
            )
            if batch_norm:
                layers.append(BatchNorm(width))
            elif self.normalization == "layer":
                layers.append(LayerNorm(width))
            layers.append(ACTIVATIONS[self.activation]())
            if rate > 0:
                layers.append(Dropout(rate, rng=rng))
            fan_in = width
        layers.append(Dense(fan_in, n_outputs, init_factor=init_factor))
        return Network(layers, self.out_activation_, dtype).initialize(rng)

    def _make_optimizer(self):
        network = self._network
        common = {
            "n_decayed": network.n_penalized,
            "learning_rate_init": self.learning_rate_init,
            "weight_decay": self.weight_decay,
        }
        if self.solver == "sgd":
            return SGD(
                network.params,
                lr_schedule=self.learning_rate,
                momentum=self.momentum,
                nesterov=self.nesterovs_momentum,
                power_t=self.power_t,
                **common,
            )
        return Adam(
            network.params,
            beta_1=self.beta_1,
            beta_2=self.beta_2,
            epsilon=self.epsilon,
            **common,
        )

    # -- validation ------------------------------------------------------------------
    def _input_dtype(self, training, reset):
        """The dtype X is converted to: the compute ``dtype`` in training
        (with ``dtype=None``, X's float dtype on the first fit, as
        scikit-learn, and the network's on later warm-started or partial
        fits); X's float dtype for prediction, which runs in float64."""
        if self.dtype is not None:
            return _compute_dtype(self.dtype)
        if training and not reset and hasattr(self, "_network"):
            return self._network.dtype.type
        return (np.float64, np.float32)

    def _validate_X(self, X, reset, y="no_validation", **y_kwargs):
        predicting = isinstance(y, str) and y == "no_validation"
        dtype = self._input_dtype(training=not predicting, reset=reset)
        kwargs = {"accept_sparse": ["csr", "csc"], "dtype": dtype, "reset": reset}
        if predicting:
            X = validate_data(self, X, **kwargs)
        else:
            X, y = validate_data(self, X, y, multi_output=True, **kwargs, **y_kwargs)
        if sparse.issparse(X):
            # The dense BLAS path is the fast one for the small, wide inputs
            # this model targets; sparse input is densified once.
            X = X.toarray()
        X = np.ascontiguousarray(X)
        return X if predicting else (X, y)

    # -- fitting -----------------------------------------------------------------------
    def _initialize(self, X, Y, rng):
        self.n_outputs_ = Y.shape[1]
        self.n_layers_ = len(self._hidden_sizes()) + 2
        self.out_activation_ = self._output_activation()
        self._network = self._build_network(X.shape[1], self.n_outputs_, X.dtype, rng)
        self._input_scale = X.std(axis=0).astype(X.dtype)
        self.n_iter_ = 0
        self.t_ = 0
        if self.solver in STOCHASTIC_SOLVERS:
            self._initialize_tracking()

    def _initialize_tracking(self):
        self.loss_curve_ = []
        self._no_improvement_count = 0
        self.best_epoch_ = 0
        if self.early_stopping:
            self.validation_scores_ = []
            self.validation_loss_curve_ = []
            self.best_validation_score_ = -np.inf
            self._best_validation_loss = np.inf
            self.best_loss_ = None
        else:
            self.best_loss_ = np.inf
            self.validation_scores_ = None
            self.validation_loss_curve_ = None
            self.best_validation_score_ = None

    def _fit(self, X, y, sample_weight=None, incremental=False):
        self._hidden_sizes()
        self._check_solver_supported()
        first_pass = not hasattr(self, "_network") or (
            not self.warm_start and not incremental
        )
        X, y, Y = self._validate_input(X, y, incremental, reset=first_pass)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float64)
        if first_pass:
            seed_source = check_random_state(self.random_state)
            self._rng = np.random.default_rng(
                seed_source.randint(np.iinfo(np.int32).max)
            )
            self._initialize(X, Y, self._rng)
            self._apply_initial_parameters(use=incremental or self.warm_start)
        elif X.dtype != self._network.dtype:
            raise ValueError(
                f"dtype changed from {self._network.dtype} to {X.dtype} between "
                "calls; refit from scratch to change it."
            )
        elif Y.shape[1] != self.n_outputs_:
            raise ValueError(
                f"y has {Y.shape[1]} outputs but the network was fitted with "
                f"{self.n_outputs_}; refit from scratch to change them."
            )
        if self.solver == "lbfgs":
            n_steps, step_name = self.max_iter, "Iteration"
        else:
            n_steps, step_name = (1 if incremental else self.max_iter), "Epoch"
        with self._fit_progress(X, y, n_steps=n_steps, step_name=step_name) as progress:
            if self.solver == "lbfgs":
                self._fit_lbfgs(X, Y, sample_weight, progress)
            else:
                if not incremental or not hasattr(self, "_optimizer"):
                    self._optimizer = self._make_optimizer()
                # joblib pickles arrays one by one, so a loaded model's
                # optimizer may hold a copy of the parameters: rebind it.
                self._optimizer.params = self._network.params
                if self.early_stopping and incremental:
                    raise ValueError("partial_fit does not support early_stopping=True")
                self._fit_stochastic(X, y, Y, sample_weight, incremental, progress)
        if not np.isfinite(self._network.params).all():
            raise ValueError(
                "Solver produced non-finite parameter weights. The input data may"
                " contain large values and need to be preprocessed."
            )
        return self

    def _fit_lbfgs(self, X, Y, sample_weight, progress):
        """Full-batch L-BFGS-B on the objective (data loss + alpha's L2)."""
        network = self._network
        params = network.params
        network.allocate(X.shape[0])

        def loss_and_grad(weights):
            return self._loss_grad_lbfgs(weights, X, Y, sample_weight)

        def callback(intermediate_result):
            if progress.step(f"loss = {intermediate_result.fun:.8f}"):
                raise StopIteration  # a callback asked to stop

        try:
            result = scipy.optimize.minimize(
                loss_and_grad,
                params.astype(np.float64),
                method="L-BFGS-B",
                jac=True,
                callback=callback,
                options={
                    "maxfun": self.max_fun,
                    "maxiter": self.max_iter,
                    "gtol": self.tol,
                },
            )
        finally:
            network.release()
        self.n_iter_ = _check_optimize_result("lbfgs", result, self.max_iter)
        self.loss_ = float(result.fun)
        params[...] = result.x

    def _loss_grad_lbfgs(
        self,
        packed_coef_inter,
        X,
        y,
        sample_weight=None,
        activations=None,
        deltas=None,
        coef_grads=None,
        intercept_grads=None,
    ):
        """Objective and its gradient at a flat parameter vector (what
        L-BFGS minimizes), with scikit-learn's private signature.

        ``packed_coef_inter`` is the network's flat parameter vector; for
        the networks scikit-learn has (no normalization) it is
        scikit-learn's packing, every ``coefs_`` raveled then every
        ``intercepts_``.  It becomes the network's parameters (as
        scikit-learn's ``_unpack``).  ``y`` is the target matrix (the
        binarized labels of a classifier), ``X`` validated input in the
        network's dtype.  Returns the objective (data loss + the L2 term of
        ``alpha``, the ``l1_ratio=0`` objective of the class docstring) and
        its gradient in float64.  ``coef_grads``/``intercept_grads``, when
        given, receive each Dense layer's gradients; ``activations`` and
        ``deltas`` are scikit-learn's workspaces, which skreg's network
        keeps itself, and are not used.
        """
        network = self._network
        X = np.asarray(X, dtype=network.dtype)
        Y = np.asarray(y, dtype=network.dtype).reshape(X.shape[0], -1)
        network.params[...] = packed_coef_inter
        workspace = getattr(network, "_buf_proba", None)
        scratch = workspace is None or workspace.shape[0] < X.shape[0]
        if scratch:
            network.allocate(X.shape[0])
        try:
            loss = network.loss_and_grad(X, Y, sample_weight, float(self.alpha), 0.0)
        finally:
            if scratch:
                network.release()
        for index, layer in enumerate(self._dense_layers()):
            if coef_grads is not None:
                coef_grads[index] = layer.grad_W.copy()
            if intercept_grads is not None:
                intercept_grads[index] = (
                    layer.grad_b.copy()
                    if layer.bias
                    else np.zeros(layer.n_out, dtype=network.dtype)
                )
        return loss, network.grads.astype(np.float64)

    def _split_validation(self, X, y, Y, sample_weight):
        arrays = [X, y, Y] if sample_weight is None else [X, y, Y, sample_weight]
        split = train_test_split(
            *arrays,
            random_state=int(self._rng.integers(np.iinfo(np.int32).max)),
            test_size=self.validation_fraction,
            stratify=self._stratify(Y),
        )
        train, val = split[::2], split[1::2]
        if val[0].shape[0] < 2:
            raise ValueError(
                "The validation set is too small. Increase 'validation_fraction' "
                "or the size of your dataset."
            )
        if sample_weight is None:
            train.append(None)
            val.append(None)
        return train, val

    def _batch_size(self, n_samples):
        if self.batch_size == "auto":
            return min(200, n_samples)
        if self.batch_size > n_samples:
            warnings.warn(
                "Got `batch_size` less than 1 or larger than "
                "sample size. It is going to be clipped"
            )
        return int(np.clip(self.batch_size, 1, n_samples))

    def _group_prox_step(self, optimizer):
        """Proximal step of ``group_alpha * P(W1)`` after a gradient step,
        with the optimizer's step size on each row of W1."""
        W = self._network.layers[0].W
        steps = optimizer.row_step_sizes(self._network.offset(W), W.shape)
        prox_group_rows(W, np.multiply(steps, self.group_alpha))

    def _fit_stochastic(self, X, y, Y, sample_weight, incremental, progress):
        if not hasattr(self, "loss_curve_"):  # the previous fit ran L-BFGS
            self._initialize_tracking()
        network, optimizer, rng = self._network, self._optimizer, self._rng
        if self.early_stopping:
            (X, _, Y, sample_weight), (X_val, y_val, Y_val, sw_val) = (
                self._split_validation(X, y, Y, sample_weight)
            )
            best_state = network.get_state()
        n_samples = X.shape[0]
        batch_size = self._batch_size(n_samples)
        network.allocate(batch_size)
        noisy = self.input_noise > 0
        # Per-epoch copies, gathered once per epoch in shuffled order so that
        # every batch is a contiguous row-slice (no per-batch gathers).
        if self.shuffle or noisy:
            X_epoch = np.empty_like(X)
            Y_epoch = np.empty_like(Y)
            sw_epoch = None if sample_weight is None else np.empty_like(sample_weight)
        if noisy:
            noise_scale = (self.input_noise * self._input_scale).astype(X.dtype)
        alpha, l1_ratio = float(self.alpha), float(self.l1_ratio)
        group_alpha = float(self.group_alpha)
        first_weights = network.layers[0].W
        try:
            # As scikit-learn: n_iter_ counts the epochs of this call.
            self.n_iter_ = 0
            for _ in range(self.max_iter):
                if self.shuffle:
                    order = rng.permutation(n_samples)
                    # mode="clip": the indices are valid, and "raise" would
                    # gather into a temporary before copying into out
                    np.take(X, order, axis=0, out=X_epoch, mode="clip")
                    np.take(Y, order, axis=0, out=Y_epoch, mode="clip")
                    if sample_weight is not None:
                        np.take(sample_weight, order, out=sw_epoch, mode="clip")
                elif noisy:
                    X_epoch[...] = X
                    Y_epoch, sw_epoch = Y, sample_weight
                else:
                    X_epoch, Y_epoch, sw_epoch = X, Y, sample_weight
                if noisy:
                    noise = rng.standard_normal(X.shape, dtype=X.dtype)
                    noise *= noise_scale
                    X_epoch += noise
                accumulated_loss = 0.0
                for start in range(0, n_samples, batch_size):
                    stop = min(start + batch_size, n_samples)
                    batch_loss = network.loss_and_grad(
                        X_epoch[start:stop],
                        Y_epoch[start:stop],
                        None if sw_epoch is None else sw_epoch[start:stop],
                        alpha,
                        l1_ratio,
                    )
                    if group_alpha:
                        batch_loss += group_alpha * group_penalty(first_weights)
                    optimizer.step(network.grads)
                    if group_alpha:
                        self._group_prox_step(optimizer)
                    accumulated_loss += batch_loss * (stop - start)
                self.n_iter_ += 1
                self.loss_ = accumulated_loss / n_samples
                self.t_ += n_samples
                self.loss_curve_.append(self.loss_)
                if self.verbose:
                    print(f"Iteration {self.n_iter_}, loss = {self.loss_:.8f}")
                if self.early_stopping:
                    if self._track_validation(X_val, y_val, Y_val, sw_val):
                        best_state = network.get_state()
                else:
                    self._track_training_loss()
                optimizer.iteration_ends(self.t_)
                # verbose output is printed above, in scikit-learn's format
                if progress.step():
                    break  # a callback asked to stop
                if self._no_improvement_count > self.n_iter_no_change:
                    monitored = "Training loss"
                    if self.early_stopping:
                        monitored = self.monitor.replace("_", " ").capitalize()
                    msg = (
                        f"{monitored} did not improve more than tol={self.tol:f}"
                        f" for {self.n_iter_no_change} consecutive epochs."
                    )
                    if optimizer.trigger_stopping(msg, self.verbose):
                        break
                    self._no_improvement_count = 0
                if incremental:
                    break
                if self.n_iter_ == self.max_iter:
                    warnings.warn(
                        f"Stochastic Optimizer: Maximum iterations ({self.max_iter}) "
                        "reached and the optimization hasn't converged yet.",
                        ConvergenceWarning,
                    )
        except KeyboardInterrupt:
            warnings.warn("Training interrupted by user.")
        finally:
            network.release()
        if self.early_stopping and self.restore_best_weights:
            network.set_state(best_state)

    def _track_validation(self, X_val, y_val, Y_val, sw_val):
        """Record the validation loss and score; return True at a new best
        epoch of the monitored one (the score, higher is better, as
        scikit-learn; or the loss, lower is better)."""
        val_loss = self._network.data_loss(X_val, Y_val, sw_val)
        val_score = self._validation_score(X_val, y_val, sw_val)
        self.validation_loss_curve_.append(val_loss)
        self.validation_scores_.append(val_score)
        if self.verbose:
            print(f"Validation score: {val_score:f}, loss: {val_loss:f}")
        # Both as "larger is better": the score, or minus the loss.
        if self.monitor == "validation_loss":
            value, best = -val_loss, -self._best_validation_loss
        else:
            value, best = val_score, self.best_validation_score_
        # "not >=": a diverging fit's NaN counts as no improvement
        if not value >= best + self.tol:
            self._no_improvement_count += 1
        else:
            self._no_improvement_count = 0
        if value > best:
            self._best_validation_loss = val_loss
            self.best_validation_score_ = val_score
            self.best_epoch_ = len(self.loss_curve_)
            return True
        return False

    def _track_training_loss(self):
        if self.loss_curve_[-1] > self.best_loss_ - self.tol:
            self._no_improvement_count += 1
        else:
            self._no_improvement_count = 0
        if self.loss_curve_[-1] < self.best_loss_:
            self.best_loss_ = self.loss_curve_[-1]
            self.best_epoch_ = len(self.loss_curve_)

    def _network_output(self, X):
        """The network's output on validated X (evaluation mode, float64)."""
        return self._network.predict_output(self._validate_X(X, reset=False))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags
