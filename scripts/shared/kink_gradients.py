"""What PyTorch, JAX and Keras return as the gradient at the kinks of ReLU, ReLU6, hardtanh
and leaky ReLU, for each common way of writing them.

Each :class:`Formulation` holds the code a reader writes, where its backward rule was read
(the file, and the framework's version or commit) and that rule transcribed to NumPy as the
source writes it: the gradient with respect to ``x`` for an upstream gradient of 1. Nothing
here states a value at a kink: the page's table evaluates the transcriptions at actlib's
kinks (``actlib.get(name).kinks``), so a cell changes only when a rule is read again.

Where a rule could not be read from a pinned source, the formulation is left out rather
than guessed: Keras' ``hard_tanh`` and ``keras.ops.clip`` (``tf.clip_by_value``, whose
gradient comes from TensorFlow's ``clip_ops.py``, not read at a pinned version).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

Rule = Callable[[np.ndarray, Mapping[str, float]], np.ndarray]

# Where each rule was read. PyTorch's derivatives.yaml is read in ROCm's fork (its stored
# copy of pytorch/pytorch's file is from 2020); the entries used here are upstream's.
TORCH_YAML = (
    "PyTorch 2.9 (version.txt 2.9.0), tools/autograd/derivatives.yaml, "
    "as in ROCm/pytorch at 10b22ea"
)
TORCH_ACTIVATION = "PyTorch, aten/src/ATen/native/Activation.cpp at 000b65a"
TORCH_KERNELS = "PyTorch, aten/src/ATen/native/cpu/Activation.cpp at 02def0c"
JAX_NN = "JAX 0.11.1 (main at cec06d1), jax/_src/nn/functions.py"
JAX_LAX = "JAX 0.11.1 (main at cec06d1), jax/_src/lax/lax.py (max_p, min_p, _balanced_eq)"
JAX_NUMPY = "JAX 0.11.1 (main at cec06d1), jax/_src/numpy/lax_numpy.py (clip, where)"
KERAS_NN = (
    "Keras 3.16.0 (main at 3422977), keras/src/backend/tensorflow/nn.py; TensorFlow "
    "tensorflow/core/kernels/relu_op_functor.h at 12b1fb4"
)
KERAS_NUMPY = (
    "Keras 3.16.0 (main at 3422977), keras/src/backend/tensorflow/numpy.py; TensorFlow "
    "tensorflow/python/ops/math_grad.py at 00f0938"
)

FRAMEWORKS = ("PyTorch", "JAX", "Keras")


@dataclass(frozen=True)
class Formulation:
    activation: str  # actlib's name of the function it computes
    framework: str  # one of FRAMEWORKS
    code: str  # what the reader writes; x is the input, a the negative slope
    source: str  # where the backward rule was read
    rule: str  # the backward rule, as the source writes it
    gradient: Rule  # that rule in NumPy: d(output)/dx for an upstream gradient of 1


def _ones(x: np.ndarray) -> np.ndarray:
    return np.ones_like(x, dtype=float)


# --- The primitives' rules, each as its source writes it -------------------------------


def torch_maximum(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """derivatives.yaml, maximum: ``self: where(self == other, grad / 2, grad)
    .masked_fill_(self < other, 0)``, and ``other`` the mirror image."""
    g = _ones(np.broadcast_to(x, np.broadcast(x, y).shape))
    dx = np.where(x == y, g / 2, g)
    dy = np.where(x == y, g / 2, g)
    return np.where(x < y, 0.0, dx), np.where(x > y, 0.0, dy)


def torch_minimum(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """derivatives.yaml, minimum: ties split, the larger argument gets 0."""
    g = _ones(np.broadcast_to(x, np.broadcast(x, y).shape))
    dx = np.where(x == y, g / 2, g)
    dy = np.where(x == y, g / 2, g)
    return np.where(x > y, 0.0, dx), np.where(x < y, 0.0, dy)


def torch_clamp(x: np.ndarray, lo: float | None, hi: float | None) -> np.ndarray:
    """derivatives.yaml, clamp (Scalar bounds): ``clamp_backward``, with the file's comment
    "we return the subgradient 1 for these cases" (at min and at max)."""
    inside = np.ones_like(x, dtype=bool)
    if lo is not None:
        inside &= x >= lo
    if hi is not None:
        inside &= x <= hi
    return np.where(inside, 1.0, 0.0)


def torch_threshold_backward(result: np.ndarray, threshold: float) -> np.ndarray:
    """Activation.cpp, threshold_backward: ``self <= threshold ? 0 : grad``; relu's entry
    passes its result: ``threshold_backward(grad, result, 0)``."""
    return np.where(result <= threshold, 0.0, 1.0)


def torch_hardtanh_backward(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """cpu/Activation.cpp, hardtanh_backward: ``(self <= min || self >= max) ? 0 : grad``."""
    return np.where((x <= lo) | (x >= hi), 0.0, 1.0)


def torch_leaky_relu_backward(x: np.ndarray, slope: float) -> np.ndarray:
    """cpu/Activation.cpp, leaky_relu_backward: ``a > 0 ? b : b * negval`` (a the input)."""
    return np.where(x > 0, 1.0, slope)


def jax_balanced_eq(x: np.ndarray, z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """lax.py, ``_balanced_eq(x, z, y)``: ``(x == z ? 1 : 0) / (y == z ? 2 : 1)``, the JVP
    factor of max_p and min_p for the argument x, z the result and y the other argument."""
    return np.where(x == z, 1.0, 0.0) / np.where(y == z, 2.0, 1.0)


def jax_max(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    z = np.maximum(x, y)
    return jax_balanced_eq(x, z, y), jax_balanced_eq(y, z, x)


def jax_min(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    z = np.minimum(x, y)
    return jax_balanced_eq(x, z, y), jax_balanced_eq(y, z, x)


def jax_clip(x: np.ndarray, lo: float | None, hi: float | None) -> np.ndarray:
    """lax_numpy.py, clip: ``arr = maximum(min, arr)``, then ``arr = minimum(max, arr)``."""
    grad = _ones(x)
    if lo is not None:
        grad = grad * jax_max(np.full_like(x, lo), x)[1]
        x = np.maximum(lo, x)
    if hi is not None:
        grad = grad * jax_min(np.full_like(x, hi), x)[1]
    return grad


def tf_maximum(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """math_grad.py, _MaximumGrad: ``xmask = greater_equal(x, y)``; x gets the gradient
    where the mask holds, y where it does not, so a tie goes wholly to x."""
    mask = x >= y
    return np.where(mask, 1.0, 0.0), np.where(mask, 0.0, 1.0)


def tf_relu_grad(x: np.ndarray) -> np.ndarray:
    """relu_op_functor.h, ReluGrad: ``gradients * (features > 0)``."""
    return np.where(x > 0, 1.0, 0.0)


def tf_relu6_grad(x: np.ndarray) -> np.ndarray:
    """relu_op_functor.h, Relu6Grad: ``gradients * ((features > 0) * (features < 6))``."""
    return np.where((x > 0) & (x < 6), 1.0, 0.0)


def tf_leaky_relu_grad(x: np.ndarray, alpha: float) -> np.ndarray:
    """relu_op_functor.h, LeakyReluGrad: ``(features > 0).select(gradients, gradients * alpha)``."""
    return np.where(x > 0, 1.0, alpha)


def select(condition: np.ndarray, d_true: np.ndarray, d_false: np.ndarray) -> np.ndarray:
    """torch.where, lax.select_n and TensorFlow's SelectV2 alike: each branch's gradient
    where it was selected (derivatives.yaml where.self; lax.py _select_jvp; math_grad.py
    _SelectGradV2)."""
    return np.where(condition, d_true, d_false)


# --- The formulations ------------------------------------------------------------------


def _slope(p: Mapping[str, float]) -> float:
    return float(p["negative_slope"])


def _sum_through_max(pair: tuple[np.ndarray, np.ndarray], dy_dx: float) -> np.ndarray:
    """d max(x, g(x))/dx = d/dx-part + d/dy-part * g'(x)."""
    return pair[0] + pair[1] * dy_dx


