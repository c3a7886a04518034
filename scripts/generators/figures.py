"""Generator: the f and f' figure of every activation, all derivatives on one chart, and
one comparison per family (``figures/<stem>.{light,dark}.svg``).

The data come from actlib (values) and actlib.analysis (kinks, vanishing regions); the
drawing is in ``scripts/shared/plotting.py``. Parametrised functions are drawn at their
``plot_params``.

Each figure is computed here as a value (``plot.PanelsFigure``), which is cheap, and drawn
only if that value was never drawn before (``plot.save_panels``): after an edit to one
activation, only its figures and its family's change, and so only they are drawn.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

import actlib
from actlib import analysis
from actlib._core import Activation, GatedActivation, VectorActivation
from scripts.shared import build
from scripts.shared import formatting as fmt
from scripts.shared import plotting as plot

# scripts/shared/build.py fingerprints actlib, this file and these: a change to any of them redraws.
INPUTS = ("scripts/shared/plotting.py", "scripts/shared/formatting.py")

POINTS = 521  # across the window: smooth curves at the size shown, small files
F_LABEL, DF_LABEL = "f(x)", "f\u2032(x)"
DA_LABEL, DB_LABEL = "\u2202f/\u2202a", "\u2202f/\u2202b"

Drawable = Activation | GatedActivation | VectorActivation


def sample_x(lo: float, hi: float, breaks: Iterable[float]) -> np.ndarray:
    """A grid over [lo, hi] that stops just short of each break on either side, with a
    NaN between pieces, so lines are not drawn across a jump."""
    edges = [lo, *sorted(b for b in breaks if lo < b < hi), hi]
    pieces = []
    for a, b in itertools.pairwise(edges):
        n = max(3, round(POINTS * (b - a) / (hi - lo)))
        piece = np.linspace(a, b, n)
        if a != lo:
            piece[0] = np.nextafter(a, b)
        if b != hi:
            piece[-1] = np.nextafter(b, a)
        pieces += [piece, [np.nan]]
    return np.concatenate(pieces[:-1])


def _kinks(g: Any, points: Iterable[float]) -> tuple[plot.Kink, ...]:
    def at(t: float) -> float:
        return float(g(np.array(t)))

    return tuple(
        plot.Kink(k, at(np.nextafter(k, -np.inf)), at(np.nextafter(k, np.inf)), at(k))
        for k in points
    )


def elementwise_curves(act: Activation, *, derivative_only: bool = False) -> list[plot.Curve]:
    """f and f' of ``act`` at its plot parameters, with their kinks marked."""
    params = dict(act.plot_params)
    props = analysis.properties(act, **params)
    x = sample_x(*plot.FUNCTION_XLIM, props.kinks)

    def f(t: Any) -> Any:
        return act(t, **params)

    def df(t: Any) -> Any:
        return act.derivative(t, **params)

    jumps_of_f = [k for k, order in props.kink_orders.items() if order < 0]
    curves = [plot.Curve(DF_LABEL, x, df(x), "df", _kinks(df, props.kinks))]
    if not derivative_only:
        curves.insert(0, plot.Curve(F_LABEL, x, f(x), "f", _kinks(f, jumps_of_f)))
    return curves


def vector_curves(act: VectorActivation) -> list[plot.Curve]:
    """A vector function along the line z = (x, 0): its first output and d/dx of it."""
    x = sample_x(*plot.FUNCTION_XLIM, ())
    z = np.stack([x, np.zeros_like(x)], axis=-1)
    return [
        plot.Curve("first output", x, act(z)[:, 0], "f"),
        plot.Curve("\u2202/\u2202x of it", x, act.jacobian(z)[:, 0, 0], "df"),
    ]


