"""Claims in the prose of the function pages, each recomputed as the page states it.

Each test finds its paragraph on the page by a phrase that the paragraph must keep, then
checks what the paragraph says with actlib, NumPy or mpmath: which functions are not
element-wise, what the threshold function's one-sided slopes are, what Keras' ``relu``
arguments compute, how to call actlib on a gate-first fused projection, how wide a SIREN's
hidden pre-activations are. A failure names the page, the line and the claim, with the
values on both sides.
"""

from __future__ import annotations

import re
from fractions import Fraction

import mpmath
import numpy as np
import pytest

import actlib
from scripts import ROOT
from scripts.render import numbers
from tests.actlib.test_framework_notes import keras_relu
from tests.registry_cases import ELEMENTWISE, GATED, VECTOR

DOCS = ROOT / "docs"


def paragraph(page: str, phrase: str) -> tuple[str, str]:
    """The paragraph (or list item) of ``docs/page`` that holds ``phrase``, with its
    whitespace folded, and ``page:line`` for messages."""
    text = (DOCS / page).read_text(encoding="utf-8")
    at = text.find(phrase)
    assert at >= 0, f"docs/{page}: the claim {phrase!r} is gone; update this test with the page"
    start = text.rfind("\n\n", 0, at) + 2
    end = text.find("\n\n", at)
    where = f"docs/{page}:{text.count(chr(10), 0, at) + 1}"
    return " ".join(text[start : end if end >= 0 else None].split()), where


def _stated_number(math: str) -> float:
    """The number an inline-math span states: a ``calc`` macro's expression (plain
    arithmetic here, evaluated as Python) or a typed ``\\frac{p}{q}``."""
    calc = re.fullmatch(r"\{\{ calc\(\"([^\"]+)\"[^}]*\) \}\}", math.strip())
    if calc:
        return float(eval(calc.group(1), {"__builtins__": {}}))  # the page's own arithmetic
    frac = re.fullmatch(r"\\frac\{(\d+)\}\{(\d+)\}", math.strip())
    assert frac, f"not a number: {math!r}"
    return int(frac.group(1)) / int(frac.group(2))


def elementwise(name: str) -> actlib.Activation:
    act = actlib.get(name)
    assert isinstance(act, actlib.Activation), f"{name} is not element-wise"
    return act


# ---------------------------------------------------------------------------
# softmax: which functions are not element-wise
# ---------------------------------------------------------------------------


def test_softmax_page_names_every_function_that_is_not_element_wise() -> None:
    text, where = paragraph("functions/softmax.md", "It is not element-wise")
    claim = re.search(
        r"It is not element-wise.*?every other function on this site acts on each input alone", text
    )
    assert claim, f"{where}: the claim that every other function is element-wise is gone"
    text = claim.group(0)
    missing = [n for n in VECTOR if actlib.get(n).display_name.lower() not in text.lower()]
    assert not missing, f"{where}: the page omits {missing}, which are not element-wise"
    # The gated units are named as a family, by a link to their page.
    assert {actlib.get(n).family for n in GATED} == {"glu"}
    assert "[gated linear units](glu.md)" in text, f"{where}: the gated units are not named"
    # "Every other function acts on each input alone": changing one input of a vector of
    # inputs changes that output only, for every function the page does not name.
    named = set(VECTOR) | set(GATED)
    x = np.linspace(-3.0, 3.0, 7)
    for name in (n for n in actlib.names() if n not in named):
        act = actlib.get(name)
        moved = x.copy()
        moved[3] += 0.5
        same = np.delete(act(moved), 3) == np.delete(act(x), 3)
        assert same.all(), f"{where}: {name} is not element-wise, yet the page says it is"


# ---------------------------------------------------------------------------
# rectifier: threshold's one-sided slopes at theta, Keras' relu arguments, RReLU's paper
# ---------------------------------------------------------------------------


