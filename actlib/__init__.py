"""actlib: activation functions and their derivatives, exact and tested.

>>> import actlib
>>> float(actlib.sigmoid(0.0)), float(actlib.sigmoid.derivative(0.0))
(0.5, 0.25)

Every activation is an object in the registry (:func:`get`, :func:`names`), also
importable here by name. float32 and float16 inputs are computed in float64 and rounded
once, so they come back correctly rounded to within 1 ulp of their own precision.
"""

from ._core import Activation, Case, Interval, Param, VectorActivation, get, names, to_latex

# Importing the modules registers their activations, in teaching order.
from .elementwise import (
    binary_step,
    celu,
    elu,
    gelu,
    hardsigmoid,
    hardswish,
    hardtanh,
    identity,
    leaky_relu,
    linear,
    log_sigmoid,
    mish,
    relu,
    relu6,
    selu,
    sigmoid,
    silu,
    softplus,
    softshrink,
    softsign,
    swish,
    tanh,
    tanhshrink,
)
from .vector import log_softmax, softmax

__version__ = "0.1.0"

__all__ = [
    "Activation",
    "Case",
    "Interval",
    "Param",
    "VectorActivation",
    "binary_step",
    "celu",
    "elu",
    "gelu",
    "get",
    "hardsigmoid",
    "hardswish",
    "hardtanh",
    "identity",
    "leaky_relu",
    "linear",
    "log_sigmoid",
    "log_softmax",
    "mish",
    "names",
    "relu",
    "relu6",
    "selu",
    "sigmoid",
    "silu",
    "softmax",
    "softplus",
    "softshrink",
    "softsign",
    "swish",
    "tanh",
    "tanhshrink",
    "to_latex",
]
