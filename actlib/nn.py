r"""A tiny multilayer perceptron in NumPy, built on actlib's activations.

It exists to run the site's experiments, so it favours being read over being fast:
a dense layer is ``z = x W + b`` followed by ``a = g(z)``, with the seed's notation
``w_{j,k}`` for the weight from input ``j`` to unit ``k``. The backward pass uses the
activation's exact derivative, ``g'(z)``, from actlib. There are three losses (the seed's
squared error, softmax cross-entropy, and binary cross-entropy with logits), L1 and L2
penalties on the weights, three optimisers (SGD, momentum, Adam), and the Xavier and He
initialisations. [`train_step`][actlib.nn.train_step] is one step of the site's
playground, the reference its JavaScript model (docs/javascripts/playground/model.js) is
tested against under Node.

>>> import numpy as np
>>> from actlib import nn
>>> net = nn.MLP.create([2, 8, 1], "tanh", rng=np.random.default_rng(0))
>>> x, t = np.ones((4, 2)), np.zeros((4, 1))
>>> trace = net.forward(x)
>>> loss, grad_output = nn.mean_squared_error(trace.output, t)
>>> grads = net.backward(trace, grad_output)
>>> [g.weights.shape for g in grads] == [(2, 8), (8, 1)]
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from ._core import Activation, get

__all__ = [
    "MLP",
    "SGD",
    "Adam",
    "Dense",
    "Gradient",
    "Momentum",
    "StepReport",
    "Trace",
    "binary_cross_entropy_with_logits",
    "dead_units",
    "init_weights",
    "mean_squared_error",
    "numerical_gradient",
    "one_hot",
    "penalty",
    "penalty_gradient",
    "softmax_cross_entropy",
    "train_step",
]

Init = Literal["xavier", "he"]


def init_weights(fan_in: int, fan_out: int, scheme: Init, rng: np.random.Generator) -> np.ndarray:
    r"""Draw a ``(fan_in, fan_out)`` weight matrix from a zero-mean normal distribution.

    - ``"xavier"`` (Glorot and Bengio, 2010): variance $2 / (\text{fan\_in} + \text{fan\_out})$,
      which keeps the variance of signals roughly constant forward and backward through
      units with slope 1 at 0 (identity, tanh). For a square layer it is LeCun's
      $1/\text{fan\_in}$, the initialisation SELU was designed for.
    - ``"he"`` (He et al., 2015): variance $2 / \text{fan\_in}$, which makes up for ReLU
      zeroing half of its inputs.
    """
    if fan_in < 1 or fan_out < 1:
        raise ValueError(f"layer sizes must be >= 1; got fan_in={fan_in}, fan_out={fan_out}")
    if scheme == "xavier":
        std = np.sqrt(2.0 / (fan_in + fan_out))
    elif scheme == "he":
        std = np.sqrt(2.0 / fan_in)
    else:
        raise ValueError(f"init must be 'xavier' or 'he'; got {scheme!r}")
    return rng.normal(0.0, std, size=(fan_in, fan_out))


@dataclass
class Dense:
    """One fully connected layer: ``g(x W + b)``, with ``W`` of shape ``(fan_in, fan_out)``."""

    weights: np.ndarray
    bias: np.ndarray
    activation: Activation
    params: Mapping[str, Any] = field(default_factory=dict)  # the activation's parameters

    def pre_activation(self, x: np.ndarray) -> np.ndarray:
        """``z = x W + b``: the input of the activation, one row per example."""
        return x @ self.weights + self.bias

    def derivative(self, z: np.ndarray) -> np.ndarray:
        """``g'(z)``, element-wise."""
        return np.asarray(self.activation.derivative(z, **self.params))

    def __call__(self, z: np.ndarray) -> np.ndarray:
        """``g(z)``, element-wise."""
        return np.asarray(self.activation(z, **self.params))


@dataclass(frozen=True)
class Trace:
    """What the forward pass keeps for the backward pass.

    ``inputs[l]`` is the input of layer ``l`` (``inputs[0]`` is the batch itself) and
    ``pre_activations[l]`` its ``z``; ``output`` is the last layer's ``g(z)``.
    """

    inputs: list[np.ndarray]
    pre_activations: list[np.ndarray]
    output: np.ndarray


