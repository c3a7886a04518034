"""What every activation accepts and returns: types, shapes, dtypes, and extreme values.

Values here are checked against the function itself at float64 contiguous input (for
layout and dtype handling) or against the SymPy oracle's limits (for +-inf); nothing is
copied from actlib's output.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pytest

import actlib
from scripts.reference import oracles
from tests.registry_cases import ELEMENTWISE, GATED, VECTOR, cases, first_failure, label

FLOATS = [np.float16, np.float32, np.float64]


def special_values(dtype: type) -> np.ndarray:
    """Signed zeros, subnormals, the normal extremes, +-1, +-max, +-inf and NaN."""
    info = np.finfo(dtype)
    magnitudes = [
        0.0,
        float(info.smallest_subnormal),
        float(info.smallest_normal),
        1.0,
        float(info.max),
        math.inf,
    ]
    values = [sign * m for m in magnitudes for sign in (1.0, -1.0)] + [math.nan]
    return np.array(values, dtype=dtype)


def both(name: str, params: dict[str, Any]) -> list[tuple[str, Any]]:
    act = actlib.get(name)
    return [
        ("f", lambda x: act(x, **params)),
        ("f'", lambda x: act.derivative(x, **params)),
    ]


def same(a: Any, b: Any) -> np.ndarray:
    """Equal, counting NaN as equal to NaN and -0.0 as equal to 0.0."""
    a, b = np.asarray(a), np.asarray(b)
    return (a == b) | (np.isnan(a) & np.isnan(b))


# ---------------------------------------------------------------------------
# Scalars, lists and arrays of any shape and layout
# ---------------------------------------------------------------------------

GRID = np.array([-7.5, -3.0, -1.0, -0.3, 0.0, 0.4, 1.0, 2.5, 3.0, 6.0, 9.0])


@pytest.mark.parametrize(("name", "params"), cases())
def test_python_and_numpy_scalars_give_a_float64_numpy_scalar(name: str, params: dict) -> None:
    for which, fn in both(name, params):
        reference = fn(np.array([0.5, 2.0, -2.0, 1.0, 0.0]))
        scalars = [0.5, 2, -2, True, np.float64(0.0)]
        for i, x in enumerate(scalars):
            out = fn(x)
            where = f"{label(name, params)} {which} at {x!r} ({type(x).__name__})"
            assert isinstance(out, np.float64), f"{where}: got {type(out).__name__}"
            assert same(out, reference[i]), f"{where}: {out!r} != {reference[i]!r} (array path)"


@pytest.mark.parametrize(("name", "params"), cases())
def test_lists_give_arrays_of_the_same_shape(name: str, params: dict) -> None:
    for which, fn in both(name, params):
        for x in ([], [1.0], [[-1.0, 2.0, 3.5], [0.0, -4.0, 8.0]], [[[1, 2]], [[3, 4]]]):
            expected = fn(np.asarray(x, dtype=np.float64))
            out = fn(x)
            assert isinstance(out, np.ndarray), f"{label(name, params)} {which}({x})"
            assert out.shape == np.shape(x) and out.dtype == np.float64
            assert np.all(same(out, expected)), f"{label(name, params)} {which}({x}) = {out}"


@pytest.mark.parametrize(("name", "params"), cases())
@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda g: np.array(g[4]), id="0-d"),
        pytest.param(lambda g: np.empty((0,)), id="empty"),
        pytest.param(lambda g: np.empty((3, 0, 2)), id="empty-3d"),
        pytest.param(lambda g: np.tile(g, (3, 1)), id="2d"),
        pytest.param(lambda g: np.tile(g, (2, 3, 1)).transpose(2, 0, 1), id="transposed-3d"),
        pytest.param(lambda g: np.tile(g, (4, 1))[::2, ::3], id="strided"),
        pytest.param(lambda g: g[::-1], id="reversed"),
        pytest.param(lambda g: np.asfortranarray(np.tile(g, (2, 1))), id="fortran"),
        pytest.param(lambda g: np.broadcast_to(g, (3, g.size)), id="broadcast-read-only"),
    ],
)
def test_arrays_of_any_shape_and_layout(name: str, params: dict, make: Any) -> None:
    x = make(GRID)
    for which, fn in both(name, params):
        out = np.asarray(fn(x))
        assert out.shape == x.shape, f"{label(name, params)} {which}: shape {out.shape}"
        assert out.dtype == np.float64
        # Element by element, the answer is the answer for that scalar.
        expected = np.array([fn(float(v)) for v in x.ravel()]).reshape(x.shape)
        bad = ~same(out, expected)
        assert not bad.any(), f"{label(name, params)} {which}: " + first_failure(
            x, out, expected, bad
        )


# ---------------------------------------------------------------------------
# dtypes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "params"), cases())
@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.int32, np.int64, np.uint8, np.uint64])
def test_bool_and_int_promote_to_float64(name: str, params: dict, dtype: type) -> None:
    x = np.array([0, 1, 1, 0], dtype=bool) if dtype is np.bool_ else np.arange(7, dtype=dtype)
    for which, fn in both(name, params):
        out = fn(x)
        assert out.dtype == np.float64, f"{label(name, params)} {which}: {dtype} -> {out.dtype}"
        assert np.all(same(out, fn(x.astype(np.float64))))


@pytest.mark.parametrize(("name", "params"), cases())
@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_narrow_floats_come_back_in_their_dtype(name: str, params: dict, dtype: type) -> None:
    """float32 and float16 are computed in float64 and rounded once (actlib._core)."""
    x = np.concatenate([GRID, np.linspace(-12.0, 12.0, 97)]).astype(dtype)
    for which, fn in both(name, params):
        out = fn(x)
        assert out.dtype == dtype, f"{label(name, params)} {which}: {dtype} in, {out.dtype} out"
        # The float64 answer is within 4 float64 ULP of the truth, so the narrow answer
        # must be that float64 answer rounded to the nearest narrow value.
        wide = np.asarray(fn(x.astype(np.float64)))
        with np.errstate(over="ignore"):  # the test's own rounding may overflow to inf
            expected = wide.astype(dtype)
        gap = np.abs(out.astype(np.float64) - wide)
        with np.errstate(invalid="ignore"):  # no spacing at inf (exponential in float16)
            spacing = np.spacing(np.abs(out)).astype(np.float64)
        bad = ~same(out, expected) & ~(gap <= spacing)
        assert not bad.any(), f"{label(name, params)} {which} in {dtype.__name__}: " + (
            first_failure(x, out, expected, bad)
        )
        scalar = fn(dtype(0.75))  # a NumPy scalar keeps its type too, as with a ufunc
        assert type(scalar) is dtype, f"{label(name, params)} {which}: {type(scalar).__name__}"


@pytest.mark.parametrize("name", actlib.names())
@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(None, id="None"),
        pytest.param("1.0", id="str"),
        pytest.param(b"1.0", id="bytes"),
        pytest.param(1 + 2j, id="complex"),
        pytest.param(np.array([1.0, 2j]), id="complex-array"),
        pytest.param(np.array([1.0, 2.0], dtype=object), id="object-array"),
        pytest.param([1.0, None], id="list-with-None"),
        pytest.param(["a", "b"], id="list-of-str"),
        pytest.param([[1.0, 2.0], [3.0]], id="ragged-list"),
        pytest.param({"x": 1.0}, id="dict"),
        pytest.param(np.array(["2020-01-01"], dtype="datetime64[D]"), id="datetime"),
    ],
)
def test_non_real_input_raises_type_error_saying_what_is_accepted(name: str, bad: Any) -> None:
    act = actlib.get(name)
    fns = [act, act.derivative] if name in ELEMENTWISE else [act, act.jacobian]
    for fn in fns:
        with pytest.raises(TypeError) as excinfo:
            fn(bad)
        message = str(excinfo.value)
        assert "real" in message and "float" in message, (
            f"{name}: TypeError for {bad!r} should say what is accepted; got {message!r}"
        )


# ---------------------------------------------------------------------------
# The input is never modified
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "params"), cases() + cases(VECTOR))
@pytest.mark.parametrize("dtype", FLOATS)
def test_input_is_never_mutated(name: str, params: dict, dtype: type) -> None:
    x = GRID.astype(dtype)
    if name not in VECTOR:  # infinite logits are test_softmax's business
        x = np.concatenate([x, special_values(dtype)])
    x = np.stack([x, -x])
    before = x.copy()
    act = actlib.get(name)
    if name in VECTOR:
        calls = [act(x), act.jacobian(x), act.vjp(x, np.ones_like(x))]
    else:
        calls = [act(x, **params), act.derivative(x, **params)]
    assert all(out is not x for out in calls), f"{label(name, params)} returned its input"
    assert np.array_equal(x, before, equal_nan=True), f"{label(name, params)} changed its input"
    # A read-only array must work too: nothing may try to write into it.
    x.flags.writeable = False
    if name in VECTOR:
        act(x), act.jacobian(x), act.vjp(x, x)
    else:
        act(x, **params), act.derivative(x, **params)


# ---------------------------------------------------------------------------
# Extreme values: no warnings, NaN stays NaN, infinities go to the limits
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "params"), cases())
@pytest.mark.parametrize("dtype", FLOATS)
def test_no_runtime_warning_for_any_value(name: str, params: dict, dtype: type) -> None:
    # pyproject makes RuntimeWarning an error already; this says so here, for any runner.
    x = special_values(dtype)
    for which, fn in both(name, params):
        # the whole array, each element as a NumPy scalar, and each as a Python float
        for value in [x, *x, *x.astype(float).tolist()]:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                try:
                    fn(value)
                except Warning as warning:
                    pytest.fail(f"{label(name, params)} {which}({value!r}) warned: {warning}")


def extreme_values(dtype: type) -> np.ndarray:
    """special_values, and the points where exp, products and quotients underflow or
    overflow (-745 is where e^x leaves the subnormals; 710 where it overflows)."""
    more = [1e-300, 1e-10, 1.5, 20.0, 40.0, 80.0, 710.0, 745.0, 800.0, 1e10, 1e154, 1e300]
    values = np.array([sign * m for m in more for sign in (1.0, -1.0)])
    with np.errstate(over="ignore"):  # 1e300 is inf in float32
        return np.concatenate([special_values(dtype), values.astype(dtype)])


# Every floating-point event the caller may choose to hear of, and the quietest settings.
LOUD = {"all": "raise"}
QUIET = {"all": "ignore"}


@pytest.mark.parametrize(("name", "params"), cases())
@pytest.mark.parametrize("dtype", FLOATS)
def test_same_answer_under_any_errstate(name: str, params: dict, dtype: type) -> None:
    """Under np.errstate(all="raise") no call raises, and each gives what it gives with
    every event ignored: an underflow that is part of the result is not an error."""
    x = extreme_values(dtype)
    for which, fn in both(name, params):
        for value in [x, *x]:
            with np.errstate(**QUIET):
                expected = fn(value)
            try:
                with np.errstate(**LOUD):
                    got = fn(value)
            except FloatingPointError as err:
                pytest.fail(f"{label(name, params)} {which}({value!r}) raised: {err}")
            assert np.all(same(got, expected)), f"{label(name, params)} {which}({value!r})"


@pytest.mark.parametrize("name", VECTOR)
@pytest.mark.parametrize("dtype", FLOATS)
def test_vector_functions_same_answer_under_any_errstate(name: str, dtype: type) -> None:
    act = actlib.get(name)
    x = extreme_values(dtype)
    z = np.stack([x, x[::-1], np.zeros_like(x)])  # columns of 3 logits, extremes mixed
    calls = [
        ("f", lambda: act(z, axis=0)),
        ("jacobian", lambda: act.jacobian(z, axis=0)),
        ("vjp", lambda: act.vjp(z, np.ones_like(z), axis=0)),
    ]
    for which, call in calls:
        with np.errstate(**QUIET):
            expected = call()
        try:
            with np.errstate(**LOUD):
                got = call()
        except FloatingPointError as err:
            pytest.fail(f"{name}.{which} raised under all='raise': {err}")
        assert np.all(same(got, expected)), f"{name}.{which}"


@pytest.mark.parametrize(("name", "params"), cases())
def test_nan_in_gives_nan_out(name: str, params: dict) -> None:
    for which, fn in both(name, params):
        for dtype in FLOATS:
            out = fn(np.array([np.nan, -np.nan], dtype=dtype))
            assert np.isnan(out).all(), f"{label(name, params)} {which}(NaN) = {out} in {dtype}"
        assert np.isnan(fn(math.nan)), f"{label(name, params)} {which}(float NaN)"


@pytest.mark.parametrize(("name", "params"), cases())
def test_infinities_give_the_mathematical_limits(name: str, params: dict) -> None:
    """f(+-inf) and f'(+-inf) are the limits SymPy finds for the oracle's textbook f."""
    limits = oracles.limits(name, **params)
    for (which, fn), key in zip(both(name, params), ("f", "df"), strict=True):
        for dtype in FLOATS:
            x = np.array([-np.inf, np.inf], dtype=dtype)
            expected = np.array(limits[key]).astype(dtype)
            out = fn(x)
            # A finite limit is a value like -1.7580993408473766 (-lambda alpha for SELU)
            # that the float64 function reaches to within its 4-ULP accuracy.
            close = np.isclose(out, expected, rtol=4 * np.finfo(dtype).eps, atol=0.0)
            bad = ~(close | same(out, expected))
            assert not bad.any(), f"{label(name, params)} {which} in {dtype.__name__}: " + (
                first_failure(x, out, expected, bad)
            )


# The fast paths check the whole array (np.min, np.max) before skipping a tail or a slow
# branch; a NaN makes those checks NaN, so arrays mixing NaN with tail values must still
# give, element by element, what each value gives alone.
_MIXED = np.array(
    [np.nan, np.inf, -np.inf, 0.0, -0.0, -750.0, -705.0, 750.0, 30.0, -30.0, 1e300, -1e300,
     5e-324, 1.0, -1.2784645427610738, -3.0, 3.0, 6.0]
)  # fmt: skip


@pytest.mark.parametrize(("name", "params"), cases())
def test_mixed_arrays_agree_with_each_value_alone(name: str, params: dict) -> None:
    for which, fn in both(name, params):
        for shift in range(0, len(_MIXED), 5):
            x = np.roll(_MIXED, shift)
            with np.errstate(all="raise", under="ignore"):
                together = fn(x)
                alone = np.array([fn(v) for v in x])
            # both within 4 ULP of the truth: arctan' may take another formula for one value
            close = np.isclose(together, alone, rtol=8 * np.finfo(np.float64).eps, atol=0.0)
            bad = ~(close | same(together, alone))
            assert not bad.any(), f"{label(name, params)} {which}: " + (
                first_failure(x, together, alone, bad)
            )


# ---------------------------------------------------------------------------
# The sinusoid: no limit at +-inf, and huge inputs
# ---------------------------------------------------------------------------

_HUGE = [1e22, 1e300, float(np.finfo(np.float64).max), 2.0**1023]


@pytest.mark.parametrize("omega", [1.0, 0.5, 4.0, 30.0, 3.7])
@pytest.mark.parametrize("dtype", FLOATS)
def test_sinusoid_is_nan_at_infinity_without_a_warning(omega: float, dtype: type) -> None:
    """sin(+-inf) has no limit: NaN, the IEEE answer, and no RuntimeWarning, even under
    np.errstate(all="raise"); huge finite inputs give numbers in [-1, 1] at omega = 1,
    and NaN only where omega x leaves float64's range."""
    with np.errstate(over="ignore"):  # 1e300 is inf in float32
        huge = np.array([v * s for v in _HUGE for s in (1, -1)]).astype(dtype)
    x = np.concatenate([np.array([-np.inf, np.inf, np.nan], dtype=dtype), huge])
    for fn, bound in ((actlib.sinusoid, 1.0), (actlib.sinusoid.derivative, omega)):
        with warnings.catch_warnings(), np.errstate(all="raise"):
            warnings.simplefilter("error")
            out = fn(x, omega=omega)
        assert out.dtype == dtype
        assert np.isnan(out[:3]).all(), f"{fn}(+-inf, NaN) = {out[:3]}"
        with np.errstate(over="ignore"):
            finite = np.isfinite(huge.astype(np.float64) * omega)
        assert not np.isnan(out[3:][finite]).any(), f"{fn}({huge}) = {out[3:]}"
        assert (np.abs(out[3:][finite]) <= bound).all()