def test_threshold_one_sided_slopes_at_theta_are_as_the_page_says() -> None:
    text, where = paragraph("functions/rectifier.md", "**At $x = \\theta$** the function takes")
    assert "the slope from the left exists and is 0" in text, where
    assert "the right derivative is infinite" in text, where
    assert "actlib returns 0, the slope from the left, as PyTorch and Keras do" in text, where
    f = elementwise("threshold")
    theta, value = f.defaults["threshold"], f.defaults["value"]
    assert theta != value, "the page's defaults must show the jump"
    steps = 2.0 ** -np.arange(4, 30)
    left = (f(np.full_like(steps, theta)) - f(theta - steps)) / steps
    right = (f(theta + steps) - f(np.full_like(steps, theta))) / steps
    assert np.all(left == 0), f"{where}: left difference quotients {left[:4]} are not 0"
    # (theta + h - v) / h: it grows like 1/h, without bound.
    assert np.all(np.abs(right) * steps >= 0.99 * abs(theta - value)), f"{where}: {right[:4]}"
    assert abs(right[-1]) > 1e8, f"{where}: the right quotient stays at {right[-1]}"
    assert f.derivative(np.array([theta]))[0] == 0, f"{where}: actlib's f'(theta) is not 0"


def test_relu_page_says_what_keras_relu_arguments_compute() -> None:
    text, where = paragraph("functions/rectifier.md", "`max_value=m` caps it")
    assert "`where(x > θ, x, 0)`" in text and "a ReLU6 only at $m = 6$" in text, where
    x = np.linspace(-3.0, 9.0, 121)
    theta = 1.5
    thresholded = keras_relu(x, threshold=theta)
    # "the threshold function with v = 0": actlib's threshold, at those parameters.
    expected = elementwise("threshold")(x, threshold=theta, value=0.0)
    assert np.array_equal(thresholded, expected), f"{where}: {thresholded} != {expected}"
    # "it jumps at theta from 0 to theta": the value at theta, and just above it.
    above = np.nextafter(theta, np.inf)
    assert keras_relu(np.array([theta, above]), threshold=theta).tolist() == [0.0, above], where
    # "a ReLU6 only at m = 6"
    for m in (3.0, 6.0, 8.0):
        capped = keras_relu(x, max_value=m)
        same = np.array_equal(capped, actlib.relu6(x))
        assert same == (m == 6.0), f"{where}: max_value={m} gives ReLU6: {same}"


def test_rrelu_page_compares_the_papers_slope_with_pytorchs() -> None:
    text, where = paragraph("functions/rectifier.md", "The paper writes the negative side")
    assert "$a \\sim U(3, 8)$" in text and "$x / \\frac{3 + 8}{2}$" in text, where
    lower, upper = (
        Fraction(elementwise("rrelu").defaults[k]).limit_denominator(100)
        for k in ("lower", "upper")
    )
    # PyTorch's bounds are the reciprocals of the paper's, and actlib's defaults are PyTorch's.
    assert (lower, upper) == (Fraction(1, 8), Fraction(1, 3)), where
    paper_slope = 1 / ((Fraction(3) + Fraction(8)) / 2)
    pytorch_slope = (lower + upper) / 2
    stated = re.search(r"\(\$(.+?)\$ against \$(.+?)\$\)", text)
    assert stated, f"{where}: the two slopes at evaluation are not stated"
    paper, pytorch = (_stated_number(s) for s in stated.groups())
    assert (paper, pytorch) == pytest.approx((paper_slope, pytorch_slope), rel=1e-15), (
        f"{where}: the page says {paper} against {pytorch}; "
        f"they are {paper_slope} and {pytorch_slope}"
    )
    assert elementwise("rrelu").derivative(np.array([-1.0]))[0] == pytest.approx(
        float(pytorch_slope)
    )


# ---------------------------------------------------------------------------
# glu: a fused projection with the gate first
# ---------------------------------------------------------------------------


def test_glu_page_recipe_for_a_gate_first_tensor_gives_the_gated_unit() -> None:
    text, where = paragraph("functions/glu.md", "such a gate-first tensor `h`")
    recipe = re.search(r"swap its halves first: `([^`]+)`", text)
    assert recipe, f"{where}: the recipe is not given as code"
    rng = np.random.default_rng(3)
    h = rng.normal(scale=3.0, size=(4, 5, 16))
    # Megatron-LM's swiglu and Phi-3's MLP: silu of the first half times the second.
    gate, up = np.split(h, 2, axis=-1)
    expected = actlib.silu(gate) * up
    got = eval(recipe.group(1), {"actlib": actlib, "np": np, "h": h})  # the page's own code
    assert np.allclose(got, expected, rtol=1e-15, atol=0), (
        f"{where}: {recipe.group(1)} is not silu(gate) * up; largest difference "
        f"{np.max(np.abs(got - expected))}"
    )
    # And actlib's own split is value first: without the swap the result is another one.
    assert not np.allclose(actlib.swiglu(h), expected), f"{where}: the swap is needed"


