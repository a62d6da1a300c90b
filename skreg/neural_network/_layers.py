"""The layers of the network: small objects with forward and backward.

Every layer follows one protocol:

* ``param_specs()`` lists its trainable arrays as ``(name, shape, penalized)``;
  the network packs all of them into one flat buffer (penalized weights
  first) and hands each layer views of it with ``bind``, so the optimizer and
  the penalties work on one contiguous array instead of a list.
* ``allocate(capacity, dtype)`` preallocates the training workspace for
  batches of up to ``capacity`` rows; ``forward``/``backward`` then write into
  row-slices of it, so the training loop makes no per-batch allocations.
* ``forward(x, training)`` returns the output for a batch and remembers what
  ``backward`` needs; ``backward(grad_out, need_input_grad)`` writes the
  parameter gradients into the bound gradient views and returns the gradient
  with respect to the input.  ``backward`` may overwrite ``grad_out``.
* ``infer(x)`` is the evaluation-mode forward pass.  It allocates its result
  and touches no workspace, so prediction is thread-safe, and no statistic
  of the batch enters it: a row's output never depends on the other rows.
"""

import numpy as np
from scipy.special import expit

from skreg.neural_network import _kernels


class Layer:
    """Base class: a parameter-free layer whose workspace is one output buffer."""

    # Attributes that are views of the network's flat buffers: not pickled
    # (the network rebinds them after unpickling, so they stay views).
    _bound = ()

    def __getstate__(self):
        state = dict(vars(self))
        for name in list(state):
            if (
                name in self._bound
                or name.startswith("_buf")
                or name
                in (
                    "_x",
                    "_out",
                    "_scaled_mask",
                )
            ):
                del state[name]
        # The workspace dtype by name: skops trusts strings, not numpy.dtype.
        if state.get("_dtype") is not None:
            state["_dtype"] = np.dtype(state["_dtype"]).str
        return state

    def __setstate__(self, state):
        vars(self).update(state)
        if getattr(self, "_dtype", None) is not None:
            self._dtype = np.dtype(self._dtype)

    def param_specs(self):
        return []

    def bind(self, params, grads):
        """Receive views of the flat parameter and gradient buffers by name."""

    def init_params(self, params, rng):
        """Write the initial values into the bound parameter views."""

    def allocate(self, capacity, dtype):
        self._capacity = capacity

    def release(self):
        """Drop the training workspace (it is not part of a fitted model)."""
        for name in list(vars(self)):
            if name.startswith("_buf") or name in ("_x", "_out", "_scaled_mask"):
                setattr(self, name, None)

    def get_state(self):
        """Non-trainable state that defines the model (e.g. running stats)."""
        return []

    def set_state(self, state):
        pass


class Dense(Layer):
    """Affine map ``z = x W + b`` (the bias is optional).

    Weights are initialized like scikit-learn's MLP (Glorot uniform, bound
    ``sqrt(factor / (fan_in + fan_out))`` with ``factor`` 2 for the logistic
    activation and 6 otherwise); the bias is initialized with the same law.
    The weights are penalized, the bias never is.
    """

    def __init__(self, n_in, n_out, *, bias=True, init_factor=6.0):
        self.n_in = n_in
        self.n_out = n_out
        self.bias = bias
        self.init_factor = init_factor

    _bound = ("W", "b", "grad_W", "grad_b")

    def param_specs(self):
        specs = [("W", (self.n_in, self.n_out), True)]
        if self.bias:
            specs.append(("b", (self.n_out,), False))
        return specs

    def bind(self, params, grads):
        self.W = params["W"]
        self.grad_W = grads["W"]
        self.b = params.get("b")
        self.grad_b = grads.get("b")

    def init_params(self, params, rng):
        bound = np.sqrt(self.init_factor / (self.n_in + self.n_out))
        params["W"][...] = rng.uniform(-bound, bound, size=params["W"].shape)
        if self.bias:
            params["b"][...] = rng.uniform(-bound, bound, size=params["b"].shape)

    def allocate(self, capacity, dtype):
        self._buf_out = np.empty((capacity, self.n_out), dtype=dtype)
        self._buf_grad_in = np.empty((capacity, self.n_in), dtype=dtype)

    def forward(self, x, training=True):
        out = self._buf_out[: x.shape[0]]
        np.dot(x, self.W, out=out)
        if self.bias:
            out += self.b
        self._x = x
        return out

    def backward(self, grad_out, need_input_grad=True):
        np.dot(self._x.T, grad_out, out=self.grad_W)
        if self.bias:
            np.sum(grad_out, axis=0, out=self.grad_b)
        if not need_input_grad:
            return None
        grad_in = self._buf_grad_in[: grad_out.shape[0]]
        np.dot(grad_out, self.W.T, out=grad_in)
        return grad_in

    def infer(self, x):
        out = x @ self.W
        if self.bias:
            out += self.b
        return out