FORMULATIONS: tuple[Formulation, ...] = (
    # ReLU
    Formulation(
        "relu", "PyTorch", "torch.relu(x)", TORCH_YAML,
        "relu: threshold_backward(grad, result, 0)",
        lambda x, p: torch_threshold_backward(np.maximum(x, 0.0), 0.0),
    ),
    Formulation(
        "relu", "PyTorch", "torch.where(x > 0, x, 0)", TORCH_YAML,
        "where.self: self: where(condition, grad, 0)",
        lambda x, p: select(x > 0, _ones(x), np.zeros_like(x)),
    ),
    Formulation(
        "relu", "PyTorch", "torch.maximum(x, torch.zeros_like(x))", TORCH_YAML,
        "maximum: ties get grad / 2 each",
        lambda x, p: torch_maximum(x, np.zeros_like(x))[0],
    ),
    Formulation(
        "relu", "PyTorch", "torch.clamp(x, min=0)", TORCH_YAML,
        "clamp: clamp_backward, subgradient 1 at min and max",
        lambda x, p: torch_clamp(x, 0.0, None),
    ),
    Formulation(
        "relu", "JAX", "jax.nn.relu(x)", JAX_NN,
        "relu.defjvps(lambda g, ans, x: lax.select(x > 0, g, lax.full_like(g, 0)))",
        lambda x, p: select(x > 0, _ones(x), np.zeros_like(x)),
    ),
    Formulation(
        "relu", "JAX", "jnp.maximum(x, 0)", JAX_LAX,
        "max_p: mul(g, _balanced_eq(x, ans, y))",
        lambda x, p: jax_max(x, np.zeros_like(x))[0],
    ),
    Formulation(
        "relu", "JAX", "jnp.where(x > 0, x, 0)", JAX_NUMPY,
        "where: lax.select, whose JVP selects the tangents",
        lambda x, p: select(x > 0, _ones(x), np.zeros_like(x)),
    ),
    Formulation(
        "relu", "JAX", "jnp.clip(x, 0)", JAX_NUMPY,
        "clip: maximum(min, arr)",
        lambda x, p: jax_clip(x, 0.0, None),
    ),
    Formulation(
        "relu", "Keras", "keras.ops.relu(x)", KERAS_NN,
        "tf.nn.relu; ReluGrad: gradients * (features > 0)",
        lambda x, p: tf_relu_grad(x),
    ),
    Formulation(
        "relu", "Keras", "keras.ops.maximum(x, 0)", KERAS_NUMPY,
        "tf.maximum; _MaximumGrad: xmask = greater_equal(x, y)",
        lambda x, p: tf_maximum(x, np.zeros_like(x))[0],
    ),
    Formulation(
        "relu", "Keras", "keras.ops.where(x > 0, x, 0)", KERAS_NUMPY,
        "tf.where; _SelectGradV2: where_v2(c, grad, zeros)",
        lambda x, p: select(x > 0, _ones(x), np.zeros_like(x)),
    ),
    # ReLU6
    Formulation(
        "relu6", "PyTorch", "torch.nn.functional.relu6(x)", TORCH_ACTIVATION,
        "relu6 = hardtanh(self, 0, 6); hardtanh_backward: (self <= min || self >= max) ? 0",
        lambda x, p: torch_hardtanh_backward(x, 0.0, 6.0),
    ),
    Formulation(
        "relu6", "PyTorch", "torch.clamp(x, 0, 6)", TORCH_YAML,
        "clamp: clamp_backward, subgradient 1 at min and max",
        lambda x, p: torch_clamp(x, 0.0, 6.0),
    ),
    Formulation(
        "relu6", "PyTorch",
        "torch.minimum(torch.maximum(x, torch.zeros_like(x)), torch.full_like(x, 6))",
        TORCH_YAML,
        "maximum and minimum: ties get grad / 2 each",
        lambda x, p: torch_maximum(x, np.zeros_like(x))[0]
        * torch_minimum(np.maximum(x, 0.0), np.full_like(x, 6.0))[0],
    ),
    Formulation(
        "relu6", "JAX", "jax.nn.relu6(x)", JAX_NN,
        "relu6.defjvps(... lax.select((x > 0) & (x < 6), g, lax.full_like(g, 0)))",
        lambda x, p: select((x > 0) & (x < 6), _ones(x), np.zeros_like(x)),
    ),
    Formulation(
        "relu6", "JAX", "jnp.clip(x, 0, 6)", JAX_NUMPY,
        "clip: minimum(max, maximum(min, arr)); max_p and min_p split ties",
        lambda x, p: jax_clip(x, 0.0, 6.0),
    ),
    Formulation(
        "relu6", "Keras", "keras.ops.relu6(x)", KERAS_NN,
        "tf.nn.relu6; Relu6Grad: gradients * ((features > 0) * (features < 6))",
        lambda x, p: tf_relu6_grad(x),
    ),
    # Hardtanh, at its defaults [-1, 1]
    Formulation(
        "hardtanh", "PyTorch", "torch.nn.functional.hardtanh(x)", TORCH_KERNELS,
        "hardtanh_backward: (self <= min || self >= max) ? 0 : grad",
        lambda x, p: torch_hardtanh_backward(x, p["min_val"], p["max_val"]),
    ),
    Formulation(
        "hardtanh", "PyTorch", "torch.clamp(x, -1, 1)", TORCH_YAML,
        "clamp: clamp_backward, subgradient 1 at min and max",
        lambda x, p: torch_clamp(x, p["min_val"], p["max_val"]),
    ),
    Formulation(
        "hardtanh", "JAX", "jax.nn.hard_tanh(x)", JAX_NN,
        "jnp.where(x > 1, 1, jnp.where(x < -1, -1, x))",
        lambda x, p: select(
            x > p["max_val"], np.zeros_like(x), select(x < p["min_val"], np.zeros_like(x), _ones(x))
        ),
    ),
    Formulation(
        "hardtanh", "JAX", "jnp.clip(x, -1, 1)", JAX_NUMPY,
        "clip: minimum(max, maximum(min, arr)); max_p and min_p split ties",
        lambda x, p: jax_clip(x, p["min_val"], p["max_val"]),
    ),
    # Leaky ReLU, slope a
    Formulation(
        "leaky_relu", "PyTorch", "torch.nn.functional.leaky_relu(x, a)", TORCH_KERNELS,
        "leaky_relu_backward: a > 0 ? b : b * negval",
        lambda x, p: torch_leaky_relu_backward(x, _slope(p)),
    ),
    Formulation(
        "leaky_relu", "PyTorch", "torch.where(x >= 0, x, a * x)", TORCH_YAML,
        "where.self: self: where(condition, grad, 0)",
        lambda x, p: select(x >= 0, _ones(x), np.full_like(x, _slope(p))),
    ),
    Formulation(
        "leaky_relu", "PyTorch", "torch.maximum(x, a * x)", TORCH_YAML,
        "maximum: ties get grad / 2 each",
        lambda x, p: _sum_through_max(torch_maximum(x, _slope(p) * x), _slope(p)),
    ),
    Formulation(
        "leaky_relu", "JAX", "jax.nn.leaky_relu(x, a)", JAX_NN,
        "jnp.where(x_arr >= 0, x_arr, negative_slope * x_arr)",
        lambda x, p: select(x >= 0, _ones(x), np.full_like(x, _slope(p))),
    ),
    Formulation(
        "leaky_relu", "JAX", "jnp.maximum(x, a * x)", JAX_LAX,
        "max_p: mul(g, _balanced_eq(x, ans, y))",
        lambda x, p: _sum_through_max(jax_max(x, _slope(p) * x), _slope(p)),
    ),
    Formulation(
        "leaky_relu", "Keras", "keras.ops.leaky_relu(x, a)", KERAS_NN,
        "tf.nn.leaky_relu; LeakyReluGrad: (features > 0).select(gradients, gradients * alpha)",
        lambda x, p: tf_leaky_relu_grad(x, _slope(p)),
    ),
    Formulation(
        "leaky_relu", "Keras", "keras.ops.maximum(x, a * x)", KERAS_NUMPY,
        "tf.maximum; _MaximumGrad: xmask = greater_equal(x, y)",
        lambda x, p: _sum_through_max(tf_maximum(x, _slope(p) * x), _slope(p)),
    ),
)  # fmt: skip