def test_sinusoid_at_huge_inputs_reduces_the_argument_exactly() -> None:
    """np.sin reduces x mod 2 pi exactly: sin(1e22) and cos(1e22) (the classic test of
    Ng, 1992) are within 1 ulp of the exact values, not those of a rounded reduction."""
    import mpmath

    with mpmath.workdps(60):
        exact = float(mpmath.sin(mpmath.mpf(1e22))), float(mpmath.cos(mpmath.mpf(1e22)))
    got = float(actlib.sinusoid(1e22)), float(actlib.sinusoid.derivative(1e22))
    for value, want in zip(got, exact, strict=True):
        assert abs(value - want) <= np.spacing(abs(want)), (got, exact)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_sinusoid_keeps_the_dtype_and_rounds_once(dtype: type) -> None:
    x = np.linspace(-10.0, 10.0, 101).astype(dtype)
    for fn, exact in ((actlib.sinusoid, np.sin), (actlib.sinusoid.derivative, np.cos)):
        out = fn(x)
        assert out.dtype == dtype and out.shape == x.shape
        assert np.array_equal(out, exact(x.astype(np.float64)).astype(dtype))


# ---------------------------------------------------------------------------
# Large arrays: computed in blocks and slabs, the same numbers as small ones
# ---------------------------------------------------------------------------
# An element-wise function runs on blocks of a large array (actlib._core._BLOCK elements),
# and a vector or gated one on slabs of it; the tests above use small arrays only.