@dataclass(frozen=True)
class Gradient:
    """dLoss/dW and dLoss/db of one layer."""

    weights: np.ndarray
    bias: np.ndarray


@dataclass
class MLP:
    """A stack of [`Dense`][actlib.nn.Dense] layers, trained by backpropagation and plain SGD."""

    layers: list[Dense]

    @classmethod
    def create(
        cls,
        sizes: Sequence[int],
        activation: str | Sequence[str],
        *,
        output_activation: str = "identity",
        init: Init = "he",
        rng: np.random.Generator,
        params: Mapping[str, Any] | None = None,
    ) -> MLP:
        """Build a network with layer widths ``sizes`` (input first, output last).

        ``activation`` names the hidden layers' activation (one name for all, or one
        per hidden layer); ``params`` are its parameters (``{"negative_slope": 0.1}``).
        The output layer uses ``output_activation``, with its default parameters.
        Biases start at 0.
        """
        if len(sizes) < 2:
            raise ValueError(f"sizes needs an input and an output width; got {list(sizes)}")
        hidden = len(sizes) - 2
        names = [activation] * hidden if isinstance(activation, str) else list(activation)
        if len(names) != hidden:
            raise ValueError(
                f"{hidden} hidden layer(s) need {hidden} activation name(s); got {len(names)}"
            )
        kinds = [*[(n, dict(params or {})) for n in names], (output_activation, {})]
        layers = []
        for fan_in, fan_out, (name, layer_params) in zip(sizes[:-1], sizes[1:], kinds, strict=True):
            act = get(name)
            if not isinstance(act, Activation):
                raise ValueError(
                    f"{name!r} is not element-wise; use softmax_cross_entropy on the logits"
                )
            layers.append(
                Dense(
                    weights=init_weights(fan_in, fan_out, init, rng),
                    bias=np.zeros(fan_out),
                    activation=act,
                    params=layer_params,
                )
            )
        return cls(layers)

    @classmethod
    def from_weights(
        cls,
        weights: Sequence[np.ndarray],
        biases: Sequence[np.ndarray],
        activations: Sequence[tuple[str, Mapping[str, Any]]],
    ) -> MLP:
        """The network with these weights and biases (copied), inputs first, and a linear output.

        ``activations`` gives each hidden layer's activation and its parameters, as
        ``(name, params)``: one fewer than there are weight matrices.
        """
        if len(biases) != len(weights) or len(activations) != len(weights) - 1:
            raise ValueError(
                f"{len(weights)} weight matrices need as many bias vectors and "
                f"{len(weights) - 1} activations; got {len(biases)} and {len(activations)}"
            )
        kinds = [*activations, ("identity", {})]
        layers = []
        for w, b, (name, params) in zip(weights, biases, kinds, strict=True):
            act = get(name)
            if not isinstance(act, Activation):
                raise ValueError(f"{name!r} is not element-wise")
            layers.append(
                Dense(
                    weights=np.array(w, dtype=np.float64),
                    bias=np.array(b, dtype=np.float64),
                    activation=act,
                    params=dict(params),
                )
            )
        return cls(layers)

    def forward(self, x: np.ndarray) -> Trace:
        """Run a batch ``x`` of shape ``(n_examples, sizes[0])`` through every layer."""
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.layers[0].weights.shape[0]:
            raise ValueError(
                f"x must have shape (n_examples, {self.layers[0].weights.shape[0]}); got {x.shape}"
            )
        inputs, pre_activations = [], []
        for layer in self.layers:
            z = layer.pre_activation(x)
            inputs.append(x)
            pre_activations.append(z)
            x = layer(z)
        return Trace(inputs, pre_activations, x)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x).output

    def backward(self, trace: Trace, grad_output: np.ndarray) -> list[Gradient]:
        r"""Backpropagate dLoss/d(output) and return every layer's [`Gradient`][actlib.nn.Gradient].

        For each layer, from the last to the first, the chain rule gives
        $\delta = \partial L / \partial z = (\partial L / \partial a) \odot g'(z)$, then
        $\partial L / \partial W = x^\top \delta$, $\partial L / \partial b = \sum \delta$
        and $\partial L / \partial x = \delta W^\top$ for the layer below. For the output
        layer and the seed's squared error, $x_j \delta_k$ is exactly
        $(g(z_k) - t_k)\, g'(z_k)\, x_j$.
        """
        grad_a = np.asarray(grad_output, dtype=np.float64)
        if grad_a.shape != trace.output.shape:
            raise ValueError(
                f"grad_output must have the output's shape {trace.output.shape}; got {grad_a.shape}"
            )
        grads: list[Gradient] = []
        for index in reversed(range(len(self.layers))):
            layer = self.layers[index]
            delta = grad_a * layer.derivative(trace.pre_activations[index])
            x = trace.inputs[index]
            grads.append(Gradient(weights=x.T @ delta, bias=delta.sum(axis=0)))
            if index > 0:  # the input of the first layer is the data: no gradient needed
                grad_a = delta @ layer.weights.T
        return grads[::-1]

    def sgd_step(self, grads: Sequence[Gradient], learning_rate: float) -> None:
        """Plain gradient descent: ``W -= learning_rate * dL/dW`` (and the same for b)."""
        if not learning_rate > 0:
            raise ValueError(f"learning_rate must be > 0; got {learning_rate!r}")
        for layer, grad in zip(self.layers, grads, strict=True):
            layer.weights -= learning_rate * grad.weights
            layer.bias -= learning_rate * grad.bias