def gated_curves(act: GatedActivation) -> list[plot.Curve]:
    """A gated unit of the two inputs z = (a, b), against the gate input b with the value
    a fixed: f, then d f / d b (the gate's slope times a), then d f / d a (the gate)."""
    kinks = tuple(actlib.get(act.gate).kinks)
    b = sample_x(*plot.FUNCTION_XLIM, kinks)
    # where a and b sit in z (and in the Jacobian's columns): [a, b], or gpt-oss's [b, a]
    column_a, column_b = (list(act.join(np.array([0]), np.array([1]))).index(i) for i in (0, 1))

    def at(t: Any) -> np.ndarray:
        t = np.asarray(t, dtype=float)[..., None]
        return act.join(np.full_like(t, plot.GATED_VALUE), t)

    def dfdb(t: Any) -> Any:
        return act.jacobian(at(t))[..., 0, column_b]

    return [
        plot.Curve("f(a, b)", b, act(at(b))[..., 0], "f"),
        plot.Curve(DB_LABEL, b, dfdb(b), "df", _kinks(dfdb, kinks)),
        plot.Curve(DA_LABEL, b, act.jacobian(at(b))[..., 0, column_a], ""),
    ]


def _panel_pair(
    values: list[plot.Curve],
    slopes: list[plot.Curve],
    labels: tuple[str, str],
    shaded: tuple[tuple[float, float], ...] = (),
) -> list[plot.Panel]:
    """f (and what else is of its size) above, its derivative below, each panel's y window
    fitted to its own curves: one shared window flattened sigmoid' (at most 0.25) under
    sigmoid, and ReLU' under ReLU's climb to 6.5. The y labels name the curves; a legend,
    which no place in a filled panel keeps clear of the curves, only tells two apart."""
    return [
        plot.Panel(
            "",
            tuple(curves),
            plot.fitted_ylim(curves),
            ylabel=label,
            shaded=shaded,
            legend_loc="best" if len(curves) > 1 else "none",
        )
        for curves, label in ((values, labels[0]), (slopes, labels[1]))
    ]


def function_panels(act: Drawable) -> tuple[list[plot.Panel], str, str]:
    """The two panels of an activation's own figure, its subtitle and the note that says
    what the shading means (there is no legend to say it)."""
    if isinstance(act, VectorActivation):
        first, slope = vector_curves(act)
        panels = _panel_pair([first], [slope], ("first output", "\u2202/\u2202x"))
        return panels, "along the logits z = (x, 0)", ""
    if isinstance(act, GatedActivation):
        value, by_gate, by_value = gated_curves(act)
        # f = a g(b) and its partial derivative by a, g(b), differ by the factor a only
        panels = _panel_pair([value, by_value], [by_gate], ("", DB_LABEL))
        subtitle = f"z = (a, b) against the gate input b, at the value a = {plot.GATED_VALUE}"
        return panels, subtitle, ""
    f, df = elementwise_curves(act)
    props = analysis.properties(act, **dict(act.plot_params))
    shown = analysis.vanishing_within(props, *plot.FUNCTION_XLIM)
    shaded = tuple((v.lo, v.hi) for v in shown)
    note = f"shaded: |{DF_LABEL[:2]}| < {fmt.number(analysis.VANISHING)}" if shaded else ""
    return _panel_pair([f], [df], (F_LABEL, DF_LABEL), shaded), fmt.drawn_at(act), note


def function_figure(act: Drawable, out: Path) -> None:
    panels, subtitle, note = function_panels(act)
    figure = plot.PanelsFigure(
        tuple(panels),
        plot.FUNCTION_XLIM,
        plot.FUNCTION_FIGSIZE,
        plot.FUNCTION_LAYOUT,
        hspace=0.12,
        title=act.display_name,
        subtitle=subtitle,
        note=note,
        xlabel="b" if isinstance(act, GatedActivation) else "x",
    )
    plot.save_panels(figure, out / "figures", act.name, drawn_by=Path(__file__))


def _relabel(curve: plot.Curve, label: str) -> plot.Curve:
    """The same curve in a chart of several functions: labelled by name, cycle colours."""
    return plot.Curve(label, curve.x, curve.y, "", curve.kinks)


