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

Where a note or a page says what a framework's function computes, the function is written
here in NumPy as the framework's source computes it (``keras_relu``, ``keras_sparsemax``, the
gain of ``torch.nn.init.calculate_gain``), with the version and the file it was read from,
and the claim is checked against it.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import actlib
from actlib.families.exponential import XIELU_BETA, XIELU_EPS
from scripts import ROOT
from scripts.shared.kink_gradients import torch_minimum
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
    "snake": (None, None),
    "relu": ("relu", "relu"),
    "leaky_relu": ("leaky_relu", "leaky_relu"),
    "prelu": (None, None),  # Keras has the layer keras.layers.PReLU, no function
    "squared_relu": (None, None),
    "star_relu": (None, None),
    "rrelu": (None, None),
    "threshold": (None, "threshold"),
    "elu": ("elu", "elu"),
    "celu": ("celu", "celu"),
    "selu": ("selu", "selu"),
    "exponential": (None, "exponential"),
    "gaussian": (None, None),
    "xielu": (None, None),  # transformers has it; jax.nn and keras.activations do not
    "softplus": ("softplus", "softplus"),
    "log_sigmoid": ("log_sigmoid", "log_sigmoid"),
    "squareplus": ("squareplus", "squareplus"),
    "sparse_plus": ("sparse_plus", "sparse_plus"),
    "sparse_sigmoid": ("sparse_sigmoid", "sparse_sigmoid"),
    "silu": ("silu", "silu"),
    "gelu": ("gelu", "gelu"),
    "quick_gelu": (None, None),  # transformers has it; jax.nn and keras.activations do not
    "telu": (None, None),
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
    "clamped_swiglu": (None, None),
    "softmax": ("softmax", "softmax"),
    "log_softmax": ("log_softmax", "log_softmax"),
    "softmin": (None, None),
    "sparsemax": (None, "sparsemax"),
    "softmax_sink": (None, None),
    "entmax": (None, None),
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


# ---------------------------------------------------------------------------
# What a framework's function computes, as its source computes it
# ---------------------------------------------------------------------------


def keras_relu(x: np.ndarray, max_value: float | None = None, threshold: float = 0.0) -> np.ndarray:
    """``keras.activations.relu(x, negative_slope=0.0, max_value, threshold)`` as
    ``ReLU.static_call`` computes it (Keras 3.15.1, ``keras/src/activations/activations.py``):
    ``where(x > threshold, x, 0)`` for a non-zero threshold, else ``relu(x)`` (``relu6`` when
    ``max_value == 6``), then ``clip(x, 0, max_value)``. Its leaky branches are left out."""
    y = np.where(x > threshold, x, 0.0) if threshold != 0 else np.maximum(x, 0.0)
    return y if max_value is None else np.clip(y, 0.0, max_value)


def keras_sparsemax(z: np.ndarray) -> np.ndarray:
    """``keras.activations.sparsemax(z, axis=-1)`` as every backend computes it: the same
    formula in ``keras/src/backend/{jax,numpy,tensorflow,torch,openvino}/nn.py`` at the
    tags v3.15.0 and v3.15.1 and on the main branch (version 3.16.0). The support test is
    Martins and Astudillo's, but the threshold divides ``sum(where(support, cumsum, 0)) - 1``,
    the sum of the cumulative sums over the support, where the paper has the last one."""
    ranked = -np.sort(-z, axis=-1)
    cumsum = np.cumsum(ranked, axis=-1)
    k_range = np.arange(1, z.shape[-1] + 1)
    support = ranked - (cumsum - 1) / k_range > 0
    k = np.sum(support, axis=-1, keepdims=True)
    tau = (np.sum(np.where(support, cumsum, 0.0), axis=-1, keepdims=True) - 1) / k
    return np.maximum(z - tau, 0.0)


def _vectors(text: str) -> list[np.ndarray]:
    return [np.array([float(v) for v in m.split(",")]) for m in re.findall(r"\[([^\]]+)\]", text)]


def test_sparsemax_note_warns_of_keras_with_an_example_that_shows_it() -> None:
    note = actlib.get("sparsemax").frameworks
    claim = re.search(r"returns all zeros for (\[[^\]]+\]), whose sparsemax is (\[[^\]]+\])", note)
    assert claim, f"the sparsemax note does not warn of Keras' sparsemax with an example: {note!r}"
    assert "Keras 3.15.1" in note and "main branch" in note, "say which Keras versions"
    z, stated = _vectors(claim.group(1) + claim.group(2))
    keras = keras_sparsemax(z)
    assert np.all(keras == 0), f"Keras' formula gives {keras} for {z}, not all zeros"
    true = actlib.sparsemax(z)
    assert np.allclose(true, stated, atol=1e-15), (
        f"sparsemax({z}) is {true}; the note says {stated}"
    )
    assert true.sum() == pytest.approx(1.0) and np.count_nonzero(true) >= 2