# ---------------------------------------------------------------------------
# Losses: each returns (loss, dLoss/d(network output)), averaged over the batch
# ---------------------------------------------------------------------------


def _check_pair(output: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    output = np.asarray(output, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    if output.ndim != 2 or output.shape != target.shape:
        raise ValueError(
            f"output and target must be 2-D arrays of the same shape; "
            f"got {output.shape} and {target.shape}"
        )
    return output, target


def mean_squared_error(output: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
    r"""The seed's squared error, averaged over the batch, and its gradient.

    Per example $E = \frac{1}{2} \sum_k (y_k - t_k)^2$, whose gradient is $y_k - t_k$
    (the 1/2 is there to cancel the 2). Returns the mean of $E$ over the ``n`` rows and
    $(y - t) / n$.
    """
    output, target = _check_pair(output, target)
    n = output.shape[0]
    error = output - target
    return float(0.5 * np.sum(error**2) / n), error / n


def softmax_cross_entropy(logits: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
    r"""Cross-entropy of ``softmax(logits)`` against target distributions, and its gradient.

    Per example $L = -\sum_k y_k \ln s_k$ with $s = \operatorname{softmax}(z)$; the
    gradient with respect to the logits is $s - y$ whenever each row of $y$ sums to 1.
    Returns the mean of $L$ over the ``n`` rows and $(s - y) / n$. ``log_softmax`` keeps
    the loss finite even when a probability underflows to 0.
    """
    logits, target = _check_pair(logits, target)
    n = logits.shape[0]
    log_softmax = get("log_softmax")
    softmax = get("softmax")
    loss = -np.sum(target * log_softmax(logits, axis=-1)) / n
    return float(loss), (softmax(logits, axis=-1) - target) / n


def one_hot(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Rows of 0s with a 1 at each integer label: the targets of softmax_cross_entropy."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be a 1-D integer array; got {labels.dtype}{labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"labels must lie in [0, {n_classes - 1}]")
    return np.eye(n_classes)[labels]


def numerical_gradient(
    loss: Callable[[], float], array: np.ndarray, step: float = 1e-6
) -> np.ndarray:
    r"""Central differences $(L(w + h) - L(w - h)) / 2h$ for every entry $w$ of ``array``.

    ``loss`` is called with no arguments and must read ``array``, which is perturbed in
    place one entry at a time and restored exactly. The error is $O(h^2)$ from the
    truncated Taylor series plus about $\varepsilon L / h$ from rounding, near 1e-10
    for $h = 10^{-6}$ and a loss of order 1: the independent check of a backward pass.
    """
    if not step > 0:
        raise ValueError(f"step must be > 0; got {step!r}")
    grad = np.empty_like(array, dtype=np.float64)
    flat, flat_grad = array.reshape(-1), grad.reshape(-1)
    if not np.shares_memory(flat, array):
        raise ValueError("array must be contiguous, so that it can be perturbed in place")
    for i in range(flat.size):
        saved = flat[i]
        flat[i] = saved + step
        above = loss()
        flat[i] = saved - step
        below = loss()
        flat[i] = saved
        flat_grad[i] = (above - below) / (2 * step)
    return grad


def binary_cross_entropy_with_logits(
    logits: np.ndarray, target: np.ndarray
) -> tuple[float, np.ndarray]:
    r"""Binary cross-entropy of ``sigmoid(logits)`` against labels 0 or 1, and its gradient.

    Per example $L = -t \ln \sigma(s) - (1 - t) \ln(1 - \sigma(s)) = \operatorname{softplus}(s)
    - t s$, with actlib's softplus, which never overflows; the gradient with respect to the
    logit is $\sigma(s) - t$. Returns the mean of $L$ over the ``n`` rows and
    $(\sigma(s) - t) / n$.
    """
    logits, target = _check_pair(logits, target)
    n = logits.shape[0]
    softplus = get("softplus")
    sigmoid = get("sigmoid")
    loss = np.sum(np.asarray(softplus(logits)) - target * logits) / n
    return float(loss), (np.asarray(sigmoid(logits)) - target) / n


# ---------------------------------------------------------------------------
# Penalties on the weights (never the biases, as TensorFlow Playground does)
# ---------------------------------------------------------------------------

Regularisation = Literal["none", "l1", "l2"]


def penalty(weights: Sequence[np.ndarray], kind: Regularisation, rate: float) -> float:
    r"""``rate`` times $\sum |w|$ (L1) or $\frac{1}{2} \sum w^2$ (L2) over every weight.

    These are TensorFlow Playground's (its L2 is $\frac{1}{2} w^2$, so that the gradient is
    ``rate * w``, which is PyTorch's ``weight_decay`` for SGD).
    """
    if kind == "none":
        return 0.0
    if kind == "l1":
        return float(rate * sum(np.sum(np.abs(w)) for w in weights))
    if kind == "l2":
        return float(rate * sum(0.5 * np.sum(w * w) for w in weights))
    raise ValueError(f"regularisation must be 'none', 'l1' or 'l2'; got {kind!r}")


def penalty_gradient(weights: np.ndarray, kind: Regularisation, rate: float) -> np.ndarray:
    """The gradient of [`penalty`][actlib.nn.penalty] for one weight matrix.

    For L1 it is ``rate * sign(w)``, with 0 at ``w = 0`` (the subgradient closest to 0).
    """
    if kind == "none":
        return np.zeros_like(weights)
    if kind == "l1":
        return rate * np.sign(weights)
    if kind == "l2":
        return rate * weights
    raise ValueError(f"regularisation must be 'none', 'l1' or 'l2'; got {kind!r}")


# ---------------------------------------------------------------------------
# Optimisers: each updates a list of arrays in place from their gradients
# ---------------------------------------------------------------------------
# The update rules are the pseudocode of PyTorch's documentation of torch.optim.SGD (2.0)
# and torch.optim.Adam (1.13; the same in 2.0), with dampening 0, nesterov, maximize and
# amsgrad off and no weight decay (the penalties above take its place).


@dataclass
class SGD:
    """Plain gradient descent: ``p -= rate * g``."""

    rate: float

    def update(self, parameters: Sequence[np.ndarray], gradients: Sequence[np.ndarray]) -> None:
        """Move every parameter against its gradient, in place."""
        for p, g in zip(parameters, gradients, strict=True):
            p -= self.rate * g


@dataclass
class Momentum:
    r"""SGD with momentum, PyTorch's form.

    $b_1 = g_1$, then $b_t = \beta b_{t-1} + g_t$; $p \mathrel{-}= \text{rate}\, b_t$.
    """

    rate: float
    beta: float = 0.9
    buffers: list[np.ndarray] | None = None

    def update(self, parameters: Sequence[np.ndarray], gradients: Sequence[np.ndarray]) -> None:
        """Update the velocity buffers, then move every parameter, in place."""
        if self.buffers is None:
            self.buffers = [np.array(g, dtype=np.float64) for g in gradients]
        else:
            for b, g in zip(self.buffers, gradients, strict=True):
                b *= self.beta
                b += g
        for p, b in zip(parameters, self.buffers, strict=True):
            p -= self.rate * b


@dataclass
class Adam:
    r"""Adam (Kingma and Ba, 2015), as PyTorch writes it.

    $m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t$, $v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2$,
    $\hat m = m_t / (1 - \beta_1^t)$, $\hat v = v_t / (1 - \beta_2^t)$ and
    $p \mathrel{-}= \text{rate}\, \hat m / (\sqrt{\hat v} + \epsilon)$, from $m_0 = v_0 = 0$.
    """

    rate: float
    beta1: float = 0.9
    beta2: float = 0.999
    epsilon: float = 1e-8
    steps: int = 0
    first: list[np.ndarray] | None = None
    second: list[np.ndarray] | None = None

    def update(self, parameters: Sequence[np.ndarray], gradients: Sequence[np.ndarray]) -> None:
        """Update both moments, then move every parameter, in place."""
        if self.first is None or self.second is None:
            self.first = [np.zeros_like(g, dtype=np.float64) for g in gradients]
            self.second = [np.zeros_like(g, dtype=np.float64) for g in gradients]
        self.steps += 1
        correction1 = 1 - self.beta1**self.steps
        correction2 = 1 - self.beta2**self.steps
        for p, g, m, v in zip(parameters, gradients, self.first, self.second, strict=True):
            m *= self.beta1
            m += (1 - self.beta1) * g
            v *= self.beta2
            v += (1 - self.beta2) * g * g
            p -= self.rate * (m / correction1) / (np.sqrt(v / correction2) + self.epsilon)


Optimiser = SGD | Momentum | Adam

# ---------------------------------------------------------------------------
# The playground's step
# ---------------------------------------------------------------------------

Task = Literal["classification", "regression"]


@dataclass(frozen=True)
class StepReport:
    """What one training step saw, before it moved the weights.

    ``loss`` is the data loss on the batch (without the penalty, as TensorFlow Playground
    shows it); ``gradients`` are those of the objective (data loss plus penalty), which the
    optimiser used, and ``norms`` their weights' Frobenius norms, one per layer.
    ``unit_gradients[l][j]`` is the mean of $|\\partial L / \\partial w|$ over the weights
    into unit ``j`` of layer ``l``; ``dead[l][j]`` says whether hidden unit ``j`` of hidden
    layer ``l`` had $g'(z) = 0$ at every point of the batch.
    """

    loss: float
    gradients: list[Gradient]
    norms: list[float]
    unit_gradients: list[np.ndarray]
    dead: list[np.ndarray]


def dead_units(net: MLP, x: np.ndarray) -> list[np.ndarray]:
    """For each hidden layer, which units have ``g'(z) = 0`` at every row of ``x``."""
    return _dead(net, net.forward(x))


def _dead(net: MLP, trace: Trace) -> list[np.ndarray]:
    return [
        np.all(layer.derivative(z) == 0, axis=0)
        for layer, z in zip(net.layers[:-1], trace.pre_activations[:-1], strict=True)
    ]


def train_step(
    net: MLP,
    x: np.ndarray,
    target: np.ndarray,
    optimiser: Optimiser,
    *,
    task: Task = "classification",
    regularisation: Regularisation = "none",
    regularisation_rate: float = 0.0,
) -> StepReport:
    """One step on the batch ``(x, target)``: the playground's, whose output layer is linear.

    ``target`` has one column: labels 0 or 1 for classification (binary cross-entropy
    with logits), real numbers for regression (the squared error halved, TensorFlow
    Playground's). The penalty's gradient is added to each weight matrix's before the
    optimiser sees it.
    """
    loss_fn: Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]]
    if task == "classification":
        loss_fn = binary_cross_entropy_with_logits
    elif task == "regression":
        loss_fn = mean_squared_error
    else:
        raise ValueError(f"task must be 'classification' or 'regression'; got {task!r}")
    trace = net.forward(x)
    loss, grad_output = loss_fn(trace.output, target)
    data_grads = net.backward(trace, grad_output)
    grads = [
        Gradient(
            weights=g.weights
            + penalty_gradient(layer.weights, regularisation, regularisation_rate),
            bias=g.bias,
        )
        for layer, g in zip(net.layers, data_grads, strict=True)
    ]
    dead = _dead(net, trace)
    report = StepReport(
        loss=loss,
        gradients=grads,
        norms=[float(np.linalg.norm(g.weights)) for g in grads],
        unit_gradients=[np.mean(np.abs(g.weights), axis=0) for g in grads],
        dead=dead,
    )
    parameters = [p for layer in net.layers for p in (layer.weights, layer.bias)]
    optimiser.update(parameters, [a for g in grads for a in (g.weights, g.bias)])
    return report