# ---------------------------------------------------------------------------
# periodic: the spread of a SIREN's pre-activations
# ---------------------------------------------------------------------------


def _arcsine_distance(samples: np.ndarray) -> float:
    """Kolmogorov-Smirnov distance between the samples and the arcsine law on (-1, 1)."""
    y = np.sort(samples.ravel())
    cdf = 0.5 + np.arcsin(np.clip(y, -1.0, 1.0)) / np.pi
    upper = np.arange(1, y.size + 1) / y.size
    return float(max(np.max(upper - cdf), np.max(cdf - (upper - 1 / y.size))))


def test_siren_hidden_preactivations_spread_about_one_radian() -> None:
    text, where = paragraph("functions/periodic.md", "**The initialisation matters.**")
    assert "the same $\\omega_0 = 30$ in the first layer and in the hidden ones" in text, where
    assert "a standard deviation of about one radian" in text, where
    assert "about 1 radian" in elementwise("sinusoid").limitations
    omega0, width, inputs = 30.0, 256, 2
    rng = np.random.default_rng(0)
    coordinates = rng.uniform(-1.0, 1.0, size=(4096, inputs))
    first = coordinates @ rng.uniform(-1 / inputs, 1 / inputs, size=(inputs, width))
    # "its sines spread over a few periods": the first layer's angles, omega_0 W x.
    assert np.std(omega0 * first) > 2 * np.pi, f"{where}: {np.std(omega0 * first)} rad"
    h = elementwise("sinusoid")(first, omega=omega0)
    bound = np.sqrt(6 / width) / omega0
    for layer in range(1, 7):
        pre = h @ rng.uniform(-bound, bound, size=(width, width))
        spread = float(np.std(omega0 * pre))
        assert 0.8 < spread < 1.15, f"{where}: hidden layer {layer}'s angles spread {spread} rad"
        h = elementwise("sinusoid")(pre, omega=omega0)
        distance = _arcsine_distance(h)
        assert distance < 0.1, f"{where}: layer {layer}'s sines are {distance} from arcsine"
    # The distance can tell: sines of angles ten times narrower are far from the arcsine law.
    assert _arcsine_distance(np.sin(0.1 * rng.normal(size=4096))) > 0.3


def _sine_ulp_errors(x: np.ndarray, computed: np.ndarray) -> np.ndarray:
    with mpmath.workprec(128):
        exact = [mpmath.sin(mpmath.mpf(float(v))) for v in x]
        return np.array(
            [
                float(abs(mpmath.mpf(float(c)) - e)) / np.spacing(abs(float(e)))
                for c, e in zip(computed, exact, strict=True)
            ]
        )


def test_sinusoid_numerics_are_half_an_ulp_but_not_correctly_rounded() -> None:
    text, where = paragraph("functions/periodic.md", "**Numerics.** actlib computes")
    assert "$x = 10^{22}$ gives the sine of that float64 to about half an ulp" in text, where
    assert "NumPy's sine is not correctly rounded" in text, where
    x = np.random.default_rng(0).uniform(-10.0, 10.0, 10000)
    errors = _sine_ulp_errors(x, elementwise("sinusoid")(x))
    worst = float(errors.max())
    assert worst > 0.5, f"{where}: every sine was correctly rounded (worst {worst} ulp)"
    assert worst < 0.55, f"{where}: the sine is off by {worst} ulp, not about half an ulp"
    at_1e22 = _sine_ulp_errors(np.array([1e22]), elementwise("sinusoid")(np.array([1e22])))[0]
    assert at_1e22 < 0.55, f"{where}: sin(1e22) is off by {at_1e22} ulp"


