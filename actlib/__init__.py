"""actlib: activation functions and their derivatives, exact and tested.

>>> import actlib
>>> float(actlib.sigmoid(0.0)), float(actlib.sigmoid.derivative(0.0))
(0.5, 0.25)
"""

from . import elementwise as _elementwise  # noqa: F401  (registers the functions)
from ._core import Activation, Case, Interval, Param, VectorActivation, get, names, to_latex
from .elementwise import leaky_relu, relu, sigmoid

__version__ = "0.1.0"

__all__ = [
    "Activation",
    "Case",
    "Interval",
    "Param",
    "VectorActivation",
    "get",
    "leaky_relu",
    "names",
    "relu",
    "sigmoid",
    "to_latex",
]
