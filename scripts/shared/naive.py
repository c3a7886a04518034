"""The textbook formulas, written the plain NumPy way: what actlib is measured against.

``NAIVE[name] = (f, df)`` for every element-wise activation, with actlib's parameter
names and defaults; ``NAIVE_VECTOR[name] = (f, vjp)`` for the vector functions, and
``NAIVE_GATED[name] = (f, vjp)`` for the gated linear units (GLU, SwiGLU...). These
are deliberately the forms found in lecture notes and blog posts (sigmoid' = p (1 - p),
tanh' = 1 - tanh^2, softplus = log(1 + exp(x))), so they overflow, cancel and round to 0
where actlib does not: the benchmark compares speed with them, and the accuracy figure
compares errors. They may raise RuntimeWarnings; callers silence them with
``np.errstate(all="ignore")``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy.special import erf

Fn = Callable[..., np.ndarray]

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
GELU_TANH_K = math.sqrt(2.0 / math.pi)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _softplus(x: np.ndarray) -> np.ndarray:
    return np.log(1.0 + np.exp(x))


def _sigmoid_derivative(x: np.ndarray) -> np.ndarray:
    p = _sigmoid(x)
    return p * (1.0 - p)


def _tanh_derivative(x: np.ndarray) -> np.ndarray:
    return 1.0 - np.tanh(x) ** 2


def _gelu(x: np.ndarray, approximate: str = "none") -> np.ndarray:
    if approximate == "tanh":
        return 0.5 * x * (1.0 + np.tanh(GELU_TANH_K * (x + 0.044715 * x**3)))
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def _gelu_derivative(x: np.ndarray, approximate: str = "none") -> np.ndarray:
    if approximate == "tanh":
        t = np.tanh(GELU_TANH_K * (x + 0.044715 * x**3))
        return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t**2) * GELU_TANH_K * (1.0 + 3 * 0.044715 * x**2)
    return 0.5 * (1.0 + erf(x / math.sqrt(2.0))) + x * np.exp(-(x**2) / 2) / math.sqrt(2 * math.pi)


def _mish_derivative(x: np.ndarray) -> np.ndarray:
    t = np.tanh(_softplus(x))
    return t + x * (1.0 - t**2) * _sigmoid(x)


NAIVE: dict[str, tuple[Fn, Fn]] = {
    "identity": (lambda x: x * 1.0, lambda x: np.ones_like(x)),
    "binary_step": (lambda x: np.where(x >= 0, 1.0, 0.0), lambda x: np.zeros_like(x)),
    "sigmoid": (_sigmoid, _sigmoid_derivative),
    "tanh": (np.tanh, _tanh_derivative),
    "relu": (lambda x: np.maximum(x, 0.0), lambda x: np.where(x > 0, 1.0, 0.0)),
    "leaky_relu": (
        lambda x, negative_slope=0.01: np.where(x > 0, x, negative_slope * x),
        lambda x, negative_slope=0.01: np.where(x > 0, 1.0, negative_slope),
    ),
    "elu": (
        lambda x, alpha=1.0: np.where(x > 0, x, alpha * (np.exp(x) - 1.0)),
        lambda x, alpha=1.0: np.where(x > 0, 1.0, alpha * np.exp(x)),
    ),
    "celu": (
        lambda x, alpha=1.0: np.where(x > 0, x, alpha * (np.exp(x / alpha) - 1.0)),
        lambda x, alpha=1.0: np.where(x > 0, 1.0, np.exp(x / alpha)),
    ),
    "selu": (
        lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * (np.exp(x) - 1.0)),
        lambda x: SELU_SCALE * np.where(x > 0, 1.0, SELU_ALPHA * np.exp(x)),
    ),
    "softplus": (
        lambda x, beta=1.0: _softplus(beta * x) / beta,
        lambda x, beta=1.0: _sigmoid(beta * x),
    ),
    "log_sigmoid": (lambda x: np.log(_sigmoid(x)), lambda x: 1.0 - _sigmoid(x)),
    "silu": (
        lambda x: x * _sigmoid(x),
        lambda x: _sigmoid(x) + x * _sigmoid_derivative(x),
    ),
    "gelu": (_gelu, _gelu_derivative),
    "mish": (lambda x: x * np.tanh(_softplus(x)), _mish_derivative),
    "relu6": (
        lambda x: np.minimum(np.maximum(x, 0.0), 6.0),
        lambda x: np.where((x > 0) & (x < 6), 1.0, 0.0),
    ),
    "hardtanh": (
        lambda x, min_val=-1.0, max_val=1.0: np.clip(x, min_val, max_val),
        lambda x, min_val=-1.0, max_val=1.0: np.where((x > min_val) & (x < max_val), 1.0, 0.0),
    ),
    "hardsigmoid": (
        lambda x: np.clip(x / 6.0 + 0.5, 0.0, 1.0),
        lambda x: np.where(np.abs(x) < 3, 1.0 / 6.0, 0.0),
    ),
    "hardswish": (
        lambda x: x * np.clip(x + 3.0, 0.0, 6.0) / 6.0,
        lambda x: np.where(x < -3, 0.0, np.where(x >= 3, 1.0, (2.0 * x + 3.0) / 6.0)),
    ),
    "softsign": (lambda x: x / (1.0 + np.abs(x)), lambda x: 1.0 / (1.0 + np.abs(x)) ** 2),
    "tanhshrink": (lambda x: x - np.tanh(x), lambda x: np.tanh(x) ** 2),
    "arctan": (np.arctan, lambda x: 1.0 / (1.0 + x**2)),
    "lecun_tanh": (
        lambda x: 1.7159 * np.tanh(2.0 * x / 3.0),
        lambda x: 1.7159 * 2.0 / 3.0 * (1.0 - np.tanh(2.0 * x / 3.0) ** 2),
    ),
    "squared_relu": (
        lambda x: np.maximum(x, 0.0) ** 2,
        lambda x: 2.0 * np.maximum(x, 0.0),
    ),
    "exponential": (np.exp, np.exp),
    "gaussian": (lambda x: np.exp(-(x**2)), lambda x: -2.0 * x * np.exp(-(x**2))),
    "hardshrink": (
        lambda x, lambd=0.5: np.where(np.abs(x) > lambd, x, 0.0),
        lambda x, lambd=0.5: np.where(np.abs(x) > lambd, 1.0, 0.0),
    ),
    "softshrink": (
        lambda x, lambd=0.5: np.where(x > lambd, x - lambd, np.where(x < -lambd, x + lambd, 0.0)),
        lambda x, lambd=0.5: np.where(np.abs(x) > lambd, 1.0, 0.0),
    ),
    "rrelu": (
        lambda x, lower=1 / 8, upper=1 / 3: np.where(x > 0, x, (lower + upper) / 2 * x),
        lambda x, lower=1 / 8, upper=1 / 3: np.where(x > 0, 1.0, (lower + upper) / 2),
    ),
    "threshold": (
        lambda x, threshold=1.0, value=0.0: np.where(x > threshold, x, value),
        lambda x, threshold=1.0, value=0.0: np.where(x > threshold, 1.0, 0.0),
    ),
    "squareplus": (
        lambda x, b=4.0: (x + np.sqrt(x**2 + b)) / 2.0,
        lambda x, b=4.0: (1.0 + x / np.sqrt(x**2 + b)) / 2.0,
    ),
    "sinusoid": (
        lambda x, omega=1.0: np.sin(omega * x),
        lambda x, omega=1.0: omega * np.cos(omega * x),
    ),
    "sparse_plus": (
        lambda x: np.where(x <= -1, 0.0, np.where(x >= 1, x, (x + 1.0) ** 2 / 4.0)),
        lambda x: np.where(x <= -1, 0.0, np.where(x >= 1, 1.0, (x + 1.0) / 2.0)),
    ),
    "sparse_sigmoid": (
        lambda x: np.where(x <= -1, 0.0, np.where(x >= 1, 1.0, (x + 1.0) / 2.0)),
        lambda x: np.where(np.abs(x) < 1, 0.5, 0.0),
    ),
}


def _softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def _softmax_vjp(z: np.ndarray, g: np.ndarray, axis: int = -1) -> np.ndarray:
    s = _softmax(z, axis)
    return s * (g - np.sum(g * s, axis=axis, keepdims=True))


def _log_softmax_vjp(z: np.ndarray, g: np.ndarray, axis: int = -1) -> np.ndarray:
    return g - _softmax(z, axis) * np.sum(g, axis=axis, keepdims=True)


def _sparsemax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    zs = -np.sort(-z, axis=axis)
    k = np.arange(1, z.shape[axis] + 1).reshape(
        [-1 if a == axis % z.ndim else 1 for a in range(z.ndim)]
    )
    cs = np.cumsum(zs, axis=axis)
    size = np.sum(1 + k * zs > cs, axis=axis, keepdims=True)
    tau = (np.take_along_axis(cs, size - 1, axis=axis) - 1) / size
    return np.maximum(z - tau, 0.0)


def _sparsemax_vjp(z: np.ndarray, g: np.ndarray, axis: int = -1) -> np.ndarray:
    s = _sparsemax(z, axis) > 0
    return s * (g - np.sum(s * g, axis=axis, keepdims=True) / np.sum(s, axis=axis, keepdims=True))


NAIVE_VECTOR: dict[str, tuple[Fn, Fn]] = {
    "softmax": (_softmax, _softmax_vjp),
    "log_softmax": (lambda z, axis=-1: np.log(_softmax(z, axis)), _log_softmax_vjp),
    "softmin": (
        lambda z, axis=-1: _softmax(-z, axis),
        lambda z, g, axis=-1: -_softmax_vjp(-z, g, axis),
    ),
    "sparsemax": (_sparsemax, _sparsemax_vjp),
}


def _naive_gated(gate: str) -> tuple[Fn, Fn]:
    """``(f, vjp)`` of the gated unit with this element-wise gate: a * g(b), textbook."""
    g, dg = NAIVE[gate]

    def f(z: np.ndarray, axis: int = -1) -> np.ndarray:
        a, b = np.split(z, 2, axis=axis)
        return a * g(b)

    def vjp(z: np.ndarray, u: np.ndarray, axis: int = -1) -> np.ndarray:
        a, b = np.split(z, 2, axis=axis)
        return np.concatenate([u * g(b), u * a * dg(b)], axis=axis)

    return f, vjp


# The gated linear units: ``NAIVE_GATED[name] = (f, vjp)``, the vjp taking u of f's shape.
NAIVE_GATED: dict[str, tuple[Fn, Fn]] = {
    "glu": _naive_gated("sigmoid"),
    "reglu": _naive_gated("relu"),
    "geglu": _naive_gated("gelu"),
    "swiglu": _naive_gated("silu"),
}
