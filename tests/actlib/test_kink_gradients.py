"""The kink-gradients page against the frameworks' backward rules.

``scripts/shared/kink_gradients.py`` transcribes each rule as its source writes it, with the
file and version it was read from. Here each transcription is held to the fact its source
states (maximum splits a tie, TensorFlow's maximum gives a tie to x, clamp passes the
gradient at its bounds), to actlib's derivative away from the kinks (so every formulation
is the same function), to the table the page prints, and to the framework notes that the
function pages already make about each framework's own activation.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import actlib
from scripts import ROOT
from scripts.render import kink_table
from scripts.shared import kink_gradients as kg

PAGE = ROOT / "docs" / "concepts" / "kink-gradients.md"
ZERO = np.zeros(1)


# ---------------------------------------------------------------------------
# Each primitive's rule, at a tie or a bound, as its source states it
# ---------------------------------------------------------------------------


def test_torch_maximum_and_minimum_split_a_tie_evenly() -> None:
    """derivatives.yaml: ``where(self == other, grad / 2, grad)`` for both arguments."""
    for rule in (kg.torch_maximum, kg.torch_minimum):
        dx, dy = rule(ZERO, ZERO)
        assert dx[0] == 0.5 and dy[0] == 0.5, f"{rule.__name__}(0, 0) gives {dx}, {dy}"
    dx, dy = kg.torch_maximum(np.array([2.0]), np.array([1.0]))
    assert (dx[0], dy[0]) == (1.0, 0.0)


def test_jax_max_and_min_split_a_tie_evenly() -> None:
    """lax.py: ``_balanced_eq`` divides by 2 where both arguments equal the result."""
    for rule in (kg.jax_max, kg.jax_min):
        dx, dy = rule(ZERO, ZERO)
        assert dx[0] == 0.5 and dy[0] == 0.5, f"{rule.__name__}(0, 0) gives {dx}, {dy}"
    dx, dy = kg.jax_min(np.array([2.0]), np.array([1.0]))
    assert (dx[0], dy[0]) == (0.0, 1.0)


def test_tensorflow_maximum_gives_a_tie_wholly_to_x() -> None:
    """math_grad.py, _MaximumGrad: ``xmask = greater_equal(x, y)``."""
    dx, dy = kg.tf_maximum(ZERO, ZERO)
    assert (dx[0], dy[0]) == (1.0, 0.0)


def test_torch_clamp_passes_the_gradient_at_its_bounds() -> None:
    """derivatives.yaml's comment on clamp: "we return the subgradient 1" at min and max."""
    x = np.array([-1e-300, 0.0, 6.0, 6.0 + 1e-12])
    assert kg.torch_clamp(x, 0.0, 6.0).tolist() == [0.0, 1.0, 1.0, 0.0]


def test_threshold_and_hardtanh_backward_cut_the_gradient_at_the_kink() -> None:
    assert kg.torch_threshold_backward(ZERO, 0.0)[0] == 0.0
    assert kg.torch_hardtanh_backward(np.array([-1.0, 1.0]), -1.0, 1.0).tolist() == [0.0, 0.0]
    assert kg.tf_relu_grad(ZERO)[0] == 0.0
    assert kg.tf_relu6_grad(np.array([0.0, 6.0])).tolist() == [0.0, 0.0]


def test_leaky_backward_rules_take_the_slope_at_zero() -> None:
    """``a > 0 ? b : b * negval`` (PyTorch) and ``(features > 0).select(...)`` (TensorFlow)."""
    assert kg.torch_leaky_relu_backward(ZERO, 0.2)[0] == 0.2
    assert kg.tf_leaky_relu_grad(ZERO, 0.2)[0] == 0.2


def test_jax_clip_splits_ties_at_both_bounds() -> None:
    """clip is ``minimum(max, maximum(min, arr))``: a tie in either halves the gradient."""
    assert kg.jax_clip(np.array([0.0, 3.0, 6.0]), 0.0, 6.0).tolist() == [0.5, 1.0, 0.5]


# ---------------------------------------------------------------------------
# Every formulation is the same function: its gradient off the kinks is actlib's
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("formulation", kg.FORMULATIONS, ids=lambda f: f"{f.framework}:{f.code}")
def test_away_from_the_kinks_every_rule_is_actlibs_derivative(formulation: kg.Formulation) -> None:
    act = actlib.get(formulation.activation)
    x = np.linspace(-8.0, 8.0, 1601)
    x = x[~np.isin(x, list(act.kinks))]
    got = formulation.gradient(x, act.defaults)
    want = act.derivative(x)
    bad = np.flatnonzero(got != want)
    assert bad.size == 0, (
        f"{formulation.framework} {formulation.code}: at x = {x[bad[0]]} the rule gives "
        f"{got[bad[0]]}, actlib's {formulation.activation}' gives {want[bad[0]]}"
    )


