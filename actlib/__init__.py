"""actlib: activation functions and their derivatives, exact and tested.

>>> import actlib
>>> float(actlib.sigmoid(0.0)), float(actlib.sigmoid.derivative(0.0))
(0.5, 0.25)

Every activation is an object in the registry (:func:`get`, :func:`names`, :func:`family`), also
importable here by name. float32 and float16 inputs are computed in float64 and rounded
once, or in float32 where a bound keeps the result within 1 ulp of the correctly rounded
value, so they come back within 1 ulp in their own precision.
"""

from ._core import Activation, GatedActivation, VectorActivation, family, get, names
from ._types import Case, Interval, Param, to_latex

# The first of these imports runs families/__init__.py, which registers every
# activation in teaching order.
from .families.exponential import celu, elu, exponential, gaussian, selu, xielu
from .families.gated import gelu, mish, quick_gelu, silu, swish, telu
from .families.glu import clamped_swiglu, geglu, glu, reglu, swiglu
from .families.hard import (
    hard_sigmoid,
    hard_silu,
    hard_swish,
    hard_tanh,
    hardsigmoid,
    hardswish,
    hardtanh,
    relu6,
)
from .families.linear import binary_step, identity, linear
from .families.logistic import arctan, lecun_tanh, sigmoid, tanh
from .families.periodic import sinusoid, snake
from .families.rectifier import (
    leaky_relu,
    prelu,
    relu,
    rrelu,
    squared_relu,
    star_relu,
    threshold,
)
from .families.softmax import log_softmax, softmax, softmax_sink, softmin
from .families.softplus import log_sigmoid, logsigmoid, softplus, squareplus
from .families.softsign import (
    hard_shrink,
    hardshrink,
    soft_shrink,
    soft_sign,
    softshrink,
    softsign,
    tanh_shrink,
    tanhshrink,
)
from .families.sparse import entmax, sparse_plus, sparse_sigmoid, sparsemax

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
    "clamped_swiglu",
    "elu",
    "entmax",
    "exponential",
    "family",
    "gaussian",
    "geglu",
    "gelu",
    "get",
    "glu",
    "hard_shrink",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "hard_tanh",
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
    "logsigmoid",
    "mish",
    "names",
    "prelu",
    "quick_gelu",
    "reglu",
    "relu",
    "relu6",
    "rrelu",
    "selu",
    "sigmoid",
    "silu",
    "sinusoid",
    "snake",
    "soft_shrink",
    "soft_sign",
    "softmax",
    "softmax_sink",
    "softmin",
    "softplus",
    "softshrink",
    "softsign",
    "sparse_plus",
    "sparse_sigmoid",
    "sparsemax",
    "squared_relu",
    "squareplus",
    "star_relu",
    "swiglu",
    "swish",
    "tanh",
    "tanh_shrink",
    "tanhshrink",
    "telu",
    "threshold",
    "to_latex",
    "xielu",
]
