"""The machinery behind every activation: input checks, the activation types, the registry.

An activation module defines each function as one block, in this order:
forward (the numerically stable form), derivative, then ``register(Activation(...))``
with what only a person can state (names, LaTeX, parameters, prose); its properties
are computed from the two functions. Nothing else in the project keeps a list of
activations: the site, the figures, the table, the explorer and the tests all loop
over :func:`names` (or one :func:`family`). The types an entry is made of are in
``_types``, below this module; the properties are computed by ``analysis``, also below.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import numpy as np

from . import analysis
from ._types import SMOOTH, Case, Formula, Interval, Param, Properties, Where, to_latex

__all__ = [
    "SMOOTH",
    "Activation",
    "Case",
    "Formula",
    "GatedActivation",
    "Interval",
    "Kind",
    "Param",
    "VectorActivation",
    "as_float_array",
    "exact",
    "faithful32",
    "family",
    "get",
    "names",
    "narrow_form_of",
    "register",
    "to_latex",
]

# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------

_ACCEPTED = "a real number, a list of real numbers or a real NumPy array (bool, int or float)"


def as_float_array(x: Any) -> tuple[np.ndarray, np.dtype]:
    """Return ``(x as a float64 array, dtype to return)`` or raise ``TypeError``.

    float32 and float16 are computed in float64 and rounded back once at the end, so
    they are correctly rounded up to that last rounding (float32 within 1 ULP). bool and
    int promote to float64, like NumPy's own ufuncs do. The input is never modified:
    ``np.asarray`` may return a view, and no function here writes into its argument.
    """
    arr, dtype = _checked(x)
    return arr.astype(np.float64, copy=False), dtype


def _checked(x: Any) -> tuple[np.ndarray, np.dtype]:
    """``(x as an array of its own dtype, dtype to return)``, or ``TypeError``."""
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"expected {_ACCEPTED}, got {type(x).__name__}")
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as err:  # ragged lists and the like
        raise TypeError(f"expected {_ACCEPTED}; {err}") from None
    kind = arr.dtype.kind
    if kind in "biu":
        return arr, np.dtype(np.float64)
    if kind == "f":
        if arr.dtype.itemsize > 8:  # long double: we promise float64 accuracy only
            raise TypeError(f"expected {_ACCEPTED}; {arr.dtype} is wider than float64")
        return arr, arr.dtype
    raise TypeError(f"expected {_ACCEPTED}, got an array of dtype {arr.dtype}")


# Underflow to a subnormal or to 0 is part of the intended result (sigmoid(-800) is
# e^-800, rounded once), so it is not signalled, whatever np.errstate the caller set.
# Every other floating-point event (overflow, division by zero, invalid) still reaches the
# caller's settings: none is meant to happen, and the tests run under all="raise".
def _quiet_underflow() -> np.errstate:
    return np.errstate(under="ignore")


def _finish(result: np.ndarray, dtype: np.dtype, like: Any) -> Any:
    """Round back to the caller's dtype; a 0-d input gives a NumPy scalar, as ufuncs do."""
    with np.errstate(over="ignore"):  # a float64 result beyond float32's range rounds to inf
        out = np.asarray(result).astype(dtype, copy=False)
    return out[()] if out.ndim == 0 else out


# Element-wise functions run on blocks of this many elements: the float64 temporaries of a
# block stay in the cache, and are reused by the allocator rather than faulted in afresh
# (on a million elements, the page faults of a few temporaries cost more than the
# arithmetic), and float32 is widened a block at a time, never as a whole float64 copy.
_BLOCK = 1 << 16


_EXACT: set[Callable[..., np.ndarray]] = set()


def exact(fn: Callable[..., np.ndarray]) -> Callable[..., np.ndarray]:
    """Mark an element-wise function that gives in float32 exactly what it gives in float64,
    rounded: every step is exact (comparisons, max, min, clips, copies, doubling) or the
    last one rounds once. It then runs on the caller's float32 or float64 array as it is,
    whole: there is nothing to widen and no temporary to keep in the cache."""
    _EXACT.add(fn)
    return fn


_FAITHFUL32: set[Callable[..., np.ndarray]] = set()