# ---------------------------------------------------------------------------
# The label of a section's convention: a kink or a jump
# ---------------------------------------------------------------------------


def _section(name: str) -> tuple[str, str]:
    """The Markdown of an activation's ``##`` section on its family's page."""
    page = f"functions/{actlib.get(name).family}.md"
    text = (DOCS / page).read_text(encoding="utf-8")
    start = text.index(f"{{ #{name} }}")
    end = text.find("\n## ", start)
    return text[
        start : end if end >= 0 else None
    ], f"docs/{page}:{text.count(chr(10), 0, start) + 1}"


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_a_jump_is_not_called_a_kink(name: str) -> None:
    section, where = _section(name)
    jumps = elementwise(name).continuity == -1
    labels = re.findall(r"^\*\*At (kinks|the jumps?)\.\*\*", section, re.M)
    assert labels, f"{where}: {name}'s section states no convention at a kink or a jump"
    for label in labels:
        assert (label != "kinks") == jumps, (
            f"{where}: {name} {'jumps' if jumps else 'is continuous'}, but its section "
            f"says '**At {label}.**'"
        )


# ---------------------------------------------------------------------------
# hard: hardswish's slope at -3 and 3 in the frameworks
# ---------------------------------------------------------------------------


def test_hardswish_convention_at_the_kinks_is_the_frameworks_today() -> None:
    text, where = paragraph("functions/hard.md", "actlib returns 0 at $x = -3$ and 1 at $x = 3$")
    assert "today PyTorch (2.13), JAX and Keras all make the same one" in text, where
    assert "tested `x < -3` and `x <= 3`" in text, where
    kinks = np.array([-3.0, 3.0])
    actlib_slopes = elementwise("hardswish").derivative(kinks)
    # JAX: hard_swish(x) = x * relu6(x + 3) / 6, and relu6's gradient is 0 at 0 and at 6;
    # the product rule at the kinks gives relu6(x + 3) / 6 + x * 0 / 6.
    jax_slopes = np.clip(kinks + 3, 0, 6) / 6
    assert np.array_equal(actlib_slopes, jax_slopes), f"{where}: {actlib_slopes} != {jax_slopes}"
    # PyTorch <= 2.6 (aten/src/ATen/native/cpu/Activation.cpp, hardswish_backward_kernel):
    # 0 if x < -3, x / 3 + 1/2 if x <= 3, else 1: the inner piece at both kinks.
    old_torch = np.where(kinks < -3, 0.0, np.where(kinks <= 3, kinks / 3 + 0.5, 1.0))
    inner = (2 * kinks + 3) / 6
    assert np.array_equal(old_torch, inner) and not np.array_equal(old_torch, actlib_slopes)


# ---------------------------------------------------------------------------
# sparse: sparsemax's Jacobian and how it compares with softmax
# ---------------------------------------------------------------------------

LOGITS = np.array([2.0, 1.5, 0.0, -3.0, 1.0])  # the page's example


def test_sparsemax_jacobian_is_not_softmax_form_with_the_indicator() -> None:
    text, where = paragraph("functions/sparse.md", "It is not softmax's")
    assert "rows summing to $1 - \\lvert S \\rvert$" in text, where
    support = (actlib.sparsemax(LOGITS) > 0).astype(float)
    size = support.sum()
    assert size >= 2, "the example must have a support of two or more"
    jacobian = actlib.sparsemax.jacobian(LOGITS)
    assert np.allclose(jacobian, np.diag(support) - np.outer(support, support) / size)
    substituted = np.diag(support) - np.outer(support, support)
    rows = substituted.sum(axis=1)[support > 0]
    assert np.allclose(rows, 1 - size), f"{where}: the substituted form's rows sum to {rows}"
    assert np.allclose(jacobian.sum(axis=1), 0), f"{where}: {jacobian.sum(axis=1)}"


