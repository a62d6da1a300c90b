"""A sequential network on one flat parameter buffer, its loss and penalties.

Data flow of a training step: ``x`` -> layers (training mode) -> ``z``
(the last Dense layer's output) -> output link and loss -> ``delta =
(link(z) - y) w / sum(w)`` -> layers' backward in reverse order, which write
the gradients into the flat ``grads`` buffer -> penalty gradient added to the
weights' part of it.  The optimizer then updates the flat ``params`` buffer
in place, and every layer sees the new values through its views.

Every output is a canonical link of its loss, so ``link(z) - y`` is the
loss's gradient in ``z``:

* ``"softmax"``: categorical cross-entropy ``logsumexp(z) - y.z``;
* ``"logistic"``: binary cross-entropy ``sum_k log(1 + e^z_k) - y_k z_k``;
* ``"identity"``: half squared error ``1/2 ||y - z||^2``;
* ``"exp"``: half Poisson deviance ``sum_k e^z_k - y_k z_k + y_k log y_k - y_k``.

Objective of one batch ``B`` with sample weights ``s_i`` (1 by default)
and ``S = sum_B s_i``::

    L = (1/S) sum_B s_i loss(y_i, f(x_i))
        + (alpha/S) * ((1 - l1_ratio)/2 ||W||_2^2 + l1_ratio ||W||_1)

over the weight matrices ``W`` only (biases and normalization parameters
are not penalized).  With ``l1_ratio=0`` this is scikit-learn's L2 term
``alpha/(2n) sum W^2``; with ``l1_ratio=1`` it is the note's L1 term
``alpha/n sum |W|``.  The penalty gradient is
``(alpha/S) ((1 - l1_ratio) W + l1_ratio sign(W))`` (the subgradient 0 at
``W = 0``).
"""

import numpy as np
from scipy.special import expit, log_expit, logsumexp, xlogy

OUTPUTS = ("softmax", "logistic", "identity", "exp")


def _softmax_rows(z, out):
    """Row-wise softmax of z into out; returns the row log-sum-exp."""
    row_max = z.max(axis=1, keepdims=True)
    np.subtract(z, row_max, out=out)
    np.exp(out, out=out)
    row_sum = out.sum(axis=1, keepdims=True)
    out /= row_sum
    return row_max + np.log(row_sum)