def test_every_formulation_says_where_its_rule_was_read() -> None:
    for f in kg.FORMULATIONS:
        assert f.framework in kg.FRAMEWORKS
        assert re.search(r"\.(py|yaml|cpp|h)\b", f.source), f"{f.code}: no file in {f.source!r}"
        assert re.search(r"\d+\.\d+|\b[0-9a-f]{7}\b", f.source), f"{f.code}: no version"


def test_at_the_kinks_the_ways_of_writing_disagree() -> None:
    """The page's point: for each function, two formulations return different gradients."""
    for name in kg.ACTIVATIONS:
        rows = {tuple(values) for _, values in kink_table.cell_values(name)}
        assert len(rows) > 1, f"{name}: every formulation returns {rows}"


# ---------------------------------------------------------------------------
# The page's table prints the transcriptions at actlib's kinks
# ---------------------------------------------------------------------------


def _table_rows(markdown: str) -> list[list[str]]:
    rows = [
        [cell.strip() for cell in line.strip("|").split(" | ")]
        for line in markdown.splitlines()
        if line.startswith("| ")
    ]
    return rows[2:]  # the header and its rule


@pytest.mark.parametrize("name", kg.ACTIVATIONS)
def test_table_cells_are_the_rules_at_actlibs_kinks(name: str) -> None:
    act = actlib.get(name)
    kinks = sorted(act.kinks)
    rows = _table_rows(kink_table.kink_table(name))
    assert rows[0][0] == "actlib"
    assert [float(v) for v in rows[0][2:]] == [act.kinks[k] for k in kinks]
    formulations = kg.formulations(name)
    assert len(rows) - 1 == len(formulations)
    for row, f in zip(rows[1:], formulations, strict=True):
        assert row[0] == f.framework and row[1] == f"`{f.code}`"
        want = [kg.gradient_at(f, k, act.defaults) for k in kinks]
        got = [float(v) for v in row[2:]]
        assert got == pytest.approx(want, abs=0), f"{name}, {f.code}: table {got}, rule {want}"


def test_the_page_prints_a_table_for_each_function() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for name in kg.ACTIVATIONS:
        assert f'{{{{ kink_table("{name}") }}}}' in text, f"{PAGE.name}: no table for {name}"


def test_the_tables_bite() -> None:
    """A wrong cell is caught: maximum's split tie is not clamp's 1."""
    rows = _table_rows(kink_table.kink_table("relu"))
    cells = {row[1]: float(row[2]) for row in rows}
    assert cells["`torch.maximum(x, torch.zeros_like(x))`"] != cells["`torch.clamp(x, min=0)`"]


# ---------------------------------------------------------------------------
# Each framework's own activation agrees with the notes the function pages make
# ---------------------------------------------------------------------------


def _native(name: str, framework: str) -> kg.Formulation:
    code = kg.NATIVE[(name, framework)]
    return next(f for f in kg.formulations(name) if f.framework == framework and f.code == code)


def _native_at(name: str, framework: str) -> list[float]:
    act = actlib.get(name)
    return [kg.gradient_at(_native(name, framework), k, act.defaults) for k in sorted(act.kinks)]


@pytest.mark.parametrize("name", kg.ACTIVATIONS)
def test_actlib_takes_pytorchs_own_activation_at_each_kink(name: str) -> None:
    """The page: actlib's value at a kink is the one PyTorch's own activation returns."""
    act = actlib.get(name)
    assert _native_at(name, "PyTorch") == [act.kinks[k] for k in sorted(act.kinks)]


def test_relu_note_all_three_frameworks_return_zero() -> None:
    """docs/functions/rectifier.md: "ReLU'(0) = 0 in actlib, PyTorch, JAX and Keras"."""
    text = (ROOT / "docs/functions/rectifier.md").read_text(encoding="utf-8")
    assert r"$\operatorname{ReLU}'(0) = 0$ in actlib, PyTorch, JAX and Keras" in text
    assert actlib.relu.kinks == {0.0: 0.0}
    for framework in kg.FRAMEWORKS:
        assert _native_at("relu", framework) == [0.0], framework


def test_relu6_note_the_three_frameworks_agree_with_actlib() -> None:
    """docs/functions/hard.md: ReLU6'(0) = ReLU6'(6) = 0, and the three functions "agree"."""
    text = (ROOT / "docs/functions/hard.md").read_text(encoding="utf-8")
    assert r"$\operatorname{ReLU6}'(0) = \operatorname{ReLU6}'(6) = 0$" in text
    assert "`keras.activations.relu6`\nagree." in text
    for framework in kg.FRAMEWORKS:
        assert _native_at("relu6", framework) == [0.0, 0.0], framework