class ReLU(Layer):
    """``max(z, 0)``; its derivative is taken as 0 at 0."""

    def allocate(self, capacity, dtype):
        self._buf_out = None
        self._buf_mask = None
        self._capacity = capacity
        self._dtype = dtype

    def _buffers(self, shape):
        if self._buf_out is None or self._buf_out.shape[1] != shape[1]:
            self._buf_out = np.empty((self._capacity, shape[1]), dtype=self._dtype)
            self._buf_mask = np.empty((self._capacity, shape[1]), dtype=bool)
        return self._buf_out[: shape[0]], self._buf_mask[: shape[0]]

    def forward(self, z, training=True):
        out, _ = self._buffers(z.shape)
        np.maximum(z, 0, out=out)
        self._out = out
        return out

    def backward(self, grad_out, need_input_grad=True):
        _, mask = self._buffers(grad_out.shape)
        np.greater(self._out, 0, out=mask)
        np.multiply(grad_out, mask, out=grad_out)
        return grad_out

    def infer(self, z):
        return np.maximum(z, 0)


class _Elementwise(ReLU):
    """An activation whose derivative is a function of its output ``a``."""

    def allocate(self, capacity, dtype):
        super().allocate(capacity, dtype)
        self._buf_derivative = None

    def backward(self, grad_out, need_input_grad=True):
        n, width = grad_out.shape
        if self._buf_derivative is None or self._buf_derivative.shape[1] != width:
            self._buf_derivative = np.empty((self._capacity, width), self._dtype)
        derivative = self._buf_derivative[:n]
        self._derivative(self._out, derivative)
        np.multiply(grad_out, derivative, out=grad_out)
        return grad_out


class Tanh(_Elementwise):
    """``tanh(z)``, derivative ``1 - a^2``."""

    def forward(self, z, training=True):
        out, _ = self._buffers(z.shape)
        np.tanh(z, out=out)
        self._out = out
        return out

    @staticmethod
    def _derivative(a, out):
        np.multiply(a, a, out=out)
        np.subtract(1, out, out=out)

    def infer(self, z):
        return np.tanh(z)


class Logistic(_Elementwise):
    """``1 / (1 + exp(-z))``, derivative ``a (1 - a)``."""

    def forward(self, z, training=True):
        out, _ = self._buffers(z.shape)
        expit(z, out=out)
        self._out = out
        return out

    @staticmethod
    def _derivative(a, out):
        np.subtract(1, a, out=out)
        np.multiply(a, out, out=out)

    def infer(self, z):
        return expit(z)


class Identity(Layer):
    """``z`` unchanged."""

    def forward(self, z, training=True):
        return z

    def backward(self, grad_out, need_input_grad=True):
        return grad_out

    def infer(self, z):
        return z


ACTIVATIONS = {"relu": ReLU, "tanh": Tanh, "logistic": Logistic, "identity": Identity}


