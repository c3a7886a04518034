"""The numbers in the prose: ``fact()`` (a property of one activation, from actlib) and
``calc()`` (any other number, computed with mpmath). An unknown name or key raises, with
what is valid, which fails the build."""

from __future__ import annotations

import ast
import functools
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

import actlib
from actlib import Activation, GatedActivation, Interval, VectorActivation, analysis
from scripts.render.cells import latex_values
from scripts.shared import formatting as fmt
from scripts.shared import plotting

AnyActivation = Activation | GatedActivation | VectorActivation


def lookup(name: str, macro: str) -> AnyActivation:
    try:
        return actlib.get(name)
    except (KeyError, TypeError) as err:
        raise ValueError(f"{macro}({name!r}): {err.args[0]}") from None


# Keys that fact() computes from actlib's numbers (actlib.analysis); no entry types them.
COMPUTED = {
    "output_range": lambda p: p.output_set,
    "min_value": lambda p: p.min_value,
    "argmin": lambda p: p.argmin,
    "max_value": lambda p: p.max_value,
    "argmax": lambda p: p.argmax,
    "derivative_at_zero": lambda p: p.derivative_at_zero,
    "max_abs_derivative": lambda p: p.max_abs_derivative,
    "argmax_abs_derivative": lambda p: p.argmax_abs_derivative,
    "zero_centred": lambda p: p.zero_centred,
    "monotonic": lambda p: p.monotonic,
    "derivative_monotonic": lambda p: p.derivative_monotonic,
    "identity_near_zero": lambda p: p.identity_near_zero,
    "saturating": lambda p: p.saturating,
    "dead_zone": lambda p: p.dead_zone,
    "continuity": lambda p: p.continuity,
    "mean_standard_normal": lambda p: p.mean_standard_normal,
    "vanishing_threshold": lambda p: analysis.VANISHING,
}
METADATA = ("display_name", "use_case", "limitations", "frameworks", "reference")

# What each key of fact() means, for contributors (the API page lists them: fact_keys()).
MEANING = {
    "output_range": "the set of values of f, with its open or closed ends: an interval, "
    "or where f jumps over values a union (the binary step's is {0, 1})",
    "min_value": "the smallest value of f (an error if it is not attained)",
    "argmin": "where f takes its smallest value",
    "max_value": "the largest value of f (an error if it is not attained)",
    "argmax": "where f takes its largest value",
    "derivative_at_zero": "f'(0), at a kink the value actlib returns",
    "max_abs_derivative": "the supremum of |f'|",
    "argmax_abs_derivative": "where |f'| reaches it (or tends to it)",
    "zero_centred": "yes if E[f(Z)] is within 1% of the RMS of f(Z), Z ~ N(0, 1)",
    "monotonic": "yes if f never decreases",
    "derivative_monotonic": "yes if f' never decreases, or never increases",
    "identity_near_zero": "yes if f(0) = 0 and f'(0) = 1",
    "saturating": "yes if f' tends to 0 in a tail without being 0 there",
    "dead_zone": "yes if f' = 0 on a whole half-line",
    "continuity": "k for C^k, -1 if f jumps, a large number if smooth",
    "mean_standard_normal": "E[f(Z)] for Z ~ N(0, 1)",
    "vanishing_threshold": "the |f'| below which the site calls a gradient vanishing",
    "display_name": "the name the site prints (stated in the entry)",
    "use_case": "what it is used for (stated in the entry)",
    "limitations": "its limitations (stated in the entry)",
    "frameworks": "where PyTorch, JAX and Keras differ (stated in the entry)",
    "reference": "the paper it comes from (stated in the entry)",
}