LARGE = 3 * 2**16 + 5  # three blocks and a piece of one


def identical(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Equal bit for bit as numbers: NaN equals NaN, and 0.0 is not -0.0."""
    return same(a, b) & (np.signbit(a) == np.signbit(b))


def large_input(dtype: type) -> np.ndarray:
    """Seeded numbers near 0 and of every magnitude the dtype holds, and its special values."""
    rng = np.random.default_rng(11)
    info = np.finfo(dtype)
    low, high = np.log2(float(info.smallest_subnormal)), np.log2(float(info.max))
    magnitudes = np.exp2(rng.uniform(low, high, LARGE))
    near_zero = rng.random(LARGE) < 0.5
    magnitudes[near_zero] = np.abs(rng.normal(0.0, 4.0, int(near_zero.sum())))
    x = np.where(rng.random(LARGE) < 0.5, -1.0, 1.0) * magnitudes
    x[::997] = np.resize(special_values(dtype), x[::997].size)
    return x.astype(dtype)


@pytest.mark.parametrize(("name", "params"), cases())
@pytest.mark.parametrize("dtype", FLOATS)
def test_a_large_array_gives_what_its_pieces_give(name: str, params: dict, dtype: type) -> None:
    x = large_input(dtype)
    for which, fn in both(name, params):
        whole = fn(x)
        pieces = np.concatenate([fn(x[i : i + 1000]) for i in range(0, x.size, 1000)])
        assert whole.dtype == pieces.dtype == dtype
        bad = ~identical(whole, pieces)
        assert not bad.any(), f"{label(name, params)} {which} on {LARGE} elements: " + (
            first_failure(x, whole, pieces, bad)
        )


@pytest.mark.parametrize("name", VECTOR + GATED)
@pytest.mark.parametrize("axis", [-1, 0])
def test_a_large_batch_gives_what_its_small_batches_give(name: str, axis: int) -> None:
    """80 vectors of 1000 logits (a gated unit: 500 values and 500 gates) are more than a
    block, so they are computed in slabs across the batch; batches of 8 are not."""
    act = actlib.get(name)
    rng = np.random.default_rng(5)
    z = rng.normal(0.0, 4.0, (80, 1000))
    z[::7, ::13] = 0.0
    across = 0 if axis == -1 else 1  # the batch's axis
    if axis == 0:
        z = z.T
    g = rng.normal(size=act(z, axis=axis).shape)

    def in_batches(fn: Any, *arrays: np.ndarray) -> np.ndarray:
        parts = [
            fn(*(np.take(a, range(i, i + 8), axis=across) for a in arrays)) for i in range(0, 80, 8)
        ]
        return np.concatenate(parts, axis=across)

    results = (
        ("f", act(z, axis=axis), in_batches(lambda v: act(v, axis=axis), z)),
        ("vjp", act.vjp(z, g, axis=axis), in_batches(lambda v, w: act.vjp(v, w, axis=axis), z, g)),
    )
    for what, whole, batched in results:
        bad = ~identical(whole, batched)
        assert not bad.any(), f"{name} {what} along axis {axis}: {np.argwhere(bad)[:3].tolist()}"
