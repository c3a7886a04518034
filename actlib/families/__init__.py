"""The activations, one module per family, each named like its page in ``docs/functions/``.

Importing this package registers every activation, in teaching order: the order of
``FAMILIES`` below, and within a module the order of its blocks. Each block is one
activation: its forward function (the docstring gives the textbook formula, the body
the numerically stable form, with one comment line saying why it differs), its
derivative, and ``register(Activation(...))`` with its metadata. Bodies are branch-free
NumPy on float64 arrays: ``np.where`` only ever chooses between two branches that are
both finite, so no input, finite or not, raises a RuntimeWarning. Where a true result
lies beyond float64's range (``selu`` at the largest float), it rounds to ``inf`` as
IEEE arithmetic says, and that overflow is silenced on purpose.

Gated linear units (GLU, SwiGLU...), which split their input in two halves and use the
element-wise functions as gates, come after those; vector functions (softmax) come last:
``actlib.names()`` lists the element-wise functions, then the gated ones, then the
vector ones.
"""

import importlib

# The site's page order (mkdocs.yml's nav), which is the registry's teaching order.
FAMILIES = (
    "linear",
    "logistic",
    "rectifier",
    "exponential",
    "softplus",
    "gated",
    "hard",
    "softsign",
    "periodic",
    "glu",
    "softmax",
    "sparse",
)

for _family in FAMILIES:
    importlib.import_module(f"{__name__}.{_family}")
