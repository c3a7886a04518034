"""The frameworks notes against what the frameworks ship.

The lists below are facts read from the frameworks' own sources: the public names of
``jax.nn`` (JAX 0.7, ``jax/nn/__init__.py``) and the activations of Keras 3
(``keras/src/activations/__init__.py``, ``ALL_OBJECTS`` and its two aliases, Keras 3.11).
A note may name only functions that exist, and may say a framework has no function only
where it has none. The two kink conventions where JAX differs from PyTorch and actlib
(read from ``jax/_src/nn/functions.py``) must be stated where a reader looks for them.
The element-wise operations a note names instead, where a framework has no activation
(``torch.sin``, ``jax.numpy.sin``, ``keras.ops.sin``), are in the lists ``MATH_OPS``,
read from each framework's API reference.
"""

from __future__ import annotations

import re

import pytest

import actlib
from tests.registry_cases import ELEMENTWISE, GATED, VECTOR

ALL = ELEMENTWISE + GATED + VECTOR

JAX_NN = {
    "celu", "elu", "gelu", "glu", "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh",
    "identity", "leaky_relu", "log_sigmoid", "log_softmax", "logsumexp", "mish", "relu",
    "relu6", "selu", "sigmoid", "silu", "soft_sign", "softmax", "softplus", "sparse_plus",
    "sparse_sigmoid", "squareplus", "swish", "standardize", "one_hot", "dot_product_attention",
}  # fmt: skip
KERAS_ACTIVATIONS = {
    "relu", "leaky_relu", "relu6", "softmax", "celu", "elu", "selu", "softplus", "softsign",
    "squareplus", "soft_shrink", "sparse_plus", "silu", "gelu", "glu", "tanh", "tanh_shrink",
    "threshold", "sigmoid", "sparse_sigmoid", "exponential", "hard_sigmoid", "hard_silu",
    "hard_tanh", "hard_shrink", "linear", "mish", "log_softmax", "log_sigmoid", "sparsemax",
    "swish", "hard_swish",
}  # fmt: skip
# The element-wise operations of torch, jax.numpy (also written jnp) and keras.ops that a
# note names: each one exists there (PyTorch 2.8, JAX 0.7 and Keras 3.11 API references).
MATH_OPS = {
    "torch": {
        "atan", "exp", "heaviside", "log_softmax", "relu", "sigmoid", "sin", "softmax",
        "sqrt", "tanh", "tensor",
    },
    "jax.numpy": {"arctan", "exp", "heaviside", "sin", "square", "tanh"},
    "keras.ops": {"arctan", "exp", "sin", "square"},
}  # fmt: skip
# Each activation's function in JAX (jax.nn or jax.numpy) and in Keras 3, or None.
SHIPPED = {
    "identity": ("identity", "linear"),
    "binary_step": (None, None),
    "sigmoid": ("sigmoid", "sigmoid"),
    "tanh": ("tanh", "tanh"),
    "arctan": (None, None),
    "lecun_tanh": (None, None),
    "sinusoid": (None, None),  # only the element-wise sine, jax.numpy.sin and keras.ops.sin
    "relu": ("relu", "relu"),
    "leaky_relu": ("leaky_relu", "leaky_relu"),
    "squared_relu": (None, None),
    "rrelu": (None, None),
    "threshold": (None, "threshold"),
    "elu": ("elu", "elu"),
    "celu": ("celu", "celu"),
    "selu": ("selu", "selu"),
    "exponential": (None, "exponential"),
    "gaussian": (None, None),
    "softplus": ("softplus", "softplus"),
    "log_sigmoid": ("log_sigmoid", "log_sigmoid"),
    "squareplus": ("squareplus", "squareplus"),
    "sparse_plus": ("sparse_plus", "sparse_plus"),
    "sparse_sigmoid": ("sparse_sigmoid", "sparse_sigmoid"),
    "silu": ("silu", "silu"),
    "gelu": ("gelu", "gelu"),
    "mish": ("mish", "mish"),
    "relu6": ("relu6", "relu6"),
    "hardtanh": ("hard_tanh", "hard_tanh"),
    "hardsigmoid": ("hard_sigmoid", "hard_sigmoid"),
    "hardswish": ("hard_swish", "hard_silu"),
    "softsign": ("soft_sign", "softsign"),
    "tanhshrink": (None, "tanh_shrink"),
    "softshrink": (None, "soft_shrink"),
    "hardshrink": (None, "hard_shrink"),
    # jax.nn.glu(x, axis=-1) and keras.activations.glu(x, axis=-1) split as actlib does;
    # neither ships a ReLU-, GELU- or SiLU-gated variant (nor does PyTorch: only F.glu).
    "glu": ("glu", "glu"),
    "reglu": (None, None),
    "geglu": (None, None),
    "swiglu": (None, None),
    "softmax": ("softmax", "softmax"),
    "log_softmax": ("log_softmax", "log_softmax"),
    "softmin": (None, None),
    "sparsemax": (None, "sparsemax"),
}
# Where JAX's derivative at a kink is not PyTorch's (and so not actlib's): what the note
# must say, as a pattern.
JAX_KINKS = {
    "leaky_relu": r"JAX's leaky_relu is where\(x >= 0, x, a x\), so its gradient at 0 is 1",
    "hardtanh": r"JAX's hard_tanh gives 1",
    "sparse_sigmoid": r"JAX splits the gradient of max and min equally at a tie, so its "
    r"gradient at ±1 is 1/4",
}