def test_softmax_and_sparsemax_range_and_order_are_as_the_page_says() -> None:
    text, where = paragraph("functions/sparse.md", "onto the open simplex")
    assert "Softmax keeps the order of the logits strictly" in text, where
    assert "sparsemax only weakly" in text, where
    rng = np.random.default_rng(5)
    for z in [LOGITS, *rng.normal(scale=4.0, size=(200, 6))]:
        soft, sparse = actlib.softmax(z), actlib.sparsemax(z)
        assert np.all(soft > 0), f"{where}: softmax({z}) has a zero"
        order = np.argsort(z)
        assert np.all(np.diff(soft[order]) > 0), f"{where}: softmax({z}) is not strictly ordered"
        assert np.all(np.diff(sparse[order]) >= 0), f"{where}: sparsemax({z}) breaks the order"
    # Weakly only: two different logits below the threshold get the same 0.
    sparse = actlib.sparsemax(LOGITS)
    assert LOGITS[2] != LOGITS[3] and sparse[2] == sparse[3] == 0, f"{where}: {sparse}"


# ---------------------------------------------------------------------------
# softplus: squareplus overflows as written in JAX and Keras
# ---------------------------------------------------------------------------


def test_squareplus_notes_say_the_textbook_form_overflows() -> None:
    act = elementwise("squareplus")
    assert "overflow" not in act.use_case, "the use case promises no overflow"
    assert "it returns inf for large |x| of either sign" in act.frameworks
    b = act.defaults["b"]
    x = np.array([-1e200, 1e200])
    with np.errstate(over="ignore"):
        textbook = (x + np.sqrt(x * x + b)) / 2  # JAX's and Keras' formula
    assert np.all(np.isinf(textbook)), textbook
    ours = act(x)
    assert np.all(np.isfinite(ours)) and 0 < ours[0] < 1e-199, ours


# ---------------------------------------------------------------------------
# logistic: where float arithmetic gives up, as the page's calc() expressions say
# ---------------------------------------------------------------------------


def _calc_values(text: str) -> list[mpmath.mpf]:
    """The value of each ``{{ calc("...") }}`` in the text, in order, as calc() computes it."""
    values = []
    with mpmath.workdps(numbers.CALC_DIGITS):
        for expression in re.findall(r"\{\{ calc\(\"([^\"]+)\"", text):
            values.append(mpmath.mpf(eval(expression, numbers._calc_namespace())))
    return values


def test_arctan_overflow_point_and_subnormal_slope_are_as_the_page_says() -> None:
    text, where = paragraph("functions/logistic.md", "Computed as written, $1 + x^2$ overflows")
    assert "a subnormal number" in text, where
    overflow, slope, subnormal_from = _calc_values(text)
    big = np.float64(overflow)
    with np.errstate(over="ignore"):
        below, above = (1.0 + x * x for x in (big * (1 - 1e-15), big * (1 + 1e-15)))
    assert np.isfinite(below) and np.isinf(above), f"{where}: 1 + x^2 overflows elsewhere"
    with mpmath.workdps(50):
        true_slope = 1 / (1 + mpmath.mpf(big) ** 2)
        assert abs(slope / true_slope - 1) < 1e-3, f"{where}: {slope} != {true_slope}"
        tiny = mpmath.mpf(float(np.finfo(np.float64).tiny))
        assert 0 < slope < tiny, f"{where}: the slope {slope} is not subnormal"
        # "below the smallest normal from |x| = subnormal_from on"
        for factor, below_tiny in ((1 - 1e-9, False), (1 + 1e-9, True)):
            x = subnormal_from * factor
            assert (1 / (1 + x**2) < tiny) == below_tiny, f"{where}: at {x}"
    with np.errstate(over="ignore"):
        assert 1.0 / (1.0 + (2 * big) ** 2) == 0.0  # the textbook form loses it
    assert elementwise("arctan").derivative(np.array([2 * big]))[0] > 0, where


@pytest.mark.parametrize(("dtype", "which"), [(np.float64, 0), (np.float32, 1)])
def test_sigmoid_rounds_to_one_where_the_page_says(dtype: type, which: int) -> None:
    text, where = paragraph("functions/logistic.md", "once $p$ rounds to 1, from")
    stated = float(_calc_values(text)[which])
    one = dtype(1)
    # PyTorch's and JAX's sigmoid in that format: 1 / (1 + exp(-x)), each step rounded.
    x = np.arange(10.0, 50.0, 1e-3).astype(dtype)
    p = one / (one + np.exp(-x))
    first = float(x[np.argmax(p == one)])
    assert np.all(p[x >= first] == one), f"{where}: p falls back below 1 after {first}"
    assert abs(first - stated) < 0.05, (
        f"{where}: the page says p rounds to 1 in {dtype.__name__} from {stated:.3f}; "
        f"it does from {first:.3f}"
    )


