"""Each activation's own figure shows its function and its derivative: the axis limits are
read from the published SVG (its tick labels and where they stand), and the curves are
computed here from actlib, so a window that cuts a curve off or flattens the derivative
fails whatever the generator meant to draw.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

import actlib
from actlib import Activation, GatedActivation, VectorActivation, analysis
from scripts.generators import figures as generator
from scripts.shared import build
from scripts.shared import plotting as plot

SVG = "{http://www.w3.org/2000/svg}"
# The share of its panel's height that a derivative's curve must span at the least.
SMALLEST_SHARE = 0.3
# Tick positions are written to 1/1000 of a unit: limits read back agree to about this.
READ_TOLERANCE = 1e-3


@dataclass(frozen=True)
class Axes:
    xlim: tuple[float, float]
    ylim: tuple[float, float]


_NUMBER = re.compile(r"[MmLlHhVvZz]|-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?")


def _path_box(d: str) -> tuple[float, float, float, float]:
    """left, top, right, bottom of a path made of straight moves (a clip rectangle)."""
    tokens = _NUMBER.findall(d)
    xs: list[float] = []
    ys: list[float] = []
    x = y = 0.0
    command = ""
    i = 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
            continue
        if command in "MmLl":
            dx, dy = float(tokens[i]), float(tokens[i + 1])
            x, y = (x + dx, y + dy) if command.islower() else (dx, dy)
            i += 2
        elif command in "Hh":
            x = x + float(tokens[i]) if command == "h" else float(tokens[i])
            i += 1
        elif command in "Vv":
            y = y + float(tokens[i]) if command == "v" else float(tokens[i])
            i += 1
        else:
            raise ValueError(f"clip path {d!r}: command {command!r} is not a straight move")
        xs.append(x)
        ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def _tick_value(text: str) -> float:
    return float(text.replace("\u2212", "-"))


def _limits(ticks: list[tuple[float, float]], ends: tuple[float, float], what: str) -> tuple:
    """The data values at the two ends of an axis, from (position, value) of its ticks."""
    if len(ticks) < 2:
        raise ValueError(f"{what}: {len(ticks)} labelled ticks, two are needed to read the scale")
    positions, values = np.array(ticks).T
    slope, offset = np.polyfit(positions, values, 1)
    return tuple(sorted(float(slope * end + offset) for end in ends))


def read_axes(path: Path) -> list[Axes]:
    """The x and y limits of every panel of a matplotlib SVG, top to bottom. A panel whose
    x ticks carry no labels (the upper of two sharing x) takes the labelled panel's x
    limits, if its ticks stand at the same places over the same width."""
    root = ET.parse(path).getroot()
    clips = {clip.get("id"): clip[0] for clip in root.iter(f"{SVG}clipPath") if len(clip) == 1}
    read = []
    for group in root.iter(f"{SVG}g"):
        if not (group.get("id") or "").startswith("axes_"):
            continue
        clipped = next(e.get("clip-path") for e in group.iter() if e.get("clip-path"))
        shape = clips[clipped.removeprefix("url(#").removesuffix(")")]
        if shape.tag == f"{SVG}rect":
            left, top = float(shape.get("x", 0)), float(shape.get("y", 0))
            right, bottom = left + float(shape.get("width", 0)), top + float(shape.get("height", 0))
        else:
            left, top, right, bottom = _path_box(shape.get("d", ""))
        marks: dict[str, list[float]] = {"x": [], "y": []}
        ticks: dict[str, list[tuple[float, float]]] = {"x": [], "y": []}
        for tick in group.iter(f"{SVG}g"):
            axis = (tick.get("id") or "")[:5]
            if axis not in ("xtick", "ytick"):
                continue
            position = float(next(tick.iter(f"{SVG}use")).get(axis[0]) or "nan")
            marks[axis[0]].append(position)
            label = next(tick.iter(f"{SVG}text"), None)
            if label is not None and (label.text or "").strip():
                ticks[axis[0]].append((position, _tick_value(label.text or "")))
        where = f"{path.name}, {group.get('id')}"
        read.append((where, (left, right), marks["x"], ticks, (bottom, top)))
    panels = []
    for where, width, x_marks, ticks, height in read:
        x_ticks = ticks["x"]
        if not x_ticks:  # take the labels of a labelled panel with the same ticks
            x_ticks = next(
                (
                    other[3]["x"]
                    for other in read
                    if other[3]["x"] and other[1] == width and other[2] == x_marks
                ),
                [],
            )
        panels.append(
            Axes(
                _limits(x_ticks, width, f"{where}, x axis"),
                _limits(ticks["y"], height, f"{where}, y axis"),
            )
        )
    return panels


def _grid(xlim: tuple[float, float], breaks: list[float]) -> np.ndarray:
    """A fine grid of the window, with both sides of each break and the break itself."""
    x = np.linspace(*xlim, 4001)
    near = [v for b in breaks for v in (np.nextafter(b, -np.inf), b, np.nextafter(b, np.inf))]
    return np.sort(np.concatenate([x, [v for v in near if xlim[0] <= v <= xlim[1]]]))


def drawn_values(
    act: actlib.Activation | GatedActivation | VectorActivation, xlim: tuple
) -> list[dict[str, np.ndarray]]:
    """What each panel of the activation's figure draws, computed here from actlib: the
    function (and for a gated unit its partial derivative by the value a) above, the
    derivative below."""
    if isinstance(act, VectorActivation):
        x = _grid(xlim, [])
        z = np.stack([x, np.zeros_like(x)], axis=-1)
        return [{"first output": act(z)[:, 0]}, {"d/dx of it": act.jacobian(z)[:, 0, 0]}]
    if isinstance(act, GatedActivation):
        b = _grid(xlim, list(actlib.get(act.gate).kinks))
        # z in the unit's own layout ([a, b], or gpt-oss's (gate, value) pairs)
        z = act.join(np.full_like(b, plot.GATED_VALUE)[:, None], b[:, None])
        column_a, column_b = (list(act.join(np.array([0]), np.array([1]))).index(i) for i in (0, 1))
        jacobian = act.jacobian(z)
        return [
            {"f(a, b)": act(z)[:, 0], "df/da": jacobian[:, 0, column_a]},
            {"df/db": jacobian[:, 0, column_b]},
        ]
    params = dict(act.plot_params)
    x = _grid(xlim, list(analysis.properties(act, **params).kinks))
    return [{"f": act(x, **params)}, {"f'": act.derivative(x, **params)}]


def published(stem: str, theme: str = "light") -> Path:
    """A figure as the site build publishes it (drawn and minified, cached by its inputs)."""
    return build.build(generator) / "figures" / f"{stem}.{theme}.svg"


def figure_problems(act: Activation | GatedActivation | VectorActivation, svg: Path) -> list[str]:
    """Every way the figure at ``svg`` fails to show ``act``'s curves, in words."""
    panels = read_axes(svg)
    if len(panels) != 2:
        return [f"{svg.name}: {len(panels)} panels, not f above and its derivative below"]
    problems = []
    for place, panel, curves in zip(
        ("upper", "lower"), panels, drawn_values(act, panels[0].xlim), strict=True
    ):
        low, high = panel.ylim
        height = high - low
        slack = READ_TOLERANCE * height
        for label, y in curves.items():
            finite = y[np.isfinite(y)]
            lo, hi = float(finite.min()), float(finite.max())
            if lo < low - slack or hi > high + slack:
                problems.append(
                    f"{svg.name}, {place} panel: {label} runs from {lo:.4g} to {hi:.4g}, "
                    f"outside the y window {low:.4g} to {high:.4g}"
                )
        if place == "lower":
            ((label, y),) = curves.items()
            span = float(np.nanmax(y) - np.nanmin(y))
            if span > 0 and span < SMALLEST_SHARE * height:
                problems.append(
                    f"{svg.name}, lower panel: {label} spans {span:.4g}, "
                    f"{span / height:.0%} of the y window {low:.4g} to {high:.4g} "
                    f"(at least {SMALLEST_SHARE:.0%} wanted)"
                )
    return problems