def _no_function(note: str, framework: str) -> bool:
    return bool(re.search(rf"{framework}( and \w+)? ha(s|ve) no function", note)) or bool(
        re.search(rf"\w+ and {framework} have no function", note)
    )


def test_every_activation_has_its_framework_facts() -> None:
    assert set(SHIPPED) == set(ALL), "add the new activation's JAX and Keras names to SHIPPED"


@pytest.mark.parametrize("name", ALL)
def test_named_functions_exist(name: str) -> None:
    note = actlib.get(name).frameworks
    for fn in re.findall(r"jax\.nn\.(\w+)", note):
        assert fn in JAX_NN, f"{name}: jax.nn.{fn} does not exist"
    for fn in re.findall(r"keras\.activations\.(\w+)", note):
        assert fn in KERAS_ACTIVATIONS, f"{name}: keras.activations.{fn} does not exist"


@pytest.mark.parametrize("name", ALL)
def test_named_math_operations_exist(name: str) -> None:
    note = actlib.get(name).frameworks
    found = [("torch", fn) for fn in re.findall(r"\btorch\.(?!nn\b)(\w+)", note)]
    found += [("jax.numpy", fn) for fn in re.findall(r"\b(?:jnp|jax\.numpy)\.(\w+)", note)]
    found += [("keras.ops", fn) for fn in re.findall(r"\bkeras\.ops\.(\w+)", note)]
    for module, fn in found:
        assert fn in MATH_OPS[module], f"{name}: {module}.{fn} is not in MATH_OPS[{module!r}]"


def test_the_math_operations_check_bites() -> None:
    assert "sinusoid" not in MATH_OPS["torch"] and "sin" in MATH_OPS["keras.ops"]


@pytest.mark.parametrize("name", ALL)
def test_no_function_only_where_there_is_none(name: str) -> None:
    note = actlib.get(name).frameworks
    jax_fn, keras_fn = SHIPPED[name]
    if _no_function(note, "JAX"):
        assert jax_fn is None, f"{name}: the note says JAX has none, but it has {jax_fn}"
    if _no_function(note, "Keras"):
        assert keras_fn is None, f"{name}: the note says Keras has none, but it has {keras_fn}"
    for fn, shipped in ((jax_fn, JAX_NN | {"tanh"}), (keras_fn, KERAS_ACTIVATIONS)):
        assert fn is None or fn in shipped, f"{name}: {fn} is not in the framework's list"


@pytest.mark.parametrize("name", ALL)
def test_the_frameworks_names_find_the_function(name: str) -> None:
    for fn in SHIPPED[name]:
        if fn is not None:
            assert actlib.get(fn) is actlib.get(name), f"alias {fn!r} to {name!r} in _ALIASES"


@pytest.mark.parametrize("name", sorted(JAX_KINKS))
def test_where_jax_differs_at_a_kink_the_note_says_so(name: str) -> None:
    assert re.search(JAX_KINKS[name], actlib.get(name).frameworks)


def test_the_checker_bites() -> None:
    assert _no_function(
        "PyTorch nn.Softshrink(lambd=0.5); JAX and Keras have no function.", "Keras"
    )
    assert _no_function("PyTorch nn.Identity; JAX has no function, skip it.", "JAX")
    assert not _no_function("Keras 3 keras.activations.soft_shrink; JAX has no function.", "Keras")


@pytest.mark.parametrize("name", GATED)
def test_gated_notes_say_pytorch_ships_only_glu(name: str) -> None:
    """PyTorch has F.glu and nn.GLU (dim=-1), and no ReLU-, GELU- or SiLU-gated variant."""
    note = actlib.get(name).frameworks
    if name == "glu":
        assert "torch.nn.functional.glu(input, dim=-1)" in note and "nn.GLU(dim=-1)" in note
    else:
        assert f"PyTorch has no {name} function" in note
