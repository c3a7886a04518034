"""actlib: activation functions and their derivatives, exact and tested.

>>> import actlib
>>> float(actlib.sigmoid(0.0)), float(actlib.sigmoid.derivative(0.0))
(0.5, 0.25)

Every activation is an object in the registry (:func:`get`, :func:`names`), also
importable here by name. float32 and float16 inputs are computed in float64 and rounded
once, so they come back correctly rounded to within 1 ulp of their own precision.
"""

from ._core import (
    Activation,
    Case,
    GatedActivation,
    Interval,
    Param,
    VectorActivation,
    get,
    names,
    to_latex,
)

# The first of these imports runs families/__init__.py, which registers every
# activation in teaching order.
from .families.exponential import celu, elu, exponential, gaussian, selu
from .families.gated import gelu, mish, silu, swish
from .families.glu import geglu, glu, reglu, swiglu
from .families.hard import hardsigmoid, hardswish, hardtanh, relu6
from .families.linear import binary_step, identity, linear
from .families.logistic import arctan, lecun_tanh, sigmoid, tanh
from .families.rectifier import leaky_relu, relu, squared_relu
from .families.softmax import log_softmax, softmax
from .families.softplus import log_sigmoid, softplus
from .families.softsign import hardshrink, softshrink, softsign, tanhshrink

__version__ = "0.1.0"

__all__ = [
    "Activation",
    "Case",
    "GatedActivation",
    "Interval",
    "Param",
    "VectorActivation",
    "arctan",
    "binary_step",
    "celu",
    "elu",
    "exponential",
    "gaussian",
    "geglu",
    "gelu",
    "get",
    "glu",
    "hardshrink",
    "hardsigmoid",
    "hardswish",
    "hardtanh",
    "identity",
    "leaky_relu",
    "lecun_tanh",
    "linear",
    "log_sigmoid",
    "log_softmax",
    "mish",
    "names",
    "reglu",
    "relu",
    "relu6",
    "selu",
    "sigmoid",
    "silu",
    "softmax",
    "softplus",
    "softshrink",
    "softsign",
    "squared_relu",
    "swiglu",
    "swish",
    "tanh",
    "tanhshrink",
    "to_latex",
]
