"""Stochastic optimizers on one flat parameter vector.

The network keeps every trainable array as a view of one contiguous buffer,
penalized weights first, so an optimizer step is a handful of vectorized
passes over one array, whatever the number of layers.

Both optimizers follow scikit-learn's update rules (``sgd`` with momentum or
Nesterov momentum and the ``constant``/``invscaling``/``adaptive`` schedules,
``adam`` with the bias correction folded into the step size) and add
*decoupled* weight decay (Loshchilov & Hutter, 2019): before the gradient
step the weights are shrunk by ``w <- w - learning_rate * weight_decay * w``,
independently of the gradient.  Under plain SGD this equals an L2 penalty of
strength ``weight_decay``; under Adam it does not, since the L2 gradient
``alpha * w / n`` is rescaled by Adam's per-coordinate step while the decay
is not (that is AdamW).  Biases and normalization parameters are not decayed.
"""

import numpy as np

from skreg.neural_network import _kernels


class _Optimizer:
    def __init__(self, params, *, n_decayed, learning_rate_init, weight_decay=0.0):
        self.params = params
        self.n_decayed = n_decayed
        self.learning_rate_init = learning_rate_init
        self.learning_rate = float(learning_rate_init)
        self.weight_decay = weight_decay

    def _decay(self):
        if self.weight_decay:
            weights = self.params[: self.n_decayed]
            weights *= 1.0 - self.learning_rate * self.weight_decay

    def iteration_ends(self, time_step):
        """Hook called at the end of each epoch (``time_step`` samples seen)."""

    def row_step_sizes(self, start, shape):
        """Step size of the last step on each row of the parameter block
        ``params[start:start + prod(shape)].reshape(shape)``: the scale of
        the proximal step that follows a gradient step."""
        return self.learning_rate

    def trigger_stopping(self, msg, verbose):
        """Whether to stop when the monitored loss stopped improving."""
        if verbose:
            print(msg + " Stopping.")
        return True


class SGD(_Optimizer):
    """Stochastic gradient descent with (Nesterov) momentum.

    ``v <- momentum v - lr g``; then ``w <- w + v`` or, with Nesterov,
    ``w <- w + momentum v - lr g`` (scikit-learn's formulation).
    """

    def __init__(
        self,
        params,
        *,
        n_decayed,
        learning_rate_init=0.1,
        lr_schedule="constant",
        momentum=0.9,
        nesterov=True,
        power_t=0.5,
        weight_decay=0.0,
    ):
        super().__init__(
            params,
            n_decayed=n_decayed,
            learning_rate_init=learning_rate_init,
            weight_decay=weight_decay,
        )
        self.lr_schedule = lr_schedule
        self.momentum = momentum
        self.nesterov = nesterov
        self.power_t = power_t
        self.velocity = np.zeros_like(params)
        self._tmp = np.empty_like(params)

    def iteration_ends(self, time_step):
        if self.lr_schedule == "invscaling":
            self.learning_rate = float(self.learning_rate_init) / (
                (time_step + 1) ** self.power_t
            )

    def trigger_stopping(self, msg, verbose):
        if self.lr_schedule != "adaptive":
            return super().trigger_stopping(msg, verbose)
        if self.learning_rate <= 1e-6:
            if verbose:
                print(msg + " Learning rate too small. Stopping.")
            return True
        self.learning_rate /= 5.0
        if verbose:
            print(msg + f" Setting learning rate to {self.learning_rate:f}")
        return False

    def step(self, grads):
        self._decay()
        lr, momentum = self.learning_rate, self.momentum
        v, tmp = self.velocity, self._tmp
        np.multiply(grads, lr, out=tmp)
        v *= momentum
        v -= tmp
        if self.nesterov:
            np.multiply(v, momentum, out=grads)
            grads -= tmp
            self.params += grads
        else:
            self.params += v


class Adam(_Optimizer):
    """Adam (Kingma & Ba, 2015), optionally with decoupled weight decay (AdamW).

    ``m <- b1 m + (1 - b1) g``, ``v <- b2 v + (1 - b2) g^2``,
    ``w <- w - lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + epsilon)``.
    """

    def __init__(
        self,
        params,
        *,
        n_decayed,
        learning_rate_init=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        weight_decay=0.0,
    ):
        super().__init__(
            params,
            n_decayed=n_decayed,
            learning_rate_init=learning_rate_init,
            weight_decay=weight_decay,
        )
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.t = 0
        self.ms = np.zeros_like(params)
        self.vs = np.zeros_like(params)

    def row_step_sizes(self, start, shape):
        """Adam's metric, averaged over each row: ``lr / (sqrt(mean_row
        v_hat) + epsilon)``.  A metric constant on each row keeps the
        proximal step closed-form, and with it a row stays at zero exactly
        when its gradient's norm is below the penalty's strength."""
        v = self.vs[start : start + int(np.prod(shape))].reshape(shape)
        v_hat = v.mean(axis=1, dtype=np.float64) / (1.0 - self.beta_2**self.t)
        return self.learning_rate / (np.sqrt(v_hat) + self.epsilon)

    def step(self, grads):
        self._decay()
        self.t += 1
        b1, b2 = self.beta_1, self.beta_2
        step_size = self.learning_rate * np.sqrt(1.0 - b2**self.t) / (1.0 - b1**self.t)
        # one fused pass (a dozen NumPy passes otherwise)
        _kernels.adam_step(
            self.params, grads, self.ms, self.vs, b1, b2, step_size, self.epsilon
        )