def test_hardtanh_note_pytorch_cuts_the_gradient_and_jax_passes_it() -> None:
    """actlib's frameworks note: "At the bounds PyTorch's gradient is 0, as here; JAX's
    hard_tanh gives 1"."""
    note = actlib.hardtanh.frameworks
    assert "At the bounds PyTorch's gradient is 0, as here; JAX's hard_tanh gives 1" in note
    assert _native_at("hardtanh", "PyTorch") == [0.0, 0.0] == list(actlib.hardtanh.kinks.values())
    assert _native_at("hardtanh", "JAX") == [1.0, 1.0]


def test_leaky_relu_note_pytorch_gives_the_slope_and_jax_gives_one() -> None:
    """actlib's frameworks note: "At 0 PyTorch's gradient is negative_slope, as here; JAX's
    leaky_relu is where(x >= 0, x, a x), so its gradient at 0 is 1"."""
    note = actlib.leaky_relu.frameworks
    assert "At 0 PyTorch's gradient is negative_slope, as here" in note
    assert "so its gradient at 0 is 1" in note
    slope = actlib.leaky_relu.defaults["negative_slope"]
    assert _native_at("leaky_relu", "PyTorch") == [slope] == [actlib.leaky_relu.kinks[0.0]]
    assert _native_at("leaky_relu", "JAX") == [1.0]


def _at_kinks(name: str, code: str) -> list[float]:
    act = actlib.get(name)
    f = next(f for f in kg.formulations(name) if f.code == code)
    return [kg.gradient_at(f, k, act.defaults) for k in sorted(act.kinks)]


def test_hard_page_clamp_and_clip_disagree_with_relu6() -> None:
    """docs/functions/hard.md: "`torch.clamp(x, 0, 6)` and `jnp.clip(x, 0, 6)` do not" agree."""
    text = (ROOT / "docs/functions/hard.md").read_text(encoding="utf-8")
    assert "`torch.clamp(x, 0, 6)` and `jnp.clip(x, 0, 6)` do not" in text
    relu6 = [actlib.relu6.kinks[k] for k in sorted(actlib.relu6.kinks)]
    for code in ("torch.clamp(x, 0, 6)", "jnp.clip(x, 0, 6)"):
        assert _at_kinks("relu6", code) != relu6, code


def test_rectifier_page_relu_by_hand_is_not_always_zero() -> None:
    """docs/functions/rectifier.md: written with `maximum`, `where` or `clamp` ReLU'(0) "is
    not always 0"."""
    text = (ROOT / "docs/functions/rectifier.md").read_text(encoding="utf-8")
    assert "Written by hand with `maximum`, `where` or `clamp` it is not always 0" in text
    by_hand = [f for f in kg.formulations("relu") if f.code not in kg.NATIVE.values()]
    assert {kg.gradient_at(f, 0.0, {}) for f in by_hand} - {0.0}, "every one gives 0"


# ---------------------------------------------------------------------------
# What the kink-gradients page says in its prose, beside its tables
# ---------------------------------------------------------------------------


def _says(sentence: str) -> None:
    text = " ".join(PAGE.read_text(encoding="utf-8").split())
    assert sentence in text, f"docs/concepts/kink-gradients.md no longer says {sentence!r}"


def test_the_pages_prose_states_what_the_rules_return() -> None:
    """Each value the page's paragraphs name is the transcribed rule's at the kink."""
    a = actlib.leaky_relu.defaults["negative_slope"]
    _says("the identity branch is selected and its gradient is 1, where PyTorch's `leaky_relu`")
    assert _at_kinks("leaky_relu", "jax.nn.leaky_relu(x, a)") == [1.0]
    assert _at_kinks("leaky_relu", "torch.nn.functional.leaky_relu(x, a)") == [a]
    _says("so `keras.ops.maximum(x, 0)` on the TensorFlow backend passes the whole gradient")
    assert _at_kinks("relu", "keras.ops.maximum(x, 0)") == [1.0]
    _says("the halves add up to $(1 + a)/2$")
    for code in ("torch.maximum(x, a * x)", "jnp.maximum(x, a * x)"):
        assert _at_kinks("leaky_relu", code) == [pytest.approx((1 + a) / 2)], code
    _says("So `torch.clamp(x, 0, 6)` and `F.relu6(x)`, the same function, disagree at both")
    clamp = _at_kinks("relu6", "torch.clamp(x, 0, 6)")
    native = _at_kinks("relu6", "torch.nn.functional.relu6(x)")
    assert len(clamp) == 2 and all(c != n for c, n in zip(clamp, native, strict=True))
    _says(
        "`torch.relu` passes no gradient, `torch.maximum` passes half and `torch.clamp` "
        "passes all of it"
    )
    relu = [
        _at_kinks("relu", code)
        for code in (
            "torch.relu(x)",
            "torch.maximum(x, torch.zeros_like(x))",
            "torch.clamp(x, min=0)",
        )
    ]
    assert relu == [[0.0], [0.5], [1.0]]