# The framework's own activation, first in its block: its value at a kink is what the
# function pages' notes state.
NATIVE = {
    ("relu", "PyTorch"): "torch.relu(x)",
    ("relu", "JAX"): "jax.nn.relu(x)",
    ("relu", "Keras"): "keras.ops.relu(x)",
    ("relu6", "PyTorch"): "torch.nn.functional.relu6(x)",
    ("relu6", "JAX"): "jax.nn.relu6(x)",
    ("relu6", "Keras"): "keras.ops.relu6(x)",
    ("hardtanh", "PyTorch"): "torch.nn.functional.hardtanh(x)",
    ("hardtanh", "JAX"): "jax.nn.hard_tanh(x)",
    ("leaky_relu", "PyTorch"): "torch.nn.functional.leaky_relu(x, a)",
    ("leaky_relu", "JAX"): "jax.nn.leaky_relu(x, a)",
    ("leaky_relu", "Keras"): "keras.ops.leaky_relu(x, a)",
}

ACTIVATIONS = ("relu", "relu6", "hardtanh", "leaky_relu")


def formulations(activation: str) -> list[Formulation]:
    found = [f for f in FORMULATIONS if f.activation == activation]
    if not found:
        raise ValueError(f"no formulations of {activation!r}; known: {', '.join(ACTIVATIONS)}")
    return found


def gradient_at(formulation: Formulation, x: float, params: Mapping[str, float]) -> float:
    """The transcribed rule at one point, as a float."""
    return float(formulation.gradient(np.array([x], dtype=float), params)[0])