def test_keras_sparsemax_formula_is_right_when_one_logit_takes_everything() -> None:
    """Its threshold is the paper's when the support has one element: the transcription
    is wrong only where Keras is."""
    z = np.array([3.0, 0.5, -1.0, 1.0])
    assert np.count_nonzero(actlib.sparsemax(z)) == 1
    assert np.array_equal(keras_sparsemax(z), actlib.sparsemax(z))


# torch.nn.init.calculate_gain("selu") (PyTorch 2.x, torch/nn/init.py), whose docstring
# warns: "In order to implement Self-Normalizing Neural Networks, you should use
# nonlinearity='linear' instead of nonlinearity='selu'."
TORCH_SELU_GAIN = 3 / 4


def test_selu_note_says_pytorch_gain_gives_up_self_normalisation() -> None:
    note = actlib.get("selu").frameworks
    assert "nonlinearity='linear'" in note and "calculate_gain('selu') = 3/4" in note, note
    rng = np.random.default_rng(0)
    width, depth = 256, 32
    variances = {}
    for gain in (1.0, TORCH_SELU_GAIN):  # 'linear' has gain 1: LeCun normal
        h = rng.normal(size=(512, width))
        for _ in range(depth):
            h = actlib.selu(h @ (rng.normal(size=(width, width)) * gain / np.sqrt(width)))
        variances[gain] = float(h.var())
    assert 0.8 < variances[1.0] < 1.25, f"gain 1 does not keep the variance at 1: {variances}"
    assert variances[TORCH_SELU_GAIN] < 0.2, f"gain 3/4 keeps the variance: {variances}"


def transformers_xielu_gradient(x: np.ndarray, alpha_p: float, alpha_n: float) -> np.ndarray:
    """d/dx of ``XIELUActivation._xielu_python`` (Hugging Face transformers 5.25.0,
    ``activations.py``), ``where(x > 0, alpha_p x x + beta x, (expm1(min(x, eps)) - x)
    alpha_n + beta x)``, by PyTorch's backward rules: ``where`` sends the gradient to the
    branch it selected, ``expm1``'s is ``grad (result + 1)``, and ``min`` of two tensors is
    ``minimum``, whose rule is ``kink_gradients.torch_minimum``."""
    beta, eps = XIELU_BETA, XIELU_EPS
    through_min = torch_minimum(x, np.full_like(x, eps))[0]
    negative = (np.exp(np.minimum(x, eps)) * through_min - 1.0) * alpha_n + beta
    return np.where(x > 0, 2.0 * alpha_p * x + beta, negative)


def test_xielu_page_states_the_reference_codes_gradient_at_eps() -> None:
    alpha_p, alpha_n = actlib.xielu.defaults["alpha_p"], actlib.xielu.defaults["alpha_n"]
    x = np.concatenate([np.linspace(-8.0, 8.0, 1601) + 0.0123, [-5e-7, 0.0]])
    reference = transformers_xielu_gradient(x, alpha_p, alpha_n)
    assert np.allclose(reference, actlib.xielu.derivative(x), rtol=1e-14, atol=1e-15), (
        "off eps, the reference code's gradient (0 included) is actlib's"
    )
    at_eps = float(transformers_xielu_gradient(np.array([XIELU_EPS]), alpha_p, alpha_n)[0])
    stated = alpha_n * (0.5 * np.exp(XIELU_EPS) - 1.0) + XIELU_BETA
    assert at_eps == pytest.approx(stated, rel=1e-15), (at_eps, stated)
    page = (ROOT / "docs" / "functions" / "exponential.md").read_text()
    formula = r"$\alpha_n \left(\tfrac{1}{2} e^{\epsilon} - 1\right) + \beta$, halfway"
    assert formula in page, f"docs/functions/exponential.md: state {formula} at eps"
    left, right = alpha_n * np.expm1(XIELU_EPS) + XIELU_BETA, XIELU_BETA - alpha_n
    assert at_eps == pytest.approx((left + right) / 2, rel=1e-15)
    assert float(actlib.xielu.derivative(XIELU_EPS)) == pytest.approx(left, rel=1e-15)
