"""MLPClassifier and MLPRegressor: scikit-learn's MLPs with dropout,
batch/layer normalization, L1/L2 penalties, a group penalty selecting input
features, decoupled weight decay, input noise and early stopping on the
validation score or loss.  Everything but the targets and the output layer lives in
``_base.BaseMultilayerPerceptron``.
"""

import numpy as np
from sklearn.base import ClassifierMixin, RegressorMixin, _fit_context
from sklearn.metrics import r2_score
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import (
    _check_partial_fit_first_call,
    type_of_target,
    unique_labels,
)
from sklearn.utils.validation import check_is_fitted, column_or_1d

from skreg.neural_network._base import BaseMultilayerPerceptron
from skreg.neural_network._docstrings import shared_parameter_docs


@shared_parameter_docs
class MLPClassifier(ClassifierMixin, BaseMultilayerPerceptron):
    """Multi-layer perceptron classifier with the note's regularizers.

    A drop-in for :class:`sklearn.neural_network.MLPClassifier` (same
    parameters, defaults and fitted attributes) that adds dropout, batch or
    layer normalization, an L1/L2 (elastic-net) penalty, a group penalty
    that selects input features, decoupled weight decay, Gaussian input
    noise and a choice of the quantity early stopping monitors (the
    validation score, as scikit-learn, or the validation loss).

    Each hidden layer is ``Dense -> [BatchNorm | LayerNorm] -> activation ->
    [Dropout]``; the output is a softmax (multiclass) or logistic units
    (binary, multilabel).  On a mini-batch ``B`` with sample weights ``s_i``
    (1 by default), ``S = sum_B s_i``, the optimizers minimize::

        (1/S) sum_B s_i CE(y_i, p_i)
            + (alpha/S) * ((1 - l1_ratio)/2 * ||W||_2^2 + l1_ratio * ||W||_1)
            + group_alpha * sum_j ||W1[j, :]||_2

    where ``CE`` is the cross-entropy, ``W`` all weight matrices (biases and
    normalization parameters are not penalized) and ``S = n`` the batch size
    without weights.  With ``l1_ratio=0`` the penalty is scikit-learn's
    ``alpha/(2n) sum W^2``; with ``l1_ratio=1`` it is ``alpha/n sum |W|``.
    Its gradient is ``(alpha/S) ((1 - l1_ratio) W + l1_ratio sign(W))``.
    The group term (``W1`` is ``coefs_[0]``, row ``j`` the weights leaving
    input feature ``j``; not divided by ``S``) is applied by its proximal
    step after each optimizer step, so rows reach exactly zero and the
    network drops those features (``support_``, ``feature_importances_``).

    Computation is in X's float dtype by default, as in scikit-learn
    (float64 for float64 or non-float X, float32 for float32 X); pass
    ``dtype="float32"`` to compute in float32 whatever X's dtype, about twice
    as fast with BLAS and ample for stochastic training.

    Parameters
    ----------
    %(network_parameters)s
        Hold out ``validation_fraction`` of the training data (stratified on
        the labels with two classes; a plain random split with more classes
        or multilabel y, as scikit-learn) and stop when the ``monitor``-ed
        validation quantity has not improved by ``tol`` for more than
        ``n_iter_no_change`` consecutive epochs.
    %(early_stopping_parameters)s
    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    loss_ : float
        Training objective of the last epoch (the final objective with
        ``"lbfgs"``).
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
        Best epoch of the monitored quantity, as a 1-based position in
        ``loss_curve_`` (which spans ``warm_start``/``partial_fit`` calls);
        its weights are the ones kept when ``early_stopping`` and
        ``restore_best_weights`` are set.
    t_ : int
        Number of training samples seen.
    coefs_ : list of ndarray
        Weight matrix of each Dense layer, in the compute ``dtype`` (X's
        float dtype by default).  The items are views of the trained
        parameters: assigning ``coefs_[i] = W`` or ``coefs_ = [...]`` writes
        into the network.  Assigned before the first fit (a list, as in
        scikit-learn), they are the initial weights of ``partial_fit`` or a
        ``warm_start`` fit, as are ``intercepts_``.
    intercepts_ : list of ndarray
        Bias of each Dense layer.
    feature_importances_ : ndarray of shape (``n_features_in_``,)
        Norm of each row of ``coefs_[0]`` (zero for a feature the group
        penalty removed), for :class:`~sklearn.feature_selection.SelectFromModel`.
    support_ : ndarray of shape (``n_features_in_``,), dtype=bool
        The input features with a nonzero row in ``coefs_[0]``.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Feature names seen during fit, when X has string column names.
    n_iter_ : int
        Number of epochs (L-BFGS iterations with ``"lbfgs"``) run by the last
        call (1 after ``partial_fit``, as in scikit-learn).
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

    _parameter_constraints: dict = {**BaseMultilayerPerceptron._parameter_constraints}

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        solver="adam",
        alpha=0.0001,
        l1_ratio=0.0,
        group_alpha=0.0,
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
        monitor="validation_score",
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=10,
        max_fun=15000,
        dtype=None,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.group_alpha = group_alpha
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
        self.monitor = monitor
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun
        self.dtype = dtype

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

    def _output_activation(self):
        if self._label_binarizer.y_type_ == "multiclass":
            return "softmax"
        return "logistic"

    def _stratify(self, Y):
        # As scikit-learn: stratify on the binarized labels when they are
        # one column (two classes), whose strata are named "True"/"False" in
        # train_test_split's errors; not with more classes or multilabel y.
        return Y.astype(bool) if Y.shape[1] == 1 else None

    def _validation_score(self, X_val, y_val, sw_val):
        y_pred = self._labels_from_proba(self._network.predict_proba(X_val))
        return float(np.average(_row_equal(y_pred, y_val), weights=sw_val))

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
        return self._network_output(X)

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
        tags.classifier_tags.multi_label = True
        return tags


def _row_equal(y_pred, y_true):
    """Per-sample exact match (accuracy's numerator, multilabel included)."""
    if y_pred.ndim == 1:
        return y_pred == y_true
    return np.all(y_pred == y_true, axis=1)


@shared_parameter_docs
class MLPRegressor(RegressorMixin, BaseMultilayerPerceptron):
    """Multi-layer perceptron regressor with the note's regularizers.

    A drop-in for :class:`sklearn.neural_network.MLPRegressor` (same
    parameters, defaults and fitted attributes) that adds dropout, batch or
    layer normalization, an L1/L2 (elastic-net) penalty, a group penalty
    that selects input features, decoupled weight decay, Gaussian input
    noise and a choice of the quantity early stopping monitors (the
    validation score, as scikit-learn, or the validation loss).

    Each hidden layer is ``Dense -> [BatchNorm | LayerNorm] -> activation ->
    [Dropout]``; the output layer is linear (``loss="squared_error"``) or
    exponential (``loss="poisson"``).  On a mini-batch ``B`` with sample
    weights ``s_i`` (1 by default), ``S = sum_B s_i``, the optimizers
    minimize::

        (1/(2S)) sum_B s_i ||y_i - f(x_i)||_2^2
            + (alpha/S) * ((1 - l1_ratio)/2 * ||W||_2^2 + l1_ratio * ||W||_1)
            + group_alpha * sum_j ||W1[j, :]||_2

    (with ``loss="poisson"`` the first term is the half Poisson deviance
    ``(1/S) sum_B s_i sum_k (mu_ik - y_ik log mu_ik + y_ik log y_ik - y_ik)``,
    ``mu_i = exp(f(x_i))``), where ``f(x_i)`` is the network's output row
    (``n_outputs_`` values: the squared error sums over outputs),
    ``W`` all weight matrices (biases and normalization parameters are not
    penalized) and ``S = n`` the batch size without weights.  This is the
    function scikit-learn's MLPRegressor follows the gradient of; for a
    single output its ``loss_`` is the same number, for several outputs
    scikit-learn reports the data term divided by ``n_outputs``.
    With ``l1_ratio=0`` the penalty is scikit-learn's
    ``alpha/(2n) sum W^2``; with ``l1_ratio=1`` it is ``alpha/n sum |W|``.
    Its gradient is ``(alpha/S) ((1 - l1_ratio) W + l1_ratio sign(W))``.
    The group term (``W1`` is ``coefs_[0]``, row ``j`` the weights leaving
    input feature ``j``; not divided by ``S``) is applied by its proximal
    step after each optimizer step, so rows reach exactly zero and the
    network drops those features (``support_``, ``feature_importances_``).

    Computation is in X's float dtype by default, as in scikit-learn
    (float64 for float64 or non-float X, float32 for float32 X); pass
    ``dtype="float32"`` to compute in float32 whatever X's dtype, about twice
    as fast with BLAS and ample for stochastic training.

    Parameters
    ----------
    loss : {"squared_error", "poisson"}, default="squared_error"
        The data term: half squared error with a linear output, or half
        Poisson deviance with an exponential output (requires ``y >= 0``).
    %(network_parameters)s
        Hold out a random ``validation_fraction`` of the training data and
        stop when the ``monitor``-ed validation quantity has not improved by
        ``tol`` for more than ``n_iter_no_change`` consecutive epochs.
    %(early_stopping_parameters)s
    Attributes
    ----------
    loss_ : float
        Training objective of the last epoch (the final objective with
        ``"lbfgs"``).
    loss_curve_ : list of float
        Training objective (average over the epoch's batches) per epoch.
    validation_scores_ : list of float or None
        Validation R^2 per epoch (``early_stopping`` only).
    validation_loss_curve_ : list of float or None
        Validation loss (the data term) per epoch (``early_stopping`` only).
    best_validation_score_ : float or None
        Validation R^2 at ``best_epoch_`` (``early_stopping`` only).
    best_loss_ : float or None
        Lowest training loss (None with ``early_stopping``, as scikit-learn).
    best_epoch_ : int
        Best epoch of the monitored quantity, as a 1-based position in
        ``loss_curve_`` (which spans ``warm_start``/``partial_fit`` calls);
        its weights are the ones kept when ``early_stopping`` and
        ``restore_best_weights`` are set.
    t_ : int
        Number of training samples seen.
    coefs_ : list of ndarray
        Weight matrix of each Dense layer, in the compute ``dtype`` (X's
        float dtype by default).  The items are views of the trained
        parameters: assigning ``coefs_[i] = W`` or ``coefs_ = [...]`` writes
        into the network.  Assigned before the first fit (a list, as in
        scikit-learn), they are the initial weights of ``partial_fit`` or a
        ``warm_start`` fit, as are ``intercepts_``.
    intercepts_ : list of ndarray
        Bias of each Dense layer.
    feature_importances_ : ndarray of shape (``n_features_in_``,)
        Norm of each row of ``coefs_[0]`` (zero for a feature the group
        penalty removed), for :class:`~sklearn.feature_selection.SelectFromModel`.
    support_ : ndarray of shape (``n_features_in_``,), dtype=bool
        The input features with a nonzero row in ``coefs_[0]``.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Feature names seen during fit, when X has string column names.
    n_iter_ : int
        Number of epochs (L-BFGS iterations with ``"lbfgs"``) run by the last
        call (1 after ``partial_fit``, as in scikit-learn).
    n_layers_ : int
        Number of layers, input and output included.
    n_outputs_ : int
        Number of outputs (columns of y).
    out_activation_ : str
        "identity" (squared error) or "exp" (Poisson).

    See Also
    --------
    sklearn.neural_network.MLPRegressor : The same model without dropout,
        normalization, L1, group penalty or weight decay.
    MLPClassifier : The classifier with the same regularizers.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import make_friedman1
    >>> from skreg import MLPRegressor
    >>> X, y = make_friedman1(n_samples=500, n_features=10, random_state=0)
    >>> reg = MLPRegressor(hidden_layer_sizes=(32,), group_alpha=0.5,
    ...                    learning_rate_init=0.01, max_iter=100,
    ...                    random_state=0).fit(X, y)
    >>> np.flatnonzero(reg.support_)  # inputs 5-9 are noise
    array([0, 1, 3, 4])
    """

    _parameter_constraints: dict = {
        **BaseMultilayerPerceptron._parameter_constraints,
        "loss": [StrOptions({"squared_error", "poisson"})],
    }

    def __init__(
        self,
        loss="squared_error",
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        solver="adam",
        alpha=0.0001,
        l1_ratio=0.0,
        group_alpha=0.0,
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
        monitor="validation_score",
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=10,
        max_fun=15000,
        dtype=None,
    ):
        self.loss = loss
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.group_alpha = group_alpha
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
        self.monitor = monitor
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun
        self.dtype = dtype

    def _validate_input(self, X, y, incremental, reset):
        X, y = self._validate_X(X, reset, y, y_numeric=True)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        if self.loss == "poisson" and np.any(y < 0):
            raise ValueError("loss='poisson' requires non-negative y.")
        Y = np.ascontiguousarray(y.reshape(y.shape[0], -1), dtype=X.dtype)
        return X, y, Y

    def _output_activation(self):
        return "exp" if self.loss == "poisson" else "identity"

    def _stratify(self, Y):
        return None

    def _validation_score(self, X_val, y_val, sw_val):
        y_pred = self._network.predict_output(X_val)
        if not np.isfinite(y_pred).all():
            return np.nan  # a diverging fit, as scikit-learn
        return float(
            r2_score(y_val.reshape(y_pred.shape), y_pred, sample_weight=sw_val)
        )

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the network to X, y.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data (sparse input is densified).
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Target values.
        sample_weight : array-like of shape (n_samples,), default=None
            Per-sample weights of the data term.

        Returns
        -------
        self : object
            Fitted regressor.
        """
        return self._fit(X, y, sample_weight=sample_weight, incremental=False)

    # As scikit-learn's regressor: available for every solver; with "lbfgs"
    # it runs L-BFGS from the current weights.
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """One epoch over the given data, continuing the previous state.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            A batch of training data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Its targets.
        sample_weight : array-like of shape (n_samples,), default=None
            Per-sample weights.

        Returns
        -------
        self : object
            Updated regressor.
        """
        return self._fit(X, y, sample_weight=sample_weight, incremental=True)

    def predict(self, X):
        """Predict with the network in evaluation mode (no dropout, running
        statistics), computed in float64 and returned in float32 for a
        float32 X (as scikit-learn), else float64.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            Predicted values.
        """
        check_is_fitted(self)
        y_pred = self._network_output(X)
        if getattr(X, "dtype", None) == np.float32:
            # computed in float64; returned in X's dtype, as scikit-learn
            y_pred = y_pred.astype(np.float32)
        return y_pred.ravel() if y_pred.shape[1] == 1 else y_pred

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags
