"""softmax, log_softmax and softmin: accuracy for any finite logits, axes, shapes, the Jacobian,
the backpropagation product, and bad input.

The reference is mpmath at 50 digits: log_softmax_i = (z_i - m) - log1p(r), with m the
largest logit, z_i - m exact and r = sum over j != argmax of exp(z_j - m), so that it
keeps its digits when one logit dominates (log_softmax([0, -40])[0] = -4.25e-18, not 0);
softmax_i = exp(log_softmax_i); softmin(z) = softmax(-z), negation being exact.
Sparsemax has its own file, test_sparsemax.py.
"""

from __future__ import annotations

import math
import re
import warnings
from typing import Any

import mpmath
import numpy as np
import pytest

import actlib
from tests.registry_cases import VECTOR

EPS = np.finfo(np.float64).eps
TINY = np.finfo(np.float64).smallest_subnormal
FUNCTIONS = ["softmax", "log_softmax", "softmin"]
# The logit that masks an entry (probability 0): softmin(z) = softmax(-z) masks +inf.
MASK = {"softmax": -np.inf, "log_softmax": -np.inf, "softmin": np.inf}

# Logits that overflow a naive exp, underflow it, or mix scales.
HARD_LOGITS = [
    [1000.0, 0.0],
    [-1000.0, -1000.0],
    [0.0, 1000.0, -1000.0],
    [1e-3, 1.0, 100.0, -50.0, 700.0],
    [710.0, 709.9, -710.0],
    [0.0, -40.0],  # log_softmax[0] = -log1p(e^-40) = -4.25e-18, not 0
    [0.0, 1e-20, -1e-20],
    [745.0, 0.0, -745.0],  # e^-745 is the smallest subnormal
    [1.7e308, -1.7e308, 0.0],  # z - max overflows a naive subtraction
    [-1.7e308, -1.7e308],
    [5.0],
    [3.0, 3.0, 3.0, 3.0],
]


def reference(name: str, row: np.ndarray) -> list[mpmath.mpf]:
    """softmax, log_softmax or softmin of one row of logits, to 50 digits."""
    sign = -1 if name == "softmin" else 1  # softmin(z) = softmax(-z)
    with mpmath.workdps(50):
        z = [mpmath.mpf(sign * float(v)) for v in row]
        top = max(range(len(z)), key=lambda i: z[i])
        # exact differences: z_i - max is where all the digits of the answer come from
        shifted = [mpmath.fsub(v, z[top], exact=True) for v in z]
        rest = mpmath.fsum(mpmath.exp(v) for i, v in enumerate(shifted) if i != top)
        logs = [v - mpmath.log1p(rest) for v in shifted]
        return logs if name == "log_softmax" else [mpmath.exp(v) for v in logs]


def reference_along(name: str, z: np.ndarray, axis: int) -> np.ndarray:
    """The reference for every row of ``z`` along ``axis``, as an object array of mpf."""
    moved = np.moveaxis(z, axis, -1)
    rows = moved.reshape(-1, moved.shape[-1])
    out = np.array([reference(name, row) for row in rows], dtype=object)
    return np.moveaxis(out.reshape(moved.shape), -1, axis)


def relative_error_ok(got: np.ndarray, exact: np.ndarray, rel: float, tiny: float) -> np.ndarray:
    """|got - exact| <= rel |exact| + tiny, element by element, in 50-digit arithmetic.

    An exact value beyond the float range (log_softmax of logits 3e308 apart) must come
    out as the infinity it rounds to.
    """

    def close(g: float, e: mpmath.mpf) -> bool:
        if math.isinf(float(e)) or math.isinf(g):
            return g == float(e)
        return abs(mpmath.mpf(g) - e) <= rel * abs(e) + tiny

    with mpmath.workdps(50):
        flat = [close(float(g), e) for g, e in zip(np.ravel(got), np.ravel(exact), strict=True)]
    return np.array(flat, dtype=bool).reshape(np.shape(got))


def fail_message(name: str, z: Any, got: Any, exact: Any, ok: np.ndarray) -> str:
    """Name the first bad element, and the logits of its row (not the whole array)."""
    i = tuple(int(k) for k in np.argwhere(~ok)[0])
    row = np.asarray(z)[i[:-1]] if np.ndim(z) > 1 else np.asarray(z)
    return (
        f"{name}: {np.count_nonzero(~ok)} element(s) off; first, element {i} of the rows "
        f"along the last axis is {float(np.asarray(got)[i])!r}, exact "
        f"{mpmath.nstr(np.asarray(exact)[i], 20)}; its row of logits: {row.tolist()}"
    )


def random_logits(seed: int, shape: tuple[int, ...], scale: float) -> np.ndarray:
    return scale * np.random.default_rng(seed).standard_normal(shape)


# ---------------------------------------------------------------------------
# Accuracy for any finite logits
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("logits", HARD_LOGITS, ids=lambda z: str(z))
def test_each_element_within_8_eps_for_any_finite_logits(name: str, logits: list) -> None:
    z = np.array(logits)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow, underflow or invalid-value warning
        got = actlib.get(name)(z)
    exact = reference_along(name, z, -1)
    # 8 eps relative, as issue 2 asks; below the normal range an element can only be
    # as close as the subnormal spacing, so allow one rounding there (2 TINY).
    ok = relative_error_ok(got, exact, 8 * EPS, 2 * TINY)
    assert ok.all(), fail_message(name, z, got, exact, ok)


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("scale", [1.0, 30.0, 300.0])
def test_random_logits_within_8_eps(name: str, scale: float) -> None:
    z = random_logits(int(scale), (6, 17), scale)
    got = actlib.get(name)(z)
    exact = reference_along(name, z, -1)
    ok = relative_error_ok(got, exact, 8 * EPS, 2 * TINY)
    assert ok.all(), fail_message(name, z, got, exact, ok)


@pytest.mark.parametrize(
    "z",
    [np.array(row) for row in HARD_LOGITS] + [random_logits(7, (8, 40), s) for s in (1, 50)],
    ids=lambda z: str(z.tolist())[:40],
)
def test_softmax_rows_sum_to_one_within_4_eps(z: np.ndarray) -> None:
    s = np.atleast_2d(actlib.softmax(z))
    # math.fsum adds exactly, so the test measures softmax's error, not its own.
    sums = np.array([math.fsum(row) for row in s])
    bad = np.abs(sums - 1.0) > 4 * EPS
    assert not bad.any(), f"softmax rows sum to {sums[bad][:3]} for logits {z[bad][:1]}"


@pytest.mark.parametrize("name", FUNCTIONS)
def test_float32_in_gives_float32_out_within_one_ulp(name: str) -> None:
    z = np.array([[1000.0, 0.0, -3.5], [0.25, -0.5, 2.0]], dtype=np.float32)
    got = actlib.get(name)(z)
    assert got.dtype == np.float32
    exact = reference_along(name, z, -1)
    eps32, tiny32 = np.finfo(np.float32).eps, np.finfo(np.float32).smallest_subnormal
    ok = relative_error_ok(got, exact, float(eps32), float(tiny32))
    assert ok.all(), fail_message(name, z, got, exact, ok)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_an_infinite_logit_masks_an_entry(name: str) -> None:
    z = np.array([MASK[name], 0.0, 1.0, MASK[name]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = actlib.get(name)(z)
    masked = -np.inf if name == "log_softmax" else 0.0
    assert got[0] == masked and got[3] == masked, f"{name}({z.tolist()}) = {got}"
    exact = reference(name, np.array([0.0, 1.0]))
    ok = relative_error_ok(got[1:3], np.array(exact, dtype=object), 8 * EPS, 2 * TINY)
    assert ok.all(), f"{name}({z.tolist()}) = {got}; the unmasked part should be {exact}"


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize(
    "z",
    [[np.inf, 0.0], [np.inf, np.inf], [-np.inf, -np.inf], [np.nan, 1.0], [np.inf, -np.inf]],
    ids=str,
)
def test_no_runtime_warning_for_infinite_or_nan_logits(name: str, z: list) -> None:
    act = actlib.get(name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            act(z), act.jacobian(z), act.vjp(z, [1.0, -1.0])
        except Warning as warning:
            pytest.fail(f"{name}({z}) warned: {warning}")


@pytest.mark.parametrize(
    "z",
    [np.array(row) for row in HARD_LOGITS] + [random_logits(23, (5, 9), s) for s in (1, 300)],
    ids=lambda z: str(z.tolist())[:40],
)
def test_softmin_is_softmax_of_minus_z_bit_for_bit(z: np.ndarray) -> None:
    """Negation is exact, so softmin(z) and softmax(-z) are the same computation."""
    assert np.array_equal(actlib.softmin(z), actlib.softmax(-z))
    g = random_logits(29, z.shape, 1.0)
    assert np.array_equal(actlib.softmin.vjp(z, g), -actlib.softmax.vjp(-z, g))
    assert np.array_equal(actlib.softmin.jacobian(z), -actlib.softmax.jacobian(-z))


# ---------------------------------------------------------------------------
# Axes and shapes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2, -3])
def test_axis_selects_the_rows(name: str, axis: int) -> None:
    z = random_logits(3, (3, 4, 5), 5.0)
    got = actlib.get(name)(z, axis=axis)
    assert got.shape == z.shape
    exact = reference_along(name, z, axis)
    ok = relative_error_ok(got, exact, 8 * EPS, 2 * TINY)
    assert ok.all(), f"axis={axis}: " + fail_message(name, z, got, exact, ok)


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("shape", [(1,), (7,), (0, 3), (3, 0), (2, 0, 4), (1, 1, 1)])
def test_shapes_are_preserved(name: str, shape: tuple[int, ...]) -> None:
    z = np.zeros(shape)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = actlib.get(name)(z)
    assert got.shape == shape and got.dtype == np.float64
    k = shape[-1]
    if got.size:  # equal logits: every probability is 1/K
        expected = -math.log(k) if name == "log_softmax" else 1.0 / k
        assert np.allclose(got, expected, rtol=4 * EPS, atol=0), f"{name}(zeros{shape}) = {got}"


@pytest.mark.parametrize("name", FUNCTIONS)
def test_list_and_non_contiguous_input(name: str) -> None:
    act = actlib.get(name)
    z = random_logits(5, (6, 8), 3.0)
    assert np.array_equal(act(z.tolist()), act(z))
    view = z[::2, ::-3]  # strided and reversed
    assert np.array_equal(act(view), act(np.ascontiguousarray(view)))
    # The same rows along another axis: each answer is within 8 eps of the truth, but
    # NumPy may sum them in another order, so they agree to 16 eps, not bit for bit.
    np.testing.assert_allclose(act(z.T, axis=0), act(z, axis=-1).T, rtol=16 * EPS, atol=0)


# ---------------------------------------------------------------------------
# The Jacobian and the backpropagation product
# ---------------------------------------------------------------------------

JACOBIAN_CASES = [
    pytest.param((5,), -1, id="vector"),
    pytest.param((2, 3, 4), -1, id="batch-last-axis"),
    pytest.param((2, 3, 4), 1, id="batch-middle-axis"),
    pytest.param((4, 2), 0, id="first-axis"),
]


def rows_last(z: np.ndarray, axis: int) -> np.ndarray:
    """The logits with ``axis`` moved last: the Jacobian's batch shape is the rest."""
    return np.moveaxis(z, axis, -1)


def exact_jacobian(name: str, row: np.ndarray) -> np.ndarray:
    """diag(s) - s s^T for softmax, I - 1 s^T for log_softmax, -(diag(m) - m m^T) for
    softmin (m = softmin(z): the chain rule through -z), from the mpmath s and m."""
    if name == "softmin":
        m = reference("softmin", row)
        k = len(m)
        return np.array([[-m[i] * ((i == j) - m[j]) for j in range(k)] for i in range(k)])
    s = reference("softmax", row)
    k = len(s)
    if name == "softmax":
        return np.array([[s[i] * ((i == j) - s[j]) for j in range(k)] for i in range(k)])
    return np.array([[(i == j) - s[j] for j in range(k)] for i in range(k)])


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize(("shape", "axis"), JACOBIAN_CASES)
def test_jacobian_shape_is_batch_then_k_by_k(name: str, shape: tuple, axis: int) -> None:
    z = random_logits(1, shape, 2.0)
    k = shape[axis]
    batch = rows_last(z, axis).shape[:-1]
    assert actlib.get(name).jacobian(z, axis=axis).shape == (*batch, k, k)


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize(("shape", "axis"), JACOBIAN_CASES)
def test_jacobian_matches_its_closed_form(name: str, shape: tuple, axis: int) -> None:
    z = random_logits(11, shape, 4.0)
    got = actlib.get(name).jacobian(z, axis=axis)
    rows = rows_last(z, axis).reshape(-1, shape[axis])
    for got_row, row in zip(got.reshape(-1, shape[axis], shape[axis]), rows, strict=True):
        exact = exact_jacobian(name, row)
        # Every entry is a product or difference of a few numbers each within 8 eps of
        # the truth, and no entry exceeds 1 in size, so 32 eps absolute bounds the error.
        error = np.abs(got_row - exact.astype(float))
        assert np.all(error <= 32 * EPS), (
            f"{name}.jacobian({row.tolist()}, axis={axis}) differs from its closed form by "
            f"{error.max():.3g} at {np.unravel_index(error.argmax(), error.shape)}"
        )


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize(("shape", "axis"), JACOBIAN_CASES)
def test_jacobian_matches_central_differences(name: str, shape: tuple, axis: int) -> None:
    act = actlib.get(name)
    z = random_logits(13, shape, 2.0)
    got = act.jacobian(z, axis=axis)
    estimate = np.empty_like(got)
    for j in range(shape[axis]):
        # h = cbrt(eps) balances truncation (h^2 |f'''| / 6) and rounding (eps / h): both
        # near 4e-11 here, where |f| and its derivatives are O(1).
        h = np.cbrt(EPS) * np.maximum(1.0, np.abs(np.take(z, j, axis=axis)))
        step = np.zeros_like(z)
        index = [slice(None)] * z.ndim
        index[axis] = j
        step[tuple(index)] = h
        difference = act(z + step, axis=axis) - act(z - step, axis=axis)
        column = difference / (2 * np.expand_dims(h, axis))
        estimate[..., j] = rows_last(column, axis)
    error = np.abs(got - estimate)
    assert np.all(error <= 1e-7), (
        f"{name}.jacobian(axis={axis}) vs central differences: max error {error.max():.3g}"
    )


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize(("shape", "axis"), JACOBIAN_CASES)
def test_vjp_is_g_times_the_jacobian(name: str, shape: tuple, axis: int) -> None:
    act = actlib.get(name)
    z, g = random_logits(17, shape, 3.0), random_logits(19, shape, 1.0)
    got = act.vjp(z, g, axis=axis)
    assert got.shape == z.shape
    jacobian = act.jacobian(z, axis=axis)
    expected = np.moveaxis(np.einsum("...i,...ij->...j", rows_last(g, axis), jacobian), -1, axis)
    # J = diag(a) - b (softmax: a = s, b = s s^T; log_softmax: a = 1, b = 1 s^T; softmin
    # its negative, with a = m = softmin(z)), and
    # a vjp computed as a g - (g b) may cancel: its error scales with |g| (a + b), not
    # with |g| |J|. |J| + diag(a) >= max(a, b) on every entry, so 32 eps |g| (|J| +
    # diag(a)) bounds that error, and the rounding of the einsum on the other side.
    a = np.ones_like(z) if name == "log_softmax" else actlib.get(name)(z, axis=axis)
    size = np.abs(jacobian) + rows_last(a, axis)[..., :, None] * np.eye(shape[axis])
    weights = np.einsum("...i,...ij->...j", np.abs(rows_last(g, axis)), size)
    bound = 32 * EPS * np.moveaxis(weights, -1, axis)
    bad = np.abs(got - expected) > bound + TINY
    assert not bad.any(), (
        f"{name}.vjp(axis={axis}) differs from g @ J at {np.argwhere(bad)[0]}: "
        f"{got[tuple(np.argwhere(bad)[0])]!r} vs {expected[tuple(np.argwhere(bad)[0])]!r}"
    )


@pytest.mark.parametrize("name", FUNCTIONS)
def test_vjp_of_extreme_logits_is_finite(name: str) -> None:
    z = np.array([1000.0, 0.0, -1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = actlib.get(name).vjp(z, np.array([1.0, 2.0, 3.0]))
    assert np.isfinite(out).all(), f"{name}.vjp({z.tolist()}) = {out}"


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", FUNCTIONS)
def test_scalar_logits_raise_value_error(name: str) -> None:
    act = actlib.get(name)
    for fn in (act, act.jacobian, lambda z: act.vjp(z, 1.0)):
        with pytest.raises(ValueError, match=r"axis|scalar"):
            fn(3.0)


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("axis", [2, -3, 1.0, "last", None])
def test_bad_axis_raises_naming_axis(name: str, axis: Any) -> None:
    act = actlib.get(name)
    z = np.zeros((2, 3))
    for fn in (act, act.jacobian, lambda z, axis: act.vjp(z, z, axis=axis)):
        with pytest.raises((ValueError, TypeError), match="axis"):
            fn(z, axis=axis)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_vjp_rejects_g_of_another_shape_or_type(name: str) -> None:
    act = actlib.get(name)
    z = np.zeros((2, 3))
    with pytest.raises(ValueError, match="shape"):
        act.vjp(z, np.zeros((3, 2)))
    with pytest.raises(TypeError, match="real"):
        act.vjp(z, np.zeros((2, 3), dtype=complex))
    with pytest.raises(TypeError, match="real"):
        act.vjp(z, None)


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("bad", [None, "1.0", [1.0, 2j], np.array([1.0, 2.0], dtype=object)])
def test_non_real_logits_raise_type_error(name: str, bad: Any) -> None:
    with pytest.raises(TypeError, match="real"):
        actlib.get(name)(bad)


def sparsemax_reference(row: np.ndarray) -> list[mpmath.mpf]:
    """Sparsemax by bisection on tau, sum(max(z_i - tau, 0)) = 1, to 50 digits: shares
    nothing with actlib's sort (see test_sparsemax.py for the sort-based reference)."""
    with mpmath.workdps(50):
        z = [mpmath.mpf(float(v)) for v in row]
        lo, hi = max(z) - 1, max(z)
        for _ in range(200):
            tau = (lo + hi) / 2
            lo, hi = (tau, hi) if mpmath.fsum(max(v - tau, 0) for v in z) > 1 else (lo, tau)
        return [max(v - (lo + hi) / 2, 0) for v in z]


def entmax15_reference(row: np.ndarray) -> list[mpmath.mpf]:
    """1.5-entmax by bisection on tau, sum([z_i / 2 - tau]_+^2) = 1, to 50 digits: shares
    nothing with actlib's sort (Peters, Niculae & Martins, 2019, with alpha = 1.5)."""
    with mpmath.workdps(50):
        x = [mpmath.mpf(float(v)) / 2 for v in row]
        lo, hi = max(x) - 1, max(x)
        for _ in range(200):
            tau = (lo + hi) / 2
            total = mpmath.fsum(max(v - tau, 0) ** 2 for v in x)
            lo, hi = (tau, hi) if total > 1 else (lo, tau)
        return [max(v - (lo + hi) / 2, 0) ** 2 for v in x]


def sink_reference(row: np.ndarray) -> list[mpmath.mpf]:
    """Softmax with the sink's logit 0 (the default) beside the row, the sink's share left
    out: the softmax of [0, z] without its first entry."""
    return reference("softmax", np.concatenate([[0.0], row]))[1:]


# What each vector function's symbols stand for (its ``jacobian_where``), computed here
# independently of actlib: symbol -> its values for one row of logits.
MEANINGS: dict[str, dict[str, Any]] = {
    "softmax": {"s": lambda z: reference("softmax", z)},
    "log_softmax": {"s": lambda z: reference("softmax", z)},
    "softmin": {"s": lambda z: reference("softmin", z)},
    "sparsemax": {
        "p": sparsemax_reference,
        "s": lambda z: [mpmath.mpf(v > 1e-30) for v in sparsemax_reference(z)],
    },
    "softmax_sink": {"s": sink_reference},
    "entmax": {
        "p": entmax15_reference,
        "s": lambda z: [mpmath.sqrt(v) * (v > 1e-30) for v in entmax15_reference(z)],
    },
}


def test_every_vector_function_says_what_its_symbols_mean() -> None:
    assert set(MEANINGS) == set(VECTOR), "add the new vector function's symbols to MEANINGS"


@pytest.mark.parametrize("name", VECTOR)
def test_the_jacobian_label_names_the_function_it_differentiates(name: str) -> None:
    """The printed left-hand side, d(jacobian_of)/dz_j, is the derivative of f itself.

    SymPy reads the label's numerator (``s_i``, ``\\ln s_i``, ``p_i``) as a function of
    one symbol; with that symbol's values computed independently (MEANINGS: s is the
    softmax for softmax and log-softmax, the softmin for softmin, p the sparsemax) it
    must give f(z), or the label names another function (log-softmax's Jacobian was once
    printed as softmax's, ds_i/dz_j). ``jacobian_where`` must define that symbol.
    """
    import sympy
    from sympy.parsing.latex import parse_latex

    act = actlib.get(name)
    numerator = parse_latex(act.jacobian_of)
    (symbol,) = numerator.free_symbols
    base = str(symbol).split("_")[0]
    assert re.search(rf"(^|[ ,]){base}(_i)? = ", act.jacobian_where), (
        f"{name}: jacobian_where {act.jacobian_where!r} does not say what {base} is"
    )
    z = random_logits(3, (5,), 3.0)
    values = MEANINGS[name][base](z)
    label = np.array([float(numerator.subs(symbol, sympy.Float(v, 30))) for v in values])
    np.testing.assert_allclose(label, act(z), rtol=1e-14, atol=1e-300)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_the_shift_is_made_exactly_where_an_exponential_would_overflow_or_underflow(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the softmax and numerical-stability pages say: where every e^z is a normal float64
    and their sum is finite, actlib skips the shift by the largest logit (and its TwoSum
    step); where some e^z overflows or underflows, or the sum overflows, it shifts."""
    from actlib.families import softmax as module

    shifts = []
    shift = module._shifted_logits

    def counted(z: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
        shifts.append(z.shape)
        return shift(z, axis)

    monkeypatch.setattr(module, "_shifted_logits", counted)
    cases = {
        "ordinary logits": ([1.0, 2.0, -3.0], False),
        "e^1000 overflows": ([1000.0, 0.0], True),
        "e^-800 underflows": ([-800.0, 0.0], True),
        "a masked logit, e^-inf = 0": ([0.0, -np.inf], True),
        "each e^709 finite, their sum not": ([709.0] * 10, True),
    }
    for case, (z, shifted) in cases.items():
        shifts.clear()
        actlib.get(name)(np.array(z))
        assert bool(shifts) == shifted, f"{name}, {case}: shifted {bool(shifts)}"