class Dropout(Layer):
    """Inverted dropout: in training, zero each unit with probability ``rate``
    and scale the survivors by ``1 / (1 - rate)``, so the expected activation
    is unchanged and inference is the identity.

    The masks come from ``self.rng`` (a :class:`numpy.random.Generator` the
    network seeds from ``random_state``), as 16-bit uniform integers cut from
    its raw 64-bit output: four units per draw, about four times cheaper
    than a float per unit.  The rate is thereby rounded to a multiple of
    1/65536, and the survivors' scale uses that rounded rate, so the
    expectation stays exact.  ``forward(x, mask=...)`` uses a given 0/1 mask
    instead, which makes the layer deterministic for tests.
    """

    def __init__(self, rate, rng=None):
        self.rate = float(rate)
        self.rng = rng

    def allocate(self, capacity, dtype):
        self._capacity = capacity
        self._dtype = dtype
        self._buf_out = None

    def _buffers(self, shape):
        if self._buf_out is None or self._buf_out.shape[1] != shape[1]:
            full = (self._capacity, shape[1])
            self._buf_out = np.empty(full, dtype=self._dtype)
            self._buf_scaled_mask = np.empty(full, dtype=self._dtype)
        n = shape[0]
        return self._buf_out[:n], self._buf_scaled_mask[:n]

    def _threshold(self):
        return min(int(round(self.rate * 65536)), 65535)

    def forward(self, x, training=True, mask=None):
        if not training or self.rate == 0.0:
            self._scaled_mask = None
            return x
        out, scaled_mask = self._buffers(x.shape)
        if mask is None:
            threshold = self._threshold()
            size = x.size
            raw = self.rng.bit_generator.random_raw((size + 3) // 4)
            bits = raw.view(np.uint16)[:size].reshape(x.shape)
            scale = 65536.0 / (65536 - threshold)
            _kernels.dropout_forward(
                np.ascontiguousarray(x), bits, threshold, scale, out, scaled_mask
            )
        else:
            scaled_mask[...] = mask
            scaled_mask *= 1.0 / (1.0 - self.rate)
            np.multiply(x, scaled_mask, out=out)
        self._scaled_mask = scaled_mask
        return out

    def backward(self, grad_out, need_input_grad=True):
        if self._scaled_mask is None:
            return grad_out
        np.multiply(grad_out, self._scaled_mask, out=grad_out)
        return grad_out

    def infer(self, x):
        return x


class _Normalization(Layer):
    """Shared parts of batch and layer normalization: learnable per-feature
    scale ``gamma`` (init 1) and shift ``beta`` (init 0), never penalized."""

    def __init__(self, n_features, *, eps=1e-5):
        self.n_features = n_features
        self.eps = eps

    _bound = ("gamma", "beta", "grad_gamma", "grad_beta")

    def param_specs(self):
        shape = (self.n_features,)
        return [("gamma", shape, False), ("beta", shape, False)]

    def bind(self, params, grads):
        self.gamma = params["gamma"]
        self.beta = params["beta"]
        self.grad_gamma = grads["gamma"]
        self.grad_beta = grads["beta"]

    def init_params(self, params, rng):
        params["gamma"][...] = 1.0
        params["beta"][...] = 0.0

    def allocate(self, capacity, dtype):
        shape = (capacity, self.n_features)
        self._buf_xhat = np.empty(shape, dtype=dtype)
        self._buf_out = np.empty(shape, dtype=dtype)
        self._buf_tmp = np.empty(shape, dtype=dtype)


class BatchNorm(_Normalization):
    """Batch normalization (Ioffe & Szegedy, 2015).

    Training: ``y = gamma * (z - mean_B) / sqrt(var_B + eps) + beta`` with the
    mean and (biased) variance of the batch ``B``, and the running estimates
    updated as ``running = (1 - momentum) running + momentum * batch`` (the
    running variance uses the unbiased batch variance, as in PyTorch; a
    one-row batch leaves them unchanged).
    Inference uses the running statistics, so it is a fixed affine map.
    """

    def __init__(self, n_features, *, eps=1e-5, momentum=0.1):
        super().__init__(n_features, eps=eps)
        self.momentum = momentum

    def init_params(self, params, rng):
        super().init_params(params, rng)
        self.running_mean = np.zeros(self.n_features, dtype=params["gamma"].dtype)
        self.running_var = np.ones(self.n_features, dtype=params["gamma"].dtype)

    def get_state(self):
        return [self.running_mean.copy(), self.running_var.copy()]

    def set_state(self, state):
        self.running_mean[...], self.running_var[...] = state

    def allocate(self, capacity, dtype):
        super().allocate(capacity, dtype)
        p = self.n_features
        self._buf_mean = np.empty(p, dtype=dtype)
        self._buf_var = np.empty(p, dtype=dtype)
        self._buf_inv_std = np.empty(p, dtype=dtype)
        self._buf_acc = np.empty(p, dtype=np.float64)
        self._buf_acc2 = np.empty(p, dtype=np.float64)

    def forward(self, z, training=True):
        if not training:
            return self.infer(z)
        n = z.shape[0]
        xhat, out = self._buf_xhat[:n], self._buf_out[:n]
        mean, var = self._buf_mean, self._buf_var
        # one fused kernel: batch mean and variance (two-pass, float64
        # accumulators), xhat and the affine output
        _kernels.batchnorm_forward(
            np.ascontiguousarray(z),
            self.gamma,
            self.beta,
            self.eps,
            xhat,
            out,
            mean,
            var,
            self._buf_inv_std,
            self._buf_acc,
        )
        if n > 1:
            # A one-row batch (a trailing batch can be) has no variance to
            # learn from: it would pull the running variance towards 0.
            m = self.momentum
            self.running_mean *= 1.0 - m
            self.running_mean += m * mean
            self.running_var *= 1.0 - m
            self.running_var += (m * n / (n - 1)) * var
        self._n = n
        return out

    def backward(self, grad_out, need_input_grad=True):
        # With dxhat = gamma * g, the batch-norm gradient
        #   dz = inv_std * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))
        # simplifies to gamma * inv_std * (g - dbeta/n - xhat * dgamma/n),
        # which the kernel writes over grad_out.
        n = self._n
        grad_out = np.ascontiguousarray(grad_out)
        _kernels.batchnorm_backward(
            grad_out,
            self._buf_xhat[:n],
            self.gamma,
            self._buf_inv_std,
            self.grad_gamma,
            self.grad_beta,
            need_input_grad,
            self._buf_acc,
            self._buf_acc2,
        )
        return grad_out if need_input_grad else None

    def infer(self, z):
        scale = self.gamma / np.sqrt(self.running_var + self.eps)
        shift = self.beta - self.running_mean * scale
        return z * scale + shift


class LayerNorm(_Normalization):
    """Layer normalization (Ba, Kiros & Hinton, 2016).

    ``y = gamma * (z - mean_row) / sqrt(var_row + eps) + beta``, each row
    normalized over its own features; identical in training and inference.
    """

    def allocate(self, capacity, dtype):
        super().allocate(capacity, dtype)
        self._buf_row_mean = np.empty((capacity, 1), dtype=dtype)
        self._buf_row_inv_std = np.empty((capacity, 1), dtype=dtype)
        self._buf_row_tmp = np.empty((capacity, 1), dtype=dtype)

    def forward(self, z, training=True):
        n = z.shape[0]
        xhat, out, tmp = self._buf_xhat[:n], self._buf_out[:n], self._buf_tmp[:n]
        mean, inv_std = self._buf_row_mean[:n], self._buf_row_inv_std[:n]
        np.mean(z, axis=1, keepdims=True, out=mean)
        np.subtract(z, mean, out=xhat)
        np.multiply(xhat, xhat, out=tmp)
        np.mean(tmp, axis=1, keepdims=True, out=inv_std)
        inv_std += self.eps
        np.sqrt(inv_std, out=inv_std)
        np.divide(1.0, inv_std, out=inv_std)
        xhat *= inv_std
        np.multiply(xhat, self.gamma, out=out)
        out += self.beta
        self._n = n
        return out

    def backward(self, grad_out, need_input_grad=True):
        # dxhat = gamma * g;
        # dz = inv_std * (dxhat - rowmean(dxhat) - xhat * rowmean(dxhat * xhat))
        n = self._n
        xhat, tmp = self._buf_xhat[:n], self._buf_tmp[:n]
        row = self._buf_row_tmp[:n]
        np.sum(grad_out, axis=0, out=self.grad_beta)
        np.multiply(grad_out, xhat, out=tmp)
        np.sum(tmp, axis=0, out=self.grad_gamma)
        if not need_input_grad:
            return None
        grad_out *= self.gamma  # now dxhat
        np.multiply(grad_out, xhat, out=tmp)
        np.mean(tmp, axis=1, keepdims=True, out=row)
        np.multiply(xhat, row, out=tmp)
        grad_out -= tmp
        np.mean(grad_out, axis=1, keepdims=True, out=row)
        # rowmean(dxhat - xhat*c) = rowmean(dxhat) since rowmean(xhat) = 0
        # up to rounding; subtracting the exact mean keeps that identity.
        grad_out -= row
        grad_out *= self._buf_row_inv_std[:n]
        return grad_out

    def infer(self, z):
        mean = z.mean(axis=1, keepdims=True)
        centered = z - mean
        inv_std = 1.0 / np.sqrt(
            (centered * centered).mean(axis=1, keepdims=True) + self.eps
        )
        return centered * inv_std * self.gamma + self.beta