def render_value(value: Any, digits: int | None) -> str:
    """How fact() prints each kind of value."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Interval):
        return f"${fmt.latex_interval(value, digits)}$"
    if isinstance(value, analysis.ValueSet):
        return f"${latex_values(value, digits)}$"
    if isinstance(value, analysis.Where):
        if value.is_point and value.attained:
            return fmt.number(value.interval.lo, digits)
        return f"${fmt.latex_where(value, digits)}$"
    if isinstance(value, (int, float)):
        return fmt.number(value, digits)
    if isinstance(value, str):
        return value
    raise TypeError(f"fact() cannot print a {type(value).__name__}")


def fact(name: str, key: str, digits: int | None = None) -> str:
    """One property of an activation, computed from actlib, as text for the prose.

    ``key`` is a computed property (``min_value``, ``argmin``, ``max_abs_derivative``,
    ``derivative_at_zero``, ``output_range``... see :data:`COMPUTED`), a metadata text
    field (``use_case``...), a parameter (its default) or a fixed constant's symbol.
    Positions print as a number when the property holds at one point, as an interval
    otherwise; intervals come as inline math.
    """
    act = lookup(name, "fact")
    where = f"fact({name!r}, {key!r})"
    if key in METADATA:
        return getattr(act, key)
    if isinstance(act, GatedActivation) and key in act.params:
        return render_value(act.params[key].default, digits)
    if not isinstance(act, Activation):
        if key == "output_range":
            return render_value(act.output_range, digits)
        kind = "vector" if isinstance(act, VectorActivation) else "gated"
        raise KeyError(
            f"{where}: {name} is a {kind} function; its facts are output_range, "
            f"{', '.join(METADATA)}"
        )
    if key in act.params:
        return render_value(act.params[key].default, digits)
    if key in act.constants:
        return render_value(act.constants[key], digits)
    if key not in COMPUTED:
        valid = sorted([*COMPUTED, *METADATA, *act.params, *act.constants])
        raise KeyError(f"{where}: unknown key; valid keys for {name}: {', '.join(valid)}")
    value = COMPUTED[key](analysis.properties(act))
    if value is None:
        raise ValueError(f"{where}: {name} has no {key} (the extremum is not attained)")
    return render_value(value, digits)


# ---------------------------------------------------------------------------
# Numbers computed from an expression: calc()
# ---------------------------------------------------------------------------

_FLOAT64, _FLOAT32, _FLOAT16 = (np.finfo(t) for t in (np.float64, np.float32, np.float16))
# The limits of the floating-point formats, by the names C's <float.h> gives float64's.
FLOAT_LIMITS = {
    "DBL_MAX": float(_FLOAT64.max),
    "DBL_MIN": float(_FLOAT64.tiny),  # the smallest normal float64
    "DBL_TRUE_MIN": float(_FLOAT64.smallest_subnormal),
    "EPS": float(_FLOAT64.eps),  # 2^-52, the gap between 1 and the next float64
    "FLT_MAX": float(_FLOAT32.max),
    "FLT_MIN": float(_FLOAT32.tiny),
    "FLT_EPS": float(_FLOAT32.eps),
    "HALF_MAX": float(_FLOAT16.max),
    "HALF_EPS": float(_FLOAT16.eps),
}


def rounds_to_one(name: str) -> float:
    """The smallest positive float64 x at which actlib's ``name`` returns exactly 1.0 (an
    increasing function that reaches 1 below x = 1000), found by bisection."""
    function = actlib.get(name)
    below, above = 0.0, 1000.0
    if function(above) != 1.0:
        raise ValueError(f"actlib.{name}(x) is not 1.0 at x = {above}")
    while (middle := (below + above) / 2) not in (below, above):
        below, above = (below, middle) if function(middle) == 1.0 else (middle, above)
    return above


# What an expression may name besides these: mpmath's functions and constants (exp, log,
# ln, sqrt, log10, sech, erf, pi, findroot, diff, ...), and these of this site.
SITE_NAMES = {
    "actlib": actlib,  # actlib.sigmoid(x) and the rest, in float64
    "rounds_to_one": rounds_to_one,  # rounds_to_one("tanh"): where np.tanh returns 1.0
    "GATED_VALUE": plotting.GATED_VALUE,  # the value a at which gated units are drawn
}
CALC_DIGITS = 50  # working precision of calc(), in decimal digits


@functools.cache
def _calc_names() -> dict[str, Any]:
    names: dict[str, Any] = {n: getattr(mpmath, n) for n in dir(mpmath) if not n.startswith("_")}
    names.update({k: mpmath.mpf(v) for k, v in FLOAT_LIMITS.items()})
    names.update(SITE_NAMES)
    names["abs"] = mpmath.fabs
    names["log2"] = lambda x: mpmath.log(x, 2)  # mpmath has log10 but no log2
    return names


def _calc_namespace() -> dict[str, Any]:
    return {"__builtins__": {}, **_calc_names()}


def _check_calc_expression(expression: str) -> None:
    """An expression is arithmetic on the listed names: no private or dunder name (which
    would reach past the missing builtins, through actlib's module attributes), and no
    assignment."""
    for node in ast.walk(ast.parse(expression, mode="eval")):
        name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
        if name.startswith("_") or isinstance(node, ast.NamedExpr):
            raise ValueError(f"{ast.unparse(node)!r} is not arithmetic on the listed names")


def _scientific(value: Any, significant: int) -> str:
    r"""``1.8 \times 10^{308}`` (``significant`` digits), or ``10^{308}`` for 0: LaTeX."""
    value = mpmath.mpf(value)
    if value == 0 or not mpmath.isfinite(value):
        raise ValueError(f"sci= needs a finite non-zero number; got {mpmath.nstr(value)}")
    sign = "-" if value < 0 else ""
    exponent = int(mpmath.floor(mpmath.log10(abs(value))))
    if significant == 0:  # the nearest power of ten, on a log scale
        return f"{sign}10^{{{int(mpmath.nint(mpmath.log10(abs(value))))}}}"
    mantissa = float(abs(value) / mpmath.mpf(10) ** exponent)
    text = fmt.number(mantissa, significant - 1)
    if float(text) >= 10:  # 9.96 to two digits is 10: one more power of ten
        exponent += 1
        text = fmt.number(mantissa / 10, significant - 1)
    return rf"{sign}{text} \times 10^{{{exponent}}}"


def _fraction(value: Any) -> str:
    r"""``\frac{11}{48}``: LaTeX for a value that is a fraction with a small denominator."""
    exact = Fraction(float(value)).limit_denominator(10**6)
    # A Python float (1/3 in the expression) holds the fraction to float64's precision.
    if isinstance(value, float):
        close = abs(float(exact) - value) <= 4 * FLOAT_LIMITS["EPS"] * abs(value)
    else:
        close = abs(mpmath.mpf(exact.numerator) / exact.denominator - value) <= 1e-40 * abs(value)
    if not close:
        raise ValueError(f"{mpmath.nstr(value, 20)} is not a fraction of small integers")
    sign = "-" if exact < 0 else ""
    if exact.denominator == 1:
        return f"{exact}"
    return rf"{sign}\frac{{{abs(exact.numerator)}}}{{{exact.denominator}}}"


def calc(
    expression: str,
    digits: int | None = None,
    sci: int | None = None,
    page: str = "",
    fraction: bool = False,
) -> str:
    r"""A number computed at build time from ``expression``, evaluated with mpmath at
    50 digits, for a number in the prose that is not a property of one activation.

    ``{{ calc("53 * log(2)", digits=2) }}`` prints 36.74, formatted as fact() prints
    numbers (``digits`` decimals, or 5 significant digits). ``sci=2`` prints LaTeX for
    inline math, two significant digits: ``${{ calc("sqrt(DBL_MAX)", sci=2) }}$`` is
    1.3 x 10^154; ``sci=0`` prints only the nearest power of ten, ``10^{154}``;
    ``fraction=True`` prints an exact fraction, ``\frac{11}{48}``, or fails. The names
    an expression may use are mpmath's (``exp``, ``log``, ``sqrt``, ``findroot`` ...),
    :data:`FLOAT_LIMITS` and :data:`SITE_NAMES`. A bad expression fails the build.
    """
    where = f"{page}: calc({expression!r})" if page else f"calc({expression!r})"
    if digits is not None and sci is not None:
        raise ValueError(f"{where}: give digits= or sci=, not both")
    try:
        with mpmath.workdps(CALC_DIGITS):
            # eval, with no builtins, of arithmetic on the listed names only.
            _check_calc_expression(expression)
            value = eval(expression, _calc_namespace())
            if isinstance(value, bool) or not isinstance(value, (int, float, mpmath.mpf)):
                raise TypeError(f"the expression gives a {type(value).__name__}, not a number")
            if sci is not None:
                return _scientific(value, sci)
            if fraction:
                return _fraction(value)
            return render_value(float(value), digits)
    except Exception as err:
        raise ValueError(f"{where}: {type(err).__name__}: {err}") from None