def faithful32(fn: Callable[..., np.ndarray]) -> Callable[..., np.ndarray]:
    """Mark an element-wise function whose float32 arithmetic rounds at most once before
    its last rounding, and multiplies or divides that first error only, so that the value
    before the last rounding is within a relative 2^-24, less than one ulp, of the exact
    result: the result is the correctly rounded float32 or its neighbour, float32's target
    of 1 ULP. It then runs on a float32 array as it is, whole, as an :func:`exact` one."""
    _FAITHFUL32.add(fn)
    return fn


_NARROW: dict[Callable[..., np.ndarray], Callable[..., np.ndarray]] = {}


def narrow_form_of(
    fn: Callable[..., np.ndarray],
) -> Callable[[Callable[..., np.ndarray]], Callable[..., np.ndarray]]:
    """Mark the decorated function as ``fn``'s form for results rounded to float32 or
    float16: it runs in float64 too, on the same widened blocks, whose numbers are all
    float32 (or float16) ones, but spends fewer passes where ``fn`` spends them on
    float64's last ULPs or on inputs no float32 is. Its docstring bounds its error at those
    inputs: within a relative 2^-26 of the exact value (a quarter of a float32 ulp at
    most), or the same arithmetic as ``fn`` where ``fn`` is not that close, so that its
    result, rounded once, is within float32's 1 ULP wherever ``fn``'s is."""

    def mark(narrow: Callable[..., np.ndarray]) -> Callable[..., np.ndarray]:
        _NARROW[fn] = narrow
        return narrow

    return mark


def _elementwise(
    fn: Callable[..., np.ndarray], x: Any, checked: tuple[np.ndarray, np.dtype], bound: dict
) -> Any:
    """``fn(x, **bound)`` in float64, rounded once to the dtype ``x`` asks for; an
    :func:`exact` function on float32 or float64, and a :func:`faithful32` one on float32,
    run on ``x`` as it is; for a float32 or float16 result, ``fn``'s
    :func:`narrow_form_of`, if it has one."""
    arr, dtype = checked
    if dtype.itemsize < 8:
        fn = _NARROW.get(fn, fn)
    if (fn in _EXACT and arr.dtype in (np.float32, np.float64)) or (
        fn in _FAITHFUL32 and arr.dtype == np.float32
    ):
        with _quiet_underflow():
            return _finish(fn(arr, **bound), dtype, x)
    if arr.size <= _BLOCK:
        # a 0-d x goes in as one element: in-place steps need arrays, not NumPy scalars
        wide = arr.reshape(-1) if arr.ndim == 0 else arr
        with _quiet_underflow():
            result = fn(wide.astype(np.float64, copy=False), **bound)
            return _finish(np.reshape(result, arr.shape), dtype, x)
    out = np.empty(arr.shape, dtype)
    src, dst = arr.reshape(-1), out.reshape(-1)  # dst is a view: out is new, in C order
    with _quiet_underflow():
        for start in range(0, src.size, _BLOCK):
            block = fn(src[start : start + _BLOCK].astype(np.float64, copy=False), **bound)
            with np.errstate(over="ignore"):  # as in _finish
                dst[start : start + _BLOCK] = block
    return out