@pytest.mark.parametrize("name", actlib.names())
def test_each_panel_holds_its_curves_and_the_derivative_fills_its_own(name: str) -> None:
    for theme in plot.THEMES:
        problems = figure_problems(actlib.get(name), published(name, theme.name))
        assert not problems, "\n".join(problems)


@pytest.mark.parametrize("family", list(generator.families()))
def test_a_family_shares_one_x_window(family: str) -> None:
    """Every figure of a family, its members' and the family's own, over the same x; and
    that x window is every function's (docs/functions/index.md: "over the same range of x
    for every function"), sigmoid's here."""
    windows = {}
    for stem in [a.name for a in actlib.family(family)] + [f"family-{family}"]:
        for index, panel in enumerate(read_axes(published(stem))):
            windows[f"{stem}, panel {index + 1}"] = panel.xlim
    first = read_axes(published("sigmoid"))[-1].xlim
    differ = {
        where: xlim
        for where, xlim in windows.items()
        if not all(
            math.isclose(a, b, abs_tol=READ_TOLERANCE * 10)
            for a, b in zip(xlim, first, strict=True)
        )
    }
    assert not differ, f"the {family} family's figures differ in x window from {first}: {differ}"


def test_the_check_catches_a_flat_derivative_and_a_cut_curve(tmp_path: Path) -> None:
    """Sigmoid drawn in the one window every figure used to share: its derivative spans a
    twentieth of the height; ReLU in sigmoid's fitted windows: its f leaves the top."""
    sigmoid, relu = actlib.get("sigmoid"), actlib.get("relu")
    f, df = generator.elementwise_curves(sigmoid)
    shared = [
        plot.Panel("", (f,), plot.FUNCTION_YLIM),
        plot.Panel("", (df,), plot.FUNCTION_YLIM),
    ]
    draw = plot.panels_figure(shared, plot.FUNCTION_XLIM)
    flat = plot.save_themed(draw, tmp_path, "flat", plot.FUNCTION_FIGSIZE, tight=False)[0]
    found = figure_problems(sigmoid, flat)
    assert len(found) == 1 and "lower panel: f' spans" in found[0], found

    panels, _, _ = generator.function_panels(sigmoid)
    cut = plot.save_themed(
        plot.panels_figure(panels, plot.FUNCTION_XLIM), tmp_path, "cut", tight=False
    )[0]
    found = figure_problems(relu, cut)
    assert any("upper panel: f runs from 0 to 6.5" in p for p in found), found
    assert figure_problems(sigmoid, cut) == []


def test_the_reader_reads_the_window_matplotlib_was_given(tmp_path: Path) -> None:
    line = plot.Curve("", [-3.0, 3.0], [0.0, 1.0])
    panel = plot.Panel("", (line,), (-0.37, 2.91), legend_loc="none")
    svg = plot.save_themed(
        plot.panels_figure([panel], (-5.5, 4.25)), tmp_path, "known", tight=False
    )[0]
    (read,) = read_axes(svg)
    assert np.allclose(read.xlim, (-5.5, 4.25), atol=READ_TOLERANCE)
    assert np.allclose(read.ylim, (-0.37, 2.91), atol=READ_TOLERANCE)