def test_sparse_page_warns_of_keras_sparsemax_on_the_snippets_logits() -> None:
    text, where = paragraph("functions/sparse.md", '{{ fact("sparsemax", "frameworks") }}')
    assert "The snippet above runs the same logits through actlib" in text, where
    page = (DOCS / "functions/sparse.md").read_text(encoding="utf-8")
    snippet = re.search(r"z = np\.array\((\[[^\]]+\])\)\nprint\(\"softmax\(z\)", page)
    note = re.search(r"returns all zeros for (\[[^\]]+\])", actlib.get("sparsemax").frameworks)
    assert snippet and note, f"{where}: the snippet's logits or the note's example is gone"
    assert eval(snippet.group(1)) == eval(note.group(1)), (  # two list literals
        f"{where}: the snippet runs {snippet.group(1)}, the note shows {note.group(1)}"
    )


# ---------------------------------------------------------------------------
# rectifier: why ReLU'(0) matters; concepts: what depth without activations gives
# ---------------------------------------------------------------------------

# The title jax.nn.relu's docstring cites for its gradient at 0 (jax/_src/nn/functions.py).
JAX_RELU_CITES = "Numerical influence of ReLU'(0) on backpropagation"


def test_relu_page_says_the_value_at_zero_matters_and_actlib_takes_zero() -> None:
    text, where = paragraph("functions/rectifier.md", "Does the choice at 0 matter?")
    assert JAX_RELU_CITES in text.replace("*", ""), f"{where}: the paper is not named"
    assert "0 is the better default" in text, where
    assert "rarely" not in text, f"{where}: the page still says exact zeros are rare"
    relu = elementwise("relu")
    assert relu.derivative(np.array([0.0]))[0] == 0.0 and relu.kinks == {0.0: 0.0}, where


def test_a_deep_linear_network_represents_at_most_what_one_layer_does() -> None:
    text, where = paragraph("concepts/why-activation-functions.md", "represents at most")
    assert "fewer when a layer is narrower than the input and output" in text, where
    rng = np.random.default_rng(2)
    widths = [5, 2, 4]  # input 5, a hidden layer of 2, output 4
    product = rng.normal(size=(widths[2], widths[1])) @ rng.normal(size=(widths[1], widths[0]))
    one_layer = rng.normal(size=(widths[2], widths[0]))
    assert np.linalg.matrix_rank(product) == widths[1] < np.linalg.matrix_rank(one_layer), where


def test_backpropagation_sum_includes_the_bias_input() -> None:
    text = (DOCS / "concepts/backpropagation.md").read_text(encoding="utf-8")
    assert "extra input $x_0 = 1$" in text
    assert r"z_k = \sum_{j=0}^{M} x_j\,w_{jk}" in text, "the weighted sum leaves out x_0 = 1"


def test_telu_gate_rounds_to_one_where_the_page_says() -> None:
    text, where = paragraph("functions/gated.md", "the gate is 1 to within")
    assert "so TeLU is the identity there" in text, where
    (stated,) = _calc_values(text)
    x = np.arange(2.0, 40.0, 1e-4)
    gate = np.tanh(np.exp(x))
    first = float(x[np.argmax(gate == 1.0)])
    assert np.all(gate[x >= first] == 1.0), f"{where}: the gate falls back below 1 after {first}"
    assert abs(first - float(stated)) < 0.01, (
        f"{where}: the page says the gate is 1 in float64 from {float(stated):.3f}; "
        f"it is from {first:.4f}"
    )
    beyond = x[x >= first]
    telu = elementwise("telu")(beyond)
    assert np.array_equal(telu, beyond), f"{where}: TeLU(x) != x at {beyond[telu != beyond][:3]}"
    before = x[x < first - 0.01]
    assert np.all(elementwise("telu")(before[-10:]) < before[-10:]), f"{where}: identity earlier"