def _by_slabs(
    fn: Callable[..., np.ndarray],
    arrays: list[np.ndarray],
    axis: int,
    dtype: np.dtype,
    x: Any,
    as_is: bool = False,
) -> Any:
    """``fn(*arrays)`` in float64, rounded once to ``dtype``, for a function that acts on
    each line along ``axis`` alone: on a large input, slab by slab along another axis, for
    the reasons ``_BLOCK`` gives. The arrays share their shape off ``axis``. ``as_is``: in
    their own dtype, for an :func:`exact` function on float32 or float64."""

    def widen(a: np.ndarray) -> np.ndarray:
        return a if as_is else a.astype(np.float64, copy=False)

    arr = arrays[0]
    if arr.size <= _BLOCK or arr.ndim < 2:
        with _quiet_underflow():
            return _finish(fn(*(widen(a) for a in arrays)), dtype, x)
    across = 1 if axis == 0 else 0
    step = max(1, _BLOCK * arr.shape[across] // arr.size)
    out = None
    with _quiet_underflow():
        for start in range(0, arr.shape[across], step):
            at = (slice(None),) * across + (slice(start, start + step),)
            slab = fn(*(widen(a[at]) for a in arrays))
            if out is None:
                shape = list(slab.shape)
                shape[across] = arr.shape[across]
                out = np.empty(shape, dtype)
            with np.errstate(over="ignore"):  # as in _finish
                out[at] = slab
    return out


# ---------------------------------------------------------------------------
# Activation types
# ---------------------------------------------------------------------------


def _bind(
    name: str,
    declared: Mapping[str, Param],
    validate: Callable[..., None] | None,
    params: dict[str, Any],
) -> dict[str, Any]:
    """The caller's parameters over the defaults; an unknown or invalid one raises."""
    unknown = set(params) - set(declared)
    if unknown:
        allowed = ", ".join(declared) or "none"
        raise TypeError(
            f"{name}() got unexpected parameter(s) {sorted(unknown)}; its parameters are: {allowed}"
        )
    bound = {**{k: p.default for k, p in declared.items()}, **params}
    if validate is not None:
        validate(**bound)
    return bound


def _check_param_name(
    name: str, declared: Mapping[str, Param], differentiable: Mapping[str, Any], param: str
) -> None:
    """A clear ``ValueError`` for a parameter f has not, or has no derivative in."""
    if param not in declared:
        allowed = ", ".join(declared) or "none"
        raise ValueError(f"{name} has no parameter {param!r}; its parameters are: {allowed}")
    if param not in differentiable:
        raise ValueError(
            f"{name}'s parameter {param!r} takes one of {declared[param].choices}, "
            "not a real value, so f has no derivative with respect to it"
        )


@dataclass(frozen=True, eq=False)
class Activation:
    """An element-wise activation f, its derivative f', and what the site says about them.

    Call it as ``act(x, **params)`` for f(x) and ``act.derivative(x, **params)`` for
    f'(x). An entry states only what a person must: the names, the two functions, the
    LaTeX the site prints, the parameters and the prose. Every property of f (its range,
    f'(0), max |f'|, the kinks and the value f' takes there, smoothness...) is computed
    from the two functions by ``actlib.analysis.properties`` at the default parameters,
    on first use, held in ``computed`` and read here under the same names
    (``actlib._types.PROPERTIES``). The value of f' at a kink is a framework's
    convention: the backward function implements it, so the computed ``kinks`` reports it.
    """

    name: str
    display_name: str
    family: str
    forward: Callable[..., np.ndarray] = field(repr=False)
    backward: Callable[..., np.ndarray] = field(repr=False)
    # LaTeX, exactly as the site prints it, in terms of x and the parameters' symbols
    formula: Formula
    derivative_formula: Formula
    use_case: str
    limitations: str
    frameworks: str  # where PyTorch, JAX and Keras differ
    params: Mapping[str, Param] = field(default_factory=dict)
    constants: Mapping[str, float] = field(default_factory=dict)  # LaTeX symbol -> value
    plot_params: Mapping[str, Any] = field(default_factory=dict)  # where the shape shows
    validate: Callable[..., None] | None = field(default=None, repr=False)
    reference: str = ""
    # The smallest p > 0 with f(x + p) = f(x) for every x, as a function of the parameters
    # (the sinusoid's 2 pi / omega), for a periodic f; None otherwise. The tests confirm it.
    period: Callable[..., float] | None = field(default=None, repr=False)
    # The same for f' where f itself does not repeat (Snake's pi / alpha): where |f'| is
    # largest and where it vanishes are then given in one period of f'.
    slope_period: Callable[..., float] | None = field(default=None, repr=False)
    # f'' (the numerically stable form) and its LaTeX. At a kink of f' it returns the f''
    # of the branch the backward function takes there (ReLU: 0, the left branch's).
    second: Callable[..., np.ndarray] | None = field(default=None, repr=False)
    second_derivative_formula: Formula = ""
    # For each real parameter theta: d f / d theta (the stable form) and its LaTeX.
    # A categorical parameter (GELU's approximate) has none.
    param_derivatives: Mapping[str, Callable[..., np.ndarray]] = field(
        default_factory=dict, repr=False
    )
    param_derivative_formulas: Mapping[str, Formula] = field(default_factory=dict)

    @cached_property
    def computed(self) -> Properties:
        """The ``actlib.analysis.Properties`` of f at the default parameters."""
        return analysis.properties(self)

    # The properties at the default parameters, as computed.
    @property
    def output_range(self) -> Interval:
        """The range of f, with its open or closed ends."""
        return self.computed.output_range

    @property
    def zero_centred(self) -> bool:
        """E[f(Z)] = 0 for Z ~ N(0, 1), to within 1% of the RMS of f(Z)."""
        return self.computed.zero_centred

    @property
    def monotonic(self) -> bool:
        """f non-decreasing on the whole real line."""
        return self.computed.monotonic

    @property
    def derivative_monotonic(self) -> bool:
        """f' non-decreasing or non-increasing on the whole line."""
        return self.computed.derivative_monotonic

    @property
    def identity_near_zero(self) -> bool:
        """f(0) = 0 and f'(0) = 1, so f(x) ~ x for small x."""
        return self.computed.identity_near_zero

    @property
    def continuity(self) -> int:
        """k for C^k; -1 if f itself jumps; SMOOTH if C^infinity."""
        return self.computed.continuity

    @property
    def saturating(self) -> bool:
        """Soft saturation: f' -> 0 in a tail, without being exactly 0 there."""
        return self.computed.saturating

    @property
    def dead_zone(self) -> bool:
        """f' = 0 on a whole half-line, so a unit stuck there stops learning."""
        return self.computed.dead_zone

    @property
    def derivative_at_zero(self) -> float:
        """f'(0); at a kink, the value the backward function returns."""
        return self.computed.derivative_at_zero

    @property
    def max_abs_derivative(self) -> float:
        """The supremum of |f'|."""
        return self.computed.max_abs_derivative

    @property
    def argmax_abs_derivative(self) -> Where:
        """Where |f'| reaches (or approaches) its supremum: a point, an interval, or
        several, and for a periodic f those of one period."""
        return self.computed.argmax_abs_derivative

    @property
    def kinks(self) -> Mapping[float, float]:
        """x -> the value the backward function returns for f'(x), where f' jumps
        (or f, or f'')."""
        return dict(self.computed.kinks)

    @property
    def defaults(self) -> dict[str, Any]:
        return {k: p.default for k, p in self.params.items()}

    def period_at(self, **params: Any) -> float | None:
        """The period of f at ``params`` (the defaults if not given), or None."""
        if self.period is None:
            return None
        return float(self.period(**self._bind(params)))

    def slope_period_at(self, **params: Any) -> float | None:
        """The period of f' at ``params``: f's own for a periodic f, else the stated one."""
        if self.slope_period is None:
            return self.period_at(**params)
        return float(self.slope_period(**self._bind(params)))

    def _bind(self, params: dict[str, Any]) -> dict[str, Any]:
        return _bind(self.name, self.params, self.validate, params)

    def __call__(self, x: Any, **params: Any) -> Any:
        checked = _checked(x)
        return _elementwise(self.forward, x, checked, self._bind(params))

    def derivative(self, x: Any, **params: Any) -> Any:
        """f'(x). At a kink, where f' does not exist, the value a framework's backward
        function returns there (the entry's ``kinks`` lists them)."""
        checked = _checked(x)
        return _elementwise(self.backward, x, checked, self._bind(params))

    def second_derivative(self, x: Any, **params: Any) -> Any:
        """f''(x). Where f' jumps (a kink of f), f'' does not exist: the distributional
        second derivative has a point mass there, and this returns the f'' of the branch
        that [`derivative`][actlib.Activation.derivative] takes at that point."""
        if self.second is None:
            raise NotImplementedError(f"{self.name} has no second derivative yet")
        checked = _checked(x)
        return _elementwise(self.second, x, checked, self._bind(params))

    def param_derivative(self, x: Any, param: str, **params: Any) -> Any:
        r"""$\partial f / \partial \theta$ at each x, for the parameter named ``param``.

        Element-wise, like f: where one $\theta$ is shared by many positions (a layer, a
        channel, a head), its gradient is the sum over them of the upstream gradient times
        this, ``(g * act.param_derivative(x, param)).sum()`` over the positions sharing it.
        """
        if param not in self.params:
            allowed = ", ".join(self.params) or "none"
            raise ValueError(
                f"{self.name} has no parameter {param!r}; its parameters are: {allowed}"
            )
        if param not in self.param_derivatives:
            raise ValueError(
                f"{self.name}'s parameter {param!r} takes one of {self.params[param].choices}, "
                "not a real value, so f has no derivative with respect to it"
            )
        checked = _checked(x)
        return _elementwise(self.param_derivatives[param], x, checked, self._bind(params))

    @property
    def latex(self) -> str:
        return to_latex(self.formula)

    @property
    def derivative_latex(self) -> str:
        return to_latex(self.derivative_formula)

    @property
    def second_derivative_latex(self) -> str:
        return to_latex(self.second_derivative_formula)

    def param_derivative_latex(self, param: str) -> str:
        return to_latex(self.param_derivative_formulas[param])

    def __repr__(self) -> str:
        return f"<Activation {self.name}>"


@dataclass(frozen=True, eq=False)
class VectorActivation:
    """A function of a whole vector (softmax): f, its Jacobian, and its backprop product."""

    name: str
    display_name: str
    family: str
    # forward and jacobian_fn take (z, axis, **params); vjp_fn takes (z, g, axis, **params)
    forward: Callable[..., np.ndarray] = field(repr=False)
    jacobian_fn: Callable[..., np.ndarray] = field(repr=False)
    vjp_fn: Callable[..., np.ndarray] = field(repr=False)
    formula: str
    # The differentiated output, in the symbols that ``jacobian_where`` defines, so that
    # the Jacobian's left-hand side names it: "s_i" for softmax, "\ln s_i" for
    # log-softmax (both with s = softmax(z)), "p_i" for sparsemax (p = sparsemax(z)).
    jacobian_of: str
    jacobian_formula: str
    # Stated: actlib.analysis studies functions of one variable, not of a vector.
    output_range: Interval
    use_case: str
    limitations: str
    frameworks: str
    reference: str = ""
    # What the symbols of ``formula``, ``jacobian_of`` and ``jacobian_formula`` stand for,
    # as LaTeX: s is softmax's output unless the function says otherwise (softmin's own
    # output; sparsemax's support indicator).
    jacobian_where: str = r"s = \operatorname{softmax}(z)"
    # Real parameters (entmax's alpha, a sink logit): the three functions above, and each
    # of ``param_vjp_fns``, take them as keywords after the axis.
    params: Mapping[str, Param] = field(default_factory=dict)
    validate: Callable[..., None] | None = field(default=None, repr=False)
    # For each real parameter theta: (z, g, axis, **params) -> sum_i g_i d f_i / d theta
    # along the axis, kept as an axis of length 1.
    param_vjp_fns: Mapping[str, Callable[..., np.ndarray]] = field(default_factory=dict, repr=False)

    @property
    def jacobian_lhs(self) -> str:
        """The Jacobian's left-hand side as LaTeX: the derivative of ``jacobian_of`` by z_j."""
        return rf"\frac{{\partial {self.jacobian_of}}}{{\partial z_j}}"

    @property
    def defaults(self) -> dict[str, Any]:
        return {k: p.default for k, p in self.params.items()}

    def _bind(self, params: dict[str, Any]) -> dict[str, Any]:
        return _bind(self.name, self.params, self.validate, params)

    def __call__(self, z: Any, axis: int = -1, **params: Any) -> Any:
        arr, dtype = _as_logits(z)
        axis = _axis(arr, axis)
        bound = self._bind(params)
        return _by_slabs(lambda a: self.forward(a, axis, **bound), [arr], axis, dtype, z)

    def jacobian(self, z: Any, axis: int = -1, **params: Any) -> Any:
        """``J[..., i, j] = d f_i / d z_j`` along ``axis``; shape (..., K, K)."""
        arr, dtype = _as_logits(z)
        axis = _axis(arr, axis)
        bound = self._bind(params)
        wide = arr.astype(np.float64, copy=False)
        with _quiet_underflow():
            return _finish(self.jacobian_fn(wide, axis, **bound), dtype, z)

    def vjp(self, z: Any, g: Any, axis: int = -1, **params: Any) -> Any:
        """``g @ J`` along ``axis`` without forming J: the product backpropagation needs."""
        arr, dtype = _as_logits(z)
        garr, _ = _checked(g)
        if garr.shape != arr.shape:
            raise ValueError(f"g must have the shape of z, {arr.shape}; got {garr.shape}")
        axis = _axis(arr, axis)
        bound = self._bind(params)
        vjp = self.vjp_fn
        return _by_slabs(lambda a, b: vjp(a, b, axis, **bound), [arr, garr], axis, dtype, z)

    def param_vjp(self, z: Any, g: Any, param: str, axis: int = -1, **params: Any) -> Any:
        r"""$\sum_i g_i\,\partial f_i / \partial \theta$ for each line along ``axis``, for the
        parameter named ``param``, without forming $\partial f / \partial \theta$: shape of z
        without ``axis``. Where one $\theta$ is shared by many lines (one sink per head
        over every query, one $\alpha$ per layer), its gradient is the sum of these."""
        arr, dtype = _as_logits(z)
        garr, _ = _checked(g)
        if garr.shape != arr.shape:
            raise ValueError(f"g must have the shape of z, {arr.shape}; got {garr.shape}")
        _check_param_name(self.name, self.params, self.param_vjp_fns, param)
        axis = _axis(arr, axis)
        bound = self._bind(params)
        fn = self.param_vjp_fns[param]
        out = _by_slabs(lambda a, b: fn(a, b, axis, **bound), [arr, garr], axis, dtype, z)
        return np.squeeze(out, axis=axis)[()]

    def __repr__(self) -> str:
        return f"<VectorActivation {self.name}>"


@dataclass(frozen=True, eq=False)
class GatedActivation:
    r"""A gated linear unit: z split in halves $[a, b]$ along an axis, $f = a \odot g(b)$.

    ``gate`` names the element-wise activation $g$ in the registry. The output has half
    of z's length along the axis; [`jacobian`][actlib.GatedActivation.jacobian] has shape
    (..., K/2, K), and [`vjp`][actlib.GatedActivation.vjp] takes g of the output's shape
    and returns one of z's shape.
    """

    name: str
    display_name: str
    family: str
    gate: str  # the registered element-wise activation applied to the second half
    forward: Callable[..., np.ndarray] = field(repr=False)
    jacobian_fn: Callable[..., np.ndarray] = field(repr=False)
    vjp_fn: Callable[..., np.ndarray] = field(repr=False)
    # LaTeX, exactly as the site prints it, in terms of a_i and b_i (piecewise ones as
    # a tuple of Cases, with conditions on b_i)
    formula: Formula
    partial_a: Formula  # the partial derivative of f_i with respect to a_i
    partial_b: Formula  # the partial derivative of f_i with respect to b_i
    use_case: str
    limitations: str
    frameworks: str
    params: Mapping[str, Param] = field(default_factory=dict)
    validate: Callable[..., None] | None = field(default=None, repr=False)
    reference: str = ""
    # How z holds [a, b]: "halves" (a first, then b, as F.glu) or "interleaved" (b_i at
    # z_{2i}, a_i at z_{2i+1}, the gate first in each pair, as gpt-oss's swiglu). The
    # Jacobian's columns follow z either way.
    split: Literal["halves", "interleaved"] = "halves"
    # The output's range at given parameters, for a unit that clamps its inputs (so that the
    # gate's range alone does not give it); None: derived from the gate's computed range.
    range_at: Callable[..., Interval] | None = field(default=None, repr=False)
    # For each real parameter theta: (z, g, axis, **params) -> sum_i g_i d f_i / d theta
    # along the axis, kept as an axis of length 1.
    param_vjp_fns: Mapping[str, Callable[..., np.ndarray]] = field(default_factory=dict, repr=False)

    @property
    def defaults(self) -> dict[str, Any]:
        return {k: p.default for k, p in self.params.items()}

    def _bind(self, params: dict[str, Any]) -> dict[str, Any]:
        return _bind(self.name, self.params, self.validate, params)

    def join(self, a: Any, b: Any, axis: int = -1) -> np.ndarray:
        """The input z that holds the value ``a`` and the gate input ``b`` (arrays of one
        shape) along ``axis``, in this unit's layout: ``act(act.join(a, b))`` is f(a, b)."""
        a, b = np.asarray(a), np.asarray(b)
        if self.split == "halves":
            return np.concatenate([a, b], axis=axis)
        at = _axis(a, axis)
        pairs = np.stack([b, a], axis=at + 1)  # (gate, value) pairs, then flattened in order
        return pairs.reshape(*a.shape[:at], -1, *a.shape[at + 1 :])

    def _split_input(self, z: Any, axis: int) -> tuple[np.ndarray, np.dtype, int]:
        arr, dtype = _checked(z)
        how = "in two halves" if self.split == "halves" else "in pairs (gate, value)"
        if arr.ndim == 0:
            raise ValueError(f"{self.name} splits an axis {how}; got a scalar")
        axis = _axis(arr, axis)
        if arr.shape[axis] % 2:
            raise ValueError(
                f"{self.name} splits axis {axis} {how}, so its length must be "
                f"even; got length {arr.shape[axis]}"
            )
        return arr, dtype, axis

    def __call__(self, z: Any, axis: int = -1, **params: Any) -> Any:
        arr, dtype, axis = self._split_input(z, axis)
        bound = self._bind(params)
        as_is = self.forward in _EXACT and arr.dtype in (np.float32, np.float64)
        forward = self.forward
        return _by_slabs(lambda a: forward(a, axis, **bound), [arr], axis, dtype, z, as_is)

    def jacobian(self, z: Any, axis: int = -1, **params: Any) -> Any:
        """``J[..., i, j] = d f_i / d z_j`` along ``axis``; shape (..., K/2, K)."""
        arr, dtype, axis = self._split_input(z, axis)
        bound = self._bind(params)
        wide = arr.astype(np.float64, copy=False)
        with _quiet_underflow():
            return _finish(self.jacobian_fn(wide, axis, **bound), dtype, z)

    def vjp(self, z: Any, g: Any, axis: int = -1, **params: Any) -> Any:
        """``g @ J`` along ``axis`` without forming J; g has the output's shape."""
        arr, dtype, axis = self._split_input(z, axis)
        garr, _ = _checked(g)
        out_shape = (*arr.shape[:axis], arr.shape[axis] // 2, *arr.shape[axis + 1 :])
        if garr.shape != out_shape:
            raise ValueError(f"g must have the output's shape, {out_shape}; got {garr.shape}")
        bound = self._bind(params)
        vjp = self.vjp_fn
        return _by_slabs(lambda a, b: vjp(a, b, axis, **bound), [arr, garr], axis, dtype, z)

    def param_vjp(self, z: Any, g: Any, param: str, axis: int = -1, **params: Any) -> Any:
        r"""$\sum_i g_i\,\partial f_i / \partial \theta$ for each line along ``axis``, for the
        parameter named ``param``; g has the output's shape, the result z's without
        ``axis``. Where one $\theta$ is shared by many lines (every token of a layer), its
        gradient is the sum of these."""
        arr, dtype, axis = self._split_input(z, axis)
        garr, _ = _checked(g)
        out_shape = (*arr.shape[:axis], arr.shape[axis] // 2, *arr.shape[axis + 1 :])
        if garr.shape != out_shape:
            raise ValueError(f"g must have the output's shape, {out_shape}; got {garr.shape}")
        _check_param_name(self.name, self.params, self.param_vjp_fns, param)
        bound = self._bind(params)
        fn = self.param_vjp_fns[param]
        out = _by_slabs(lambda a, b: fn(a, b, axis, **bound), [arr, garr], axis, dtype, z)
        return np.squeeze(out, axis=axis)[()]

    @property
    def latex(self) -> str:
        return to_latex(self.formula)

    @property
    def output_range(self) -> Interval:
        r"""The range of each output $a_i\,g(b_i)$, derived from the gate's computed range:
        a is free over the reals, so every real number if g takes a value other than 0.
        A unit that clamps its inputs computes its own, at the default parameters."""
        if self.range_at is not None:
            return self.range_at(**self.defaults)
        gate = get(self.gate)
        if not isinstance(gate, Activation):
            raise TypeError(f"{self.name}: its gate {self.gate!r} is not element-wise")
        r = gate.output_range
        if r.lo == r.hi == 0.0:
            return Interval(0.0, 0.0, True, True)
        return Interval(-math.inf, math.inf)

    @property
    def partial_a_latex(self) -> str:
        return to_latex(self.partial_a)

    @property
    def partial_b_latex(self) -> str:
        return to_latex(self.partial_b)

    def __repr__(self) -> str:
        return f"<GatedActivation {self.name}>"


def _as_logits(z: Any) -> tuple[np.ndarray, np.dtype]:
    arr, dtype = _checked(z)
    if arr.ndim == 0:
        raise ValueError("softmax needs at least one axis of logits; got a scalar")
    return arr, dtype


def _axis(arr: np.ndarray, axis: int) -> int:
    if not isinstance(axis, (int, np.integer)) or not -arr.ndim <= axis < arr.ndim:
        raise ValueError(f"axis must be an int in [{-arr.ndim}, {arr.ndim - 1}]; got {axis!r}")
    return int(axis) % arr.ndim


# ---------------------------------------------------------------------------
# The registry: the one list of activations
# ---------------------------------------------------------------------------

AnyActivation = Activation | GatedActivation | VectorActivation
_REGISTRY: dict[str, AnyActivation] = {}
_ALIASES: dict[str, str] = {
    "linear": "identity",
    "swish": "silu",
    # the spellings of JAX, Keras and torch.nn.functional
    "hard_shrink": "hardshrink",
    "soft_shrink": "softshrink",
    "tanh_shrink": "tanhshrink",
    "hard_tanh": "hardtanh",
    "hard_sigmoid": "hardsigmoid",
    "hard_silu": "hardswish",
    "hard_swish": "hardswish",
    "soft_sign": "softsign",
    "logsigmoid": "log_sigmoid",
}


def register(act: AnyActivation) -> AnyActivation:
    """Add an activation to the registry; the order of registration is the teaching order."""
    if act.name in _REGISTRY or act.name in _ALIASES:
        raise ValueError(f"an activation named {act.name!r} is already registered")
    _REGISTRY[act.name] = act
    return act


# The kinds of activation, in the order names() lists them.
Kind = Literal["elementwise", "gated", "vector"]
_KINDS: dict[str, type[AnyActivation]] = {
    "elementwise": Activation,
    "gated": GatedActivation,
    "vector": VectorActivation,
}


def names(kind: Kind | None = None) -> list[str]:
    """Every canonical name, in teaching order: the element-wise functions, then the gated
    linear units (which use them as gates), then the vector functions last.

    ``kind`` keeps one of the three: ``"elementwise"`` (an [`Activation`][actlib.Activation]),
    ``"gated"`` (a [`GatedActivation`][actlib.GatedActivation]) or ``"vector"`` (a
    [`VectorActivation`][actlib.VectorActivation]).
    """
    if kind is not None and kind not in _KINDS:
        raise ValueError(f"kind must be one of {', '.join(map(repr, _KINDS))}; got {kind!r}")
    kinds = _KINDS if kind is None else {kind: _KINDS[kind]}
    return [n for cls in kinds.values() for n, a in _REGISTRY.items() if isinstance(a, cls)]


def family(name: str) -> list[AnyActivation]:
    """The activations of one family (``act.family``, the page they are on), in teaching
    order; an unknown family lists the known ones."""
    members = [get(n) for n in names() if _REGISTRY[n].family == name]
    if not members:
        known = ", ".join(dict.fromkeys(_REGISTRY[n].family for n in names()))
        raise ValueError(f"no activation is in the family {name!r}; families: {known}")
    return members


def get(name: str) -> AnyActivation:
    """Look an activation up by name or alias; an unknown name lists the closest ones."""
    if not isinstance(name, str):
        raise TypeError(f"an activation name is a str; got {type(name).__name__}")
    key = _ALIASES.get(name, name)
    try:
        return _REGISTRY[key]
    except KeyError:
        known = list(_REGISTRY) + list(_ALIASES)
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(map(repr, close))}? " if close else ""
        raise KeyError(
            f"no activation named {name!r}; {hint}valid names: {', '.join(names())}"
        ) from None


def check_choice(param: str, value: Any, allowed: tuple[Any, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{param} must be one of {', '.join(map(repr, allowed))}; got {value!r}")


def check_real(param: str, value: Any, *, positive: bool = False) -> None:
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or (positive and value <= 0):
        need = "a finite real number > 0" if positive else "a finite real number"
        raise ValueError(f"{param} must be {need}; got {value!r}")