def families() -> dict[str, list[Drawable]]:
    in_order = dict.fromkeys(actlib.get(name).family for name in actlib.names())
    return {family: actlib.family(family) for family in in_order}


def actlib_elementwise() -> list[Activation]:
    return [actlib.get(name) for name in actlib.names(kind="elementwise")]


def _label(act: Drawable) -> str:
    """The function's name, with the parameters it is drawn at if not the defaults."""
    if not isinstance(act, Activation):
        return act.display_name
    note = ", ".join(
        f"{k} = {fmt.param_value(v)}"
        for k, v in act.plot_params.items()
        if v != act.defaults.get(k)
    )
    return f"{act.display_name} ({note})" if note else act.display_name


def _curves(act: Drawable) -> list[plot.Curve]:
    if isinstance(act, VectorActivation):
        return vector_curves(act)
    if isinstance(act, GatedActivation):
        return gated_curves(act)
    return elementwise_curves(act)


def family_figure(family: str, members: list[Drawable], out: Path) -> None:
    """The members of a family compared: f above, f' below (d f / d b for gated units)."""
    pairs = [_curves(a) for a in members]
    gated = all(isinstance(a, GatedActivation) for a in members)
    # gated units against their gate input b, at the value a = plot.GATED_VALUE (the y label)
    f_label, df_label = (
        (f"f({plot.GATED_VALUE}, b)", DB_LABEL) if gated else (F_LABEL, DF_LABEL[:2])
    )
    labels = [_label(a) for a in members]
    value = plot.Panel(
        "",
        tuple(_relabel(p[0], lab) for p, lab in zip(pairs, labels, strict=True)),
        plot.FUNCTION_YLIM,
        ylabel=f_label,
        legend_loc="above",
    )
    slope = plot.Panel(
        "",
        tuple(_relabel(p[1], lab) for p, lab in zip(pairs, labels, strict=True)),
        plot.DERIVATIVE_YLIM,
        ylabel=DF_LABEL if not gated else df_label,
        legend_loc="none",
    )
    figure = plot.PanelsFigure(
        (value, slope),
        plot.FUNCTION_XLIM,
        plot.FAMILY_FIGSIZE,
        plot.FAMILY_LAYOUT,
        hspace=0.3,
        title=f"The {family} family: f and {df_label}",
        xlabel="b" if gated else "x",
    )
    plot.save_panels(figure, out / "figures", f"family-{family}", drawn_by=Path(__file__))


def overview_figure(out: Path) -> None:
    """Every element-wise derivative, one panel per family, on shared axes."""
    panels = []
    for family, members in families().items():
        acts = [a for a in members if isinstance(a, Activation)]
        if acts:
            curves = [
                _relabel(elementwise_curves(a, derivative_only=True)[0], a.display_name)
                for a in acts
            ]
            panels.append(
                plot.Panel(
                    "",
                    tuple(curves),
                    plot.DERIVATIVE_YLIM,
                    legend_loc="right",
                    legend_title=family.capitalize(),
                )
            )
    drawn = [_label(a) for a in actlib_elementwise() if _label(a) != a.display_name]
    figure = plot.PanelsFigure(
        tuple(panels),
        plot.FUNCTION_XLIM,
        plot.OVERVIEW_FIGSIZE,
        plot.OVERVIEW_LAYOUT,
        hspace=0.35,
        title=f"The derivatives {DF_LABEL}, by family",
        subtitle=("Drawn at " + "; ".join(drawn)) if drawn else "",
    )
    plot.save_panels(figure, out / "figures", "derivatives-overview", drawn_by=Path(__file__))


def generate(out: Path) -> None:
    for name in actlib.names():
        function_figure(actlib.get(name), out)
    for family, members in families().items():
        family_figure(family, members, out)
    overview_figure(out)


if __name__ == "__main__":
    build.main(sys.modules[__name__])
