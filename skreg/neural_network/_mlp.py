"""MLPClassifier: scikit-learn's MLP with dropout, batch/layer normalization,
L1/L2 penalties, decoupled weight decay, input noise and early stopping on
the validation loss.

Data flow of ``fit``: validate X, y -> binarize labels -> (early stopping)
stratified validation split -> build the network (``_network.Network`` of
``_layers`` objects) -> epochs of mini-batch steps (``_optim``) -> per-epoch
bookkeeping (loss curves, no-improvement counter, best state) -> restore the
best epoch's state when asked.
"""

import warnings
from numbers import Integral, Real

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, Options, StrOptions
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import (
    _check_partial_fit_first_call,
    type_of_target,
    unique_labels,
)
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    column_or_1d,
    validate_data,
)

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


def _compute_dtype(dtype):
    try:
        resolved = np.dtype(dtype)
    except TypeError:
        resolved = None
    if resolved not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise ValueError(
            f"dtype must be float32 or float64 (or their names); got {dtype!r}."
        )
    return resolved.type


class MLPClassifier(ProgressMixin, ClassifierMixin, BaseEstimator):
    """Multi-layer perceptron classifier with the note's regularizers.

    A drop-in for :class:`sklearn.neural_network.MLPClassifier` (same
    parameters, defaults and fitted attributes for the stochastic solvers)
    that adds dropout, batch or layer normalization, an L1/L2 (elastic-net)
    penalty, decoupled weight decay, Gaussian input noise and early stopping
    on the validation loss with restoration of the best epoch.

    Each hidden layer is ``Dense -> [BatchNorm | LayerNorm] -> activation ->
    [Dropout]``; the output is a softmax (multiclass) or logistic units
    (binary, multilabel).  On a mini-batch ``B`` with sample weights ``s_i``
    (1 by default), ``S = sum_B s_i``, the optimizers minimize::

        (1/S) sum_B s_i CE(y_i, p_i)
            + (alpha/S) * ((1 - l1_ratio)/2 * ||W||_2^2 + l1_ratio * ||W||_1)

    where ``CE`` is the cross-entropy, ``W`` all weight matrices (biases and
    normalization parameters are not penalized) and ``S = n`` the batch size
    without weights.  With ``l1_ratio=0`` the penalty is scikit-learn's
    ``alpha/(2n) sum W^2``; with ``l1_ratio=1`` it is ``alpha/n sum |W|``.
    Its gradient is ``(alpha/S) ((1 - l1_ratio) W + l1_ratio sign(W))``.

    Computation is in float32 by default (``dtype``), twice as fast as
    float64 with BLAS and ample for stochastic training; pass
    ``dtype="float64"`` for float64 arithmetic.

    Parameters
    ----------
    hidden_layer_sizes : array-like of shape (n_layers - 2,), default=(100,)
        The ith element is the number of units of the ith hidden layer.
    activation : {"identity", "logistic", "tanh", "relu"}, default="relu"
        Hidden-layer activation.
    solver : {"adam", "sgd"}, default="adam"
        Stochastic optimizer.  scikit-learn's ``"lbfgs"`` is rejected with a
        ValueError: full-batch L-BFGS is not defined with dropout or batch
        statistics.
    alpha : float, default=0.0001
        Penalty strength (see the objective above).
    l1_ratio : float in [0, 1], default=0.0
        Mix of the penalty: 0 is pure L2, 1 is pure L1 (subgradient
        ``sign(W)``, so weights get small, not exactly zero).
    weight_decay : float, default=0.0
        Decoupled weight decay: each step first shrinks the weights by
        ``w <- w - learning_rate * weight_decay * w`` (SGDW/AdamW).  Under
        ``sgd`` this equals an L2 penalty; under ``adam`` it differs from
        ``alpha``, whose gradient is rescaled by Adam's per-coordinate step.
    dropout : float or array-like of shape (n_layers - 2,), default=0.0
        Inverted-dropout rate after each hidden activation (one rate for all
        hidden layers, or one per layer).  Units are dropped with this
        probability in training and the survivors scaled by
        ``1 / (1 - rate)``; inference uses the full network.
    normalization : {"batch", "layer"} or None, default=None
        Normalization between each hidden Dense layer and its activation.
        ``"batch"`` uses batch statistics in training and running statistics
        (momentum 0.1) at inference; ``"layer"`` normalizes each row over its
        units.  Both have a learnable per-unit scale and shift.  With
        ``"batch"`` the hidden Dense layers have no bias (the shift replaces
        it), so their ``intercepts_`` entries stay zero.
    input_noise : float, default=0.0
        Standard deviation of Gaussian noise added to the inputs in training
        (data augmentation), in units of each feature's standard deviation
        on the first data seen, so ``input_noise=0.1`` is 10% noise on
        standardized inputs.
    batch_size : int or "auto", default="auto"
        Mini-batch size; "auto" is ``min(200, n_samples)``.
    learning_rate : {"constant", "invscaling", "adaptive"}, default="constant"
        Learning-rate schedule of ``solver="sgd"`` (as in scikit-learn).
    learning_rate_init : float, default=0.001
        Initial learning rate.
    power_t : float, default=0.5
        Exponent of the "invscaling" schedule.
    max_iter : int, default=200
        Maximum number of epochs.
    shuffle : bool, default=True
        Shuffle the samples at each epoch.
    random_state : int, RandomState instance or None, default=None
        Seeds every random choice: initialization, shuffling, dropout masks,
        the validation split and the input noise.  A fixed int gives
        bitwise-identical fits.
    tol : float, default=1e-4
        Minimum decrease of the monitored loss (the validation loss with
        ``early_stopping``, else the training loss) that counts as progress.
    verbose : bool, default=False
        Print progress per epoch.
    warm_start : bool, default=False
        Reuse the previous fit's weights as initialization.
    momentum : float, default=0.9
        Momentum of ``solver="sgd"``.
    nesterovs_momentum : bool, default=True
        Use Nesterov's momentum with ``solver="sgd"``.
    early_stopping : bool, default=False
        Hold out a stratified ``validation_fraction`` of the training data
        and stop when the validation loss has not improved by ``tol`` for
        more than ``n_iter_no_change`` consecutive epochs.
    validation_fraction : float, default=0.1
        Fraction of the training data held out for early stopping.
    restore_best_weights : bool, default=True
        With ``early_stopping``, end with the weights (and batch-norm running
        statistics) of the epoch of lowest validation loss.
    beta_1, beta_2, epsilon : float, default=0.9, 0.999, 1e-8
        Adam's parameters.
    n_iter_no_change : int, default=10
        Epochs without improvement by ``tol`` tolerated before stopping.
    max_fun : int, default=15000
        Only used by scikit-learn's "lbfgs" solver; kept so that code passing
        it runs unchanged.
    dtype : {"float32", "float64"} or numpy float type, default="float32"
        Compute dtype of the network.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    loss_ : float
        Training objective of the last epoch.
    loss_curve_ : list of float
        Training objective (average over the epoch's batches) per epoch.
    validation_scores_ : list of float or None
        Validation accuracy per epoch (``early_stopping`` only).
    validation_loss_curve_ : list of float or None
        Validation cross-entropy per epoch (``early_stopping`` only).
    best_validation_score_ : float or None
        Validation accuracy at ``best_epoch_`` (``early_stopping`` only).
    best_loss_ : float or None
        Lowest training loss (None with ``early_stopping``, as scikit-learn).
    best_epoch_ : int
        Epoch of lowest monitored loss, as a 1-based position in
        ``loss_curve_`` (which spans ``warm_start``/``partial_fit`` calls);
        its weights are the ones kept when ``early_stopping`` and
        ``restore_best_weights`` are set.
    t_ : int
        Number of training samples seen.
    coefs_ : list of ndarray
        Weight matrix of each Dense layer (views of the trained parameters).
    intercepts_ : list of ndarray
        Bias of each Dense layer.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Feature names seen during fit, when X has string column names.
    n_iter_ : int
        Number of epochs run by the last call (1 after ``partial_fit``, as
        in scikit-learn).
    n_layers_ : int
        Number of layers, input and output included.
    n_outputs_ : int
        Number of output units.
    out_activation_ : str
        "softmax" or "logistic".

    See Also
    --------
    sklearn.neural_network.MLPClassifier : The same model without dropout,
        normalization, L1 or weight decay.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from skreg import MLPClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = MLPClassifier(hidden_layer_sizes=(16,), dropout=0.1,
    ...                     normalization="batch", learning_rate_init=0.01,
    ...                     random_state=0).fit(X, y)
    >>> clf.predict(X[[0, 50, 100]])
    array([0, 1, 2])
    >>> round(clf.score(X, y), 2)
    0.99
    """

    _parameter_constraints: dict = {
        "hidden_layer_sizes": [
            "array-like",
            Interval(Integral, 1, None, closed="left"),
        ],
        "activation": [StrOptions(set(ACTIVATIONS))],
        "solver": [StrOptions({"adam", "sgd", "lbfgs"})],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both")],
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
        "dtype": [StrOptions(set(_COMPUTE_DTYPES)), type],
    }

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        solver="adam",
        alpha=0.0001,
        l1_ratio=0.0,
        weight_decay=0.0,
        dropout=0.0,
        normalization=None,
        input_noise=0.0,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.001,
        power_t=0.5,
        max_iter=200,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        validation_fraction=0.1,
        restore_best_weights=True,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=10,
        max_fun=15000,
        dtype="float32",
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.weight_decay = weight_decay
        self.dropout = dropout
        self.normalization = normalization
        self.input_noise = input_noise
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.restore_best_weights = restore_best_weights
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun
        self.dtype = dtype

    # -- fitted views ------------------------------------------------------------
    @property
    def coefs_(self):
        """Weight matrix of each Dense layer, input side first."""
        return [layer.W for layer in self._dense_layers()]

    @property
    def intercepts_(self):
        """Bias of each Dense layer (zeros where batch norm replaces it)."""
        return [
            layer.b if layer.bias else np.zeros(layer.n_out, dtype=layer.W.dtype)
            for layer in self._dense_layers()
        ]

    def _dense_layers(self):
        if not hasattr(self, "_network"):
            raise AttributeError("coefs_ and intercepts_ exist after fit.")
        return [layer for layer in self._network.layers if isinstance(layer, Dense)]

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
        if self.solver == "lbfgs":
            raise ValueError(
                "solver='lbfgs' is not supported by skreg's MLPClassifier: "
                "full-batch L-BFGS is not defined with dropout, batch statistics "
                "or input noise. Use solver='adam' or solver='sgd'."
            )

    def _check_solver(self):
        if self.solver not in ("adam", "sgd"):
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
        output = "softmax" if self.out_activation_ == "softmax" else "logistic"
        return Network(layers, output, dtype).initialize(rng)

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
    def _validate_X(self, X, reset, y="no_validation"):
        dtype = _compute_dtype(self.dtype)
        kwargs = {"accept_sparse": ["csr", "csc"], "dtype": dtype, "reset": reset}
        predicting = isinstance(y, str) and y == "no_validation"
        if predicting:
            X = validate_data(self, X, **kwargs)
        else:
            X, y = validate_data(self, X, y, multi_output=True, **kwargs)
        if sparse.issparse(X):
            # The dense BLAS path is the fast one for the small, wide inputs
            # this model targets; sparse input is densified once.
            X = X.toarray()
        X = np.ascontiguousarray(X)
        return X if predicting else (X, y)

    def _validate_input(self, X, y, incremental, reset):
        X, y = self._validate_X(X, reset, y)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        if not hasattr(self, "classes_") or (not self.warm_start and not incremental):
            self._label_binarizer = LabelBinarizer().fit(y)
            self.classes_ = self._label_binarizer.classes_
        else:
            classes = unique_labels(y)
            if self.warm_start:
                if set(classes) != set(self.classes_):
                    raise ValueError(
                        "warm_start can only be used where `y` has the same "
                        "classes as in the previous call to fit. Previously "
                        f"got {self.classes_}, `y` has {classes}"
                    )
            elif len(np.setdiff1d(classes, self.classes_, assume_unique=True)):
                raise ValueError(
                    "`y` has classes not in `self.classes_`. "
                    f"`self.classes_` has {self.classes_}. 'y' has {classes}."
                )
        Y = self._label_binarizer.transform(y).astype(X.dtype)
        return X, y, Y

    # -- fitting -----------------------------------------------------------------------
    def _initialize(self, X, Y, rng):
        self.n_outputs_ = Y.shape[1]
        self.n_layers_ = len(self._hidden_sizes()) + 2
        self.out_activation_ = (
            "softmax" if self._label_binarizer.y_type_ == "multiclass" else "logistic"
        )
        self._network = self._build_network(X.shape[1], self.n_outputs_, X.dtype, rng)
        self._input_scale = X.std(axis=0).astype(X.dtype)
        self.n_iter_ = 0
        self.t_ = 0
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
        self._check_solver_supported()
        self._hidden_sizes()
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
        elif X.dtype != self._network.dtype:
            raise ValueError(
                f"dtype changed from {self._network.dtype} to {X.dtype} between "
                "calls; refit from scratch to change it."
            )
        if not incremental or not hasattr(self, "_optimizer"):
            self._optimizer = self._make_optimizer()
        if self.early_stopping and incremental:
            raise ValueError("partial_fit does not support early_stopping=True")
        n_epochs = 1 if incremental else self.max_iter
        with self._fit_progress(X, y, n_steps=n_epochs, step_name="Epoch") as progress:
            self._fit_stochastic(X, y, Y, sample_weight, incremental, progress)
        if not np.isfinite(self._network.params).all():
            raise ValueError(
                "Solver produced non-finite parameter weights. The input data may"
                " contain large values and need to be preprocessed."
            )
        return self

    def _split_validation(self, X, y, Y, sample_weight):
        # Stratify on the labels; not in the multilabel case (as scikit-learn).
        stratify = y if y.ndim == 1 else None
        arrays = [X, y, Y] if sample_weight is None else [X, y, Y, sample_weight]
        split = train_test_split(
            *arrays,
            random_state=int(self._rng.integers(np.iinfo(np.int32).max)),
            test_size=self.validation_fraction,
            stratify=stratify,
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

    def _fit_stochastic(self, X, y, Y, sample_weight, incremental, progress):
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
                    optimizer.step(network.grads)
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
                    monitored = (
                        "Validation loss" if self.early_stopping else "Training loss"
                    )
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
        """Record the validation metrics; return True at a new best epoch."""
        network = self._network
        val_loss = network.data_loss(X_val, Y_val, sw_val)
        y_pred = self._labels_from_proba(network.predict_proba(X_val))
        val_score = float(np.average(_row_equal(y_pred, y_val), weights=sw_val))
        self.validation_loss_curve_.append(val_loss)
        self.validation_scores_.append(val_score)
        if self.verbose:
            print(f"Validation loss: {val_loss:f}, score: {val_score:f}")
        if val_loss > self._best_validation_loss - self.tol:
            self._no_improvement_count += 1
        else:
            self._no_improvement_count = 0
        if val_loss < self._best_validation_loss:
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

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the network to X, y.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data (sparse input is densified).
        y : array-like of shape (n_samples,) or (n_samples, n_labels)
            Class labels of any type, or a multilabel indicator matrix.
        sample_weight : array-like of shape (n_samples,), default=None
            Per-sample weights of the cross-entropy.

        Returns
        -------
        self : object
            Fitted classifier.
        """
        return self._fit(X, y, sample_weight=sample_weight, incremental=False)

    @available_if(lambda est: est._check_solver())
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """One epoch over the given data, continuing the previous state.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            A batch of training data.
        y : array-like of shape (n_samples,)
            Its labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Per-sample weights.
        classes : array-like of shape (n_classes,), default=None
            All classes; required on the first call.

        Returns
        -------
        self : object
            Updated classifier.
        """
        self._check_solver_supported()
        if _check_partial_fit_first_call(self, classes):
            self._label_binarizer = LabelBinarizer()
            if type_of_target(y).startswith("multilabel"):
                self._label_binarizer.fit(y)
            else:
                self._label_binarizer.fit(classes)
        return self._fit(X, y, sample_weight=sample_weight, incremental=True)

    # -- prediction -----------------------------------------------------------------
    def _labels_from_proba(self, proba):
        if self.n_outputs_ == 1:
            proba = proba.ravel()
        return self._label_binarizer.inverse_transform(proba)

    def _raw_proba(self, X):
        check_is_fitted(self)
        X = self._validate_X(X, reset=False)
        return self._network.predict_proba(X)

    def predict(self, X):
        """Predict class labels.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_labels)
            Predicted labels.
        """
        return self._labels_from_proba(self._raw_proba(X))

    def predict_proba(self, X):
        """Class probabilities (evaluation mode: no dropout, running stats).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities in the order of ``classes_``; rows sum to 1 except
            in the multilabel case.
        """
        proba = self._raw_proba(X)
        if self.n_outputs_ == 1:
            proba = proba.ravel()
            return np.column_stack([1.0 - proba, proba])
        return proba

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Log-probabilities in the order of ``classes_``.
        """
        proba = self.predict_proba(X)
        with np.errstate(divide="ignore"):
            return np.log(proba, out=proba)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.classifier_tags.multi_label = True
        return tags


def _row_equal(y_pred, y_true):
    """Per-sample exact match (accuracy's numerator, multilabel included)."""
    if y_pred.ndim == 1:
        return y_pred == y_true
    return np.all(y_pred == y_true, axis=1)