class Network:
    """Layers applied in sequence, followed by a softmax or logistic output.

    Parameters
    ----------
    layers : list of Layer
        The last one is the output Dense layer producing the logits.
    output : {"softmax", "logistic", "identity", "exp"}
        Softmax with categorical cross-entropy (multiclass), independent
        logistic outputs with binary cross-entropy (binary, multilabel),
        identity with half squared error or exp with half Poisson deviance
        (regression).
    dtype : numpy dtype
        Compute dtype of parameters and activations.
    """

    def __init__(self, layers, output, dtype):
        self.layers = layers
        self.output = output
        self.dtype = np.dtype(dtype)

    def initialize(self, rng):
        """Allocate the flat buffers, bind the layers and draw initial values."""
        specs = [
            (layer, name, shape, penalized)
            for layer in self.layers
            for name, shape, penalized in layer.param_specs()
        ]
        # Penalized weights first: penalties and weight decay act on a prefix.
        specs.sort(key=lambda spec: not spec[3])
        sizes = [int(np.prod(shape)) for _, _, shape, _ in specs]
        self.n_penalized = sum(
            size for size, spec in zip(sizes, specs, strict=True) if spec[3]
        )
        self._layout = [
            (self.layers.index(layer), name, shape, size)
            for (layer, name, shape, _), size in zip(specs, sizes, strict=True)
        ]
        self.params = np.zeros(sum(sizes), dtype=self.dtype)
        self.grads = np.zeros_like(self.params)
        for layer, (param_views, _) in zip(self.layers, self._bind(), strict=True):
            layer.init_params(param_views, rng)
        return self

    def offset(self, view):
        """Position of a parameter view's first element in ``params``."""
        address = view.__array_interface__["data"][0]
        origin = self.params.__array_interface__["data"][0]
        return (address - origin) // self.params.itemsize

    def _bind(self):
        """Give every layer its views of the flat buffers; return the views."""
        views = [({}, {}) for _ in self.layers]
        start = 0
        for index, name, shape, size in self._layout:
            param_views, grad_views = views[index]
            param_views[name] = self.params[start : start + size].reshape(shape)
            grad_views[name] = self.grads[start : start + size].reshape(shape)
            start += size
        for layer, (param_views, grad_views) in zip(self.layers, views, strict=True):
            layer.bind(param_views, grad_views)
        return views

    def __getstate__(self):
        state = dict(vars(self))
        state.pop("_buf_proba", None)
        state.pop("_buf_penalty", None)
        state.pop("grads")  # scratch space, rebuilt on load
        # skops trusts strings but not numpy.dtype objects: store the dtype by
        # name, so that loading a fitted MLP asks to trust skreg's types only.
        state["dtype"] = self.dtype.str
        return state

    def __setstate__(self, state):
        vars(self).update(state)
        self.dtype = np.dtype(self.dtype)
        self.grads = np.zeros_like(self.params)
        self._bind()

    # -- state, for restoring the best epoch and for pickling ---------------
    def get_state(self):
        return self.params.copy(), [layer.get_state() for layer in self.layers]

    def set_state(self, state):
        params, layer_states = state
        self.params[...] = params
        for layer, layer_state in zip(self.layers, layer_states, strict=True):
            layer.set_state(layer_state)

    def allocate(self, capacity):
        """Preallocate the training workspace for batches of <= capacity rows."""
        for layer in self.layers:
            layer.allocate(capacity, self.dtype)
        n_out = self.layers[-1].n_out
        self._buf_proba = np.empty((capacity, n_out), dtype=self.dtype)
        self._buf_penalty = np.empty(self.n_penalized, dtype=self.dtype)

    def release(self):
        for layer in self.layers:
            layer.release()
        self._buf_proba = None
        self._buf_penalty = None

    # -- training ------------------------------------------------------------
    def loss_and_grad(self, x, y, sample_weight, alpha, l1_ratio):
        """Forward (training mode) and backward on one batch.

        ``y`` is the target matrix (0/1 for classification); the gradients
        land in ``self.grads``.  Returns the batch objective ``L`` of the
        module docstring.
        """
        n = x.shape[0]
        out = x
        for layer in self.layers:
            out = layer.forward(out, training=True)
        # delta holds link(z) after this call, the loss's gradient after the next
        delta = self._buf_proba[:n]
        per_sample = _loss_and_link(self.output, out, y, delta)
        if sample_weight is None:
            total_weight = n
            loss = float(per_sample.sum()) / n
            delta -= y
            delta *= 1.0 / n
        else:
            total_weight = float(sample_weight.sum())
            if total_weight <= 0:
                self.grads[...] = 0
                return 0.0
            loss = float(per_sample @ sample_weight) / total_weight
            delta -= y
            delta *= (sample_weight / total_weight)[:, None].astype(self.dtype)
        grad = delta
        last = len(self.layers) - 1
        for i in range(last, -1, -1):
            grad = self.layers[i].backward(grad, need_input_grad=i > 0)
        if alpha:
            loss += self._add_penalty(alpha / total_weight, l1_ratio)
        return loss

    def _add_penalty(self, scale, l1_ratio):
        """Add the penalty gradient to ``grads``; return the penalty value."""
        weights = self.params[: self.n_penalized]
        grad = self.grads[: self.n_penalized]
        tmp = self._buf_penalty
        value = 0.0
        if l1_ratio < 1.0:
            l2_scale = scale * (1.0 - l1_ratio)
            value += 0.5 * l2_scale * float(np.dot(weights, weights))
            np.multiply(weights, l2_scale, out=tmp)
            grad += tmp
        if l1_ratio > 0.0:
            l1_scale = scale * l1_ratio
            np.sign(weights, out=tmp)
            value += l1_scale * float(np.dot(tmp, weights))  # sum |w|
            tmp *= l1_scale
            grad += tmp
        return value

    # -- inference -------------------------------------------------------------
    def decision(self, x):
        """Logits in evaluation mode (running statistics, no dropout).

        Evaluated in float64 whatever the training dtype: float32 BLAS
        kernels change their summation order with the number of rows, which
        would make a row's prediction depend (at 1e-7) on its batch.
        """
        out = np.asarray(x, dtype=np.float64)
        for layer in self.layers:
            out = layer.infer(out)
        return out

    def predict_output(self, x):
        """The output link of :meth:`decision`, in float64: probabilities
        (rows sum to 1 to float64 rounding for softmax) or regression values."""
        z = self.decision(x)
        if self.output == "softmax":
            return np.exp(z - logsumexp(z, axis=1, keepdims=True))
        if self.output == "logistic":
            return expit(z)
        if self.output == "exp":
            return np.exp(z)
        return z

    predict_proba = predict_output

    def data_loss(self, x, y, sample_weight=None):
        """Mean (weighted) loss in evaluation mode, in float64."""
        z = self.decision(x)
        if self.output == "softmax":
            per_sample = logsumexp(z, axis=1) - np.einsum("ij,ij->i", y, z)
        elif self.output == "logistic":
            per_sample = -(y * log_expit(z) + (1 - y) * log_expit(-z)).sum(axis=1)
        else:
            per_sample = _loss_and_link(self.output, z, y, np.empty_like(z))
        return float(np.average(per_sample, weights=sample_weight))


def _loss_and_link(output, z, y, link):
    """Per-sample loss of the logits ``z``; writes ``link(z)`` into ``link``."""
    if output == "softmax":
        lse = _softmax_rows(z, link)
        return lse[:, 0] - np.einsum("ij,ij->i", y, z)
    if output == "logistic":
        expit(z, out=link)
        # -[y log p + (1-y) log(1-p)] = log(1 + e^z) - y z, summed
        return (np.logaddexp(0, z) - y * z).sum(axis=1)
    if output == "identity":
        np.subtract(z, y, out=link)
        per_sample = 0.5 * np.einsum("ij,ij->i", link, link)
        link += y
        return per_sample
    np.exp(z, out=link)
    return (link - y * z + xlogy(y, y) - y).sum(axis=1)
