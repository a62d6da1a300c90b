"""The parameter descriptions MLPClassifier and MLPRegressor share.

Each class docstring holds ``%(network_parameters)s`` and
``%(early_stopping_parameters)s`` lines where these blocks go
(:func:`shared_parameter_docs` fills them in at class creation), so that a
parameter common to both estimators is described once.
"""

NETWORK_PARAMETERS = """\
    hidden_layer_sizes : array-like of shape (n_layers - 2,), default=(100,)
        The ith element is the number of units of the ith hidden layer.
    activation : {"identity", "logistic", "tanh", "relu"}, default="relu"
        Hidden-layer activation.
    solver : {"adam", "sgd", "lbfgs"}, default="adam"
        ``"adam"`` and ``"sgd"`` are stochastic (mini-batch) optimizers.
        ``"lbfgs"`` is scipy's L-BFGS-B on the whole training set (at most
        ``max_iter`` iterations and ``max_fun`` evaluations, ``tol`` on the
        projected gradient), as in scikit-learn; it minimizes a fixed
        differentiable function, so it raises a ValueError with dropout,
        ``normalization="batch"``, ``input_noise``, ``l1_ratio > 0``,
        ``group_alpha > 0`` or ``weight_decay`` (``normalization="layer"``
        and ``alpha`` are fine).  It ignores the stochastic-only parameters
        and sets no ``loss_curve_``, as scikit-learn.
    alpha : float, default=0.0001
        Penalty strength (see the objective above).
    l1_ratio : float in [0, 1], default=0.0
        Mix of the penalty: 0 is pure L2, 1 is pure L1 (subgradient
        ``sign(W)``, so weights get small, not exactly zero).
    group_alpha : float, default=0.0
        Strength of the group penalty ``group_alpha * sum_j ||W1[j, :]||_2``
        on each input feature's outgoing first-layer weights (0 = off).  Its
        proximal step (block soft-thresholding) follows every optimizer
        step, with the step size ``learning_rate`` under ``sgd`` and Adam's
        per-row step ``learning_rate / (sqrt(mean_row v_hat) + epsilon)``
        under ``adam``; a row of ``coefs_[0]`` stays exactly zero while its
        gradient's norm is below ``group_alpha``.  Stochastic solvers only.
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
        Minimum improvement of the monitored quantity that counts as
        progress: with ``early_stopping``, an increase of the validation
        score or a decrease of the validation loss (``monitor``); otherwise
        a decrease of the training loss.
    verbose : bool, default=False
        Print progress per epoch.
    warm_start : bool, default=False
        Reuse the previous fit's weights as initialization (every solver).
    momentum : float, default=0.9
        Momentum of ``solver="sgd"``.
    nesterovs_momentum : bool, default=True
        Use Nesterov's momentum with ``solver="sgd"``.
    early_stopping : bool, default=False"""

EARLY_STOPPING_PARAMETERS = """\
    validation_fraction : float, default=0.1
        Fraction of the training data held out for early stopping.
    restore_best_weights : bool, default=True
        With ``early_stopping``, end with the weights (and batch-norm running
        statistics) of the best epoch of the monitored quantity (as
        scikit-learn, which always does); False keeps the last epoch's.
    monitor : {"validation_score", "validation_loss"}, default="validation_score"
        What ``early_stopping`` watches: the validation score (accuracy for
        the classifier, R^2 for the regressor; larger is better), as
        scikit-learn; or the validation loss (the data term, lower is
        better), as Keras' ``EarlyStopping`` with ``restore_best_weights``.
        The loss is the smoother signal: it keeps registering progress
        (and overfitting) where the accuracy of a small validation split
        moves in steps, so the best epoch it picks depends less on the
        split's size.
    beta_1, beta_2, epsilon : float, default=0.9, 0.999, 1e-8
        Adam's parameters.
    n_iter_no_change : int, default=10
        Epochs without improvement by ``tol`` tolerated before stopping.
    max_fun : int, default=15000
        Maximum number of loss evaluations of ``solver="lbfgs"``.
    dtype : {"float32", "float64"}, numpy float type or None, default=None
        Compute dtype of the network.  None is scikit-learn's behaviour:
        X's float dtype (float64 for other input) on the first fit, kept by
        later ``warm_start`` and ``partial_fit`` calls.  ``"float32"``
        computes in float32 whatever X's dtype (about twice as fast on
        float64 data).
"""


def shared_parameter_docs(cls):
    """Class decorator: put the shared parameter blocks into ``cls.__doc__``."""
    if cls.__doc__ is None:  # python -OO strips docstrings
        return cls
    cls.__doc__ = cls.__doc__.replace(
        "    %(network_parameters)s", NETWORK_PARAMETERS
    ).replace("    %(early_stopping_parameters)s", EARLY_STOPPING_PARAMETERS)
    return cls
