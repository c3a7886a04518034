"""The one drawing helper: shared colours, axes, layouts and reproducible light/dark SVGs.

Every figure on the site is drawn by a function ``draw(fig, theme)`` and saved twice
by :func:`save_themed`, once per colour scheme, as ``<stem>.light.svg`` and
``<stem>.dark.svg``. Pages show them with Material's ``#only-light`` / ``#only-dark``.

Importing this module is cheap: matplotlib loads on the first drawing call, so the page
macros can read the figure sizes below without paying for matplotlib on every build.

A figure of panels (:class:`PanelsFigure`) is a value: what it shows and how it is laid
out, with nothing else drawn into it. :func:`save_panels` keeps its two SVGs in
``.cache/figures/`` under a hash of that value (pickled), the code that draws it and
Matplotlib's version, so that a generator run again after an edit to one activation draws
only the figures whose data changed (Matplotlib's drawing is most of a generator's time).
"""

from __future__ import annotations

import io
import math
import pickle
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scripts.shared.cache import Store, code_digest, digest

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class Theme:
    name: str
    foreground: str
    muted: str
    grid: str
    f: str  # colour of f everywhere on the site
    df: str  # colour of f' everywhere on the site
    vanishing: str  # shading where |f'| < 0.01
    cycle: tuple[str, ...]  # for charts with many functions


LIGHT = Theme(
    name="light",
    foreground="#1f2328",
    muted="#57606a",
    grid="#d0d7de",
    f="#1f5fbf",
    df="#c2410c",
    vanishing="#9ca3af",
    # For charts of several functions; the colours of f and f' are kept out of it, since
    # they mean "the function" and "its derivative" everywhere else.
    cycle=("#15803d", "#7c3aed", "#b91c1c", "#0e7490", "#a16207", "#be185d"),
)
DARK = Theme(
    name="dark",
    foreground="#e6edf3",
    muted="#9da7b3",
    grid="#3d444d",
    f="#6cb6ff",
    df="#ffa657",
    vanishing="#6e7681",
    cycle=("#7ee787", "#d2a8ff", "#ff7b72", "#56d4dd", "#e3b341", "#f778ba"),
)
THEMES = (LIGHT, DARK)

# Line styles carry the meaning too, so the figures read without colour.
F_STYLE = "-"
DF_STYLE = "--"
# Charts of several functions vary colour and dash together.
DASHES = ("-", "--", "-.", ":", (0, (5, 1.5, 1, 1.5)), (0, (1, 1)))

# Every per-activation figure shares one x window, so any two can be compared by eye;
# it is wide enough to show ReLU6's kink at 6 and the vanishing tails of sigmoid.
FUNCTION_XLIM = (-6.5, 6.5)
# A gated unit f(a, b) = a g(b) is drawn against its gate input b, at this value a: not 1,
# where f and its partial derivative by a, g(b), would be the same curve.
GATED_VALUE = 0.5
# The family figures compare members on one scale; an activation's own figure fits each
# panel's y window to what it draws (fitted_ylim), so a small derivative is not flat.
FUNCTION_YLIM = (-2.0, 3.0)
DERIVATIVE_YLIM = (-0.7, 1.9)
# Room left above and below a fitted curve, as a fraction of its span.
FIT_MARGIN = 0.08
# Sizes in inches. The fixed layouts (no tight bounding box) give every figure of a
# kind the same size, which the pages declare so the browser reserves the space.
FUNCTION_FIGSIZE = (5.6, 4.9)
FAMILY_FIGSIZE = (5.6, 6.2)
OVERVIEW_FIGSIZE = (6.4, 12.8)
FUNCTION_LAYOUT = (0.15, 0.115, 0.98, 0.855)
FAMILY_LAYOUT = (0.12, 0.08, 0.98, 0.82)
OVERVIEW_LAYOUT = (0.09, 0.045, 0.64, 0.92)
POINTS_PER_INCH = 72  # matplotlib writes SVG sizes in pt
# Phones show a 5.6 in figure at about 60% size; these sizes stay legible there.
FONT_SIZE = 14


def svg_file_size(path: Path) -> tuple[int, int]:
    """The width and height, in SVG user units, of a saved figure (its viewBox)."""
    head = path.read_text(encoding="utf-8")[:2000]
    found = re.search(r'<svg[^>]*viewBox="0 0 ([\d.]+) ([\d.]+)"', head)
    if found is None:
        raise ValueError(f"{path}: no viewBox on the <svg> element")
    return round(float(found[1])), round(float(found[2]))


def svg_size(figsize: tuple[float, float]) -> tuple[int, int]:
    """The width and height, in SVG user units, of a figure saved with a fixed layout."""
    return round(figsize[0] * POINTS_PER_INCH), round(figsize[1] * POINTS_PER_INCH)


@cache
def pyplot() -> Any:
    """matplotlib.pyplot, configured once for reproducible, theme-able SVG output."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # Same inputs, same bytes: no random ids, no date in the SVG metadata.
    matplotlib.rcParams["svg.hashsalt"] = "actlib"
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: selectable, small
    matplotlib.rcParams["path.simplify"] = True
    matplotlib.rcParams["font.size"] = FONT_SIZE
    matplotlib.rcParams["axes.titlesize"] = FONT_SIZE
    matplotlib.rcParams["axes.labelsize"] = FONT_SIZE
    matplotlib.rcParams["legend.fontsize"] = FONT_SIZE - 1
    matplotlib.rcParams["mathtext.fontset"] = "dejavusans"
    return plt


def style_axes(ax: Axes, theme: Theme) -> None:
    """Transparent background, theme-coloured text, a light grid, axes through 0."""
    ax.set_facecolor("none")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(theme.muted)
    ax.tick_params(colors=theme.foreground, labelsize=FONT_SIZE - 1)
    ax.xaxis.label.set_color(theme.foreground)
    ax.yaxis.label.set_color(theme.foreground)
    ax.title.set_color(theme.foreground)
    ax.grid(True, color=theme.grid, linewidth=0.6)
    ax.axhline(0, color=theme.muted, linewidth=0.8, zorder=0)
    ax.axvline(0, color=theme.muted, linewidth=0.8, zorder=0)


def legend(ax: Axes, theme: Theme, where: str, title: str = "") -> None:
    """A legend in the theme's colours, on a transparent frame: inside the axes at
    ``where`` (a matplotlib location), "above" them in two columns, to their "right",
    or "none"."""
    if where == "none":
        return
    common: dict[str, Any] = {"frameon": False, "labelcolor": theme.foreground, "handlelength": 2.2}
    if where == "above":
        common |= {
            "loc": "lower left",
            "bbox_to_anchor": (0.0, 1.0),
            "ncol": 2,
            "borderaxespad": 0.2,
            "columnspacing": 1.2,
            "fontsize": FONT_SIZE - 2,
        }
    elif where == "right":
        common |= {"loc": "center left", "bbox_to_anchor": (1.02, 0.5), "borderaxespad": 0.0}
    else:
        common["loc"] = where
    leg = ax.legend(title=title or None, alignment="left", **common)
    if title:
        leg.get_title().set_color(theme.foreground)
        leg.get_title().set_fontweight("bold")


# ---------------------------------------------------------------------------
# What a figure shows (computed by the generators from actlib)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Kink:
    """A point where a curve jumps or bends, and the value the function takes there."""

    x: float
    left: float  # one-sided limits
    right: float
    value: float


@dataclass(frozen=True)
class Curve:
    """One line: ``role`` "f" or "df" gives it the site's colour for f or f'; "" takes
    the next colour of the theme's cycle. NaNs in ``y`` break the line at jumps."""

    label: str
    x: Any
    y: Any
    role: str = ""
    kinks: tuple[Kink, ...] = ()


@dataclass(frozen=True)
class Panel:
    title: str
    curves: tuple[Curve, ...]
    ylim: tuple[float, float]
    ylabel: str = ""
    shaded: tuple[tuple[float, float], ...] = ()  # x-intervals to shade
    shaded_label: str = ""
    legend_loc: str = "upper left"  # or "above" or "right" of the axes, or "none"
    legend_title: str = ""


def fitted_ylim(curves: Sequence[Curve]) -> tuple[float, float]:
    """A y window holding every finite value of the curves, their kink dots and 0 (the axis
    the figures draw through it), with :data:`FIT_MARGIN` of the span above and below; a
    curve that is 0 everywhere gets the window of a span of 1."""
    import numpy as np

    values = [0.0]
    for curve in curves:
        y = np.asarray(curve.y, dtype=float)
        finite = y[np.isfinite(y)]
        if finite.size:
            values += [float(finite.min()), float(finite.max())]
        values += [v for k in curve.kinks for v in (k.left, k.right, k.value) if math.isfinite(v)]
    lo, hi = min(values), max(values)
    span = hi - lo or 1.0
    if hi == lo:
        lo, hi = -span / 2, span / 2
    return lo - FIT_MARGIN * span, hi + FIT_MARGIN * span


def _colour_and_style(curve: Curve, index: int, theme: Theme) -> tuple[str, Any]:
    if curve.role == "f":
        return theme.f, F_STYLE
    if curve.role == "df":
        return theme.df, DF_STYLE
    return theme.cycle[index % len(theme.cycle)], DASHES[index % len(DASHES)]


def _draw_panel(ax: Axes, panel: Panel, theme: Theme, xlim: tuple[float, float]) -> None:
    style_axes(ax, theme)
    for lo, hi in panel.shaded:
        ax.axvspan(
            max(lo, xlim[0]),
            min(hi, xlim[1]),
            color=theme.vanishing,
            alpha=0.22,
            linewidth=0,
            zorder=0,
            label=panel.shaded_label if (lo, hi) == panel.shaded[0] else None,
        )
    others = 0
    for curve in panel.curves:
        colour, dash = _colour_and_style(curve, others, theme)
        others += curve.role == ""
        ax.plot(curve.x, curve.y, color=colour, linestyle=dash, linewidth=2.0, label=curve.label)
        for kink in curve.kinks:
            for limit in sorted({kink.left, kink.right} - {kink.value}):
                ax.plot(
                    kink.x,
                    limit,
                    "o",
                    ms=7,
                    mfc=theme_background(theme),
                    mec=colour,
                    mew=1.6,
                    zorder=4,
                )
            ax.plot(kink.x, kink.value, "o", ms=7, color=colour, zorder=5)
    ax.set_xlim(*xlim)
    ax.set_ylim(*panel.ylim)
    ax.xaxis.set_major_locator(pyplot().MultipleLocator(2))
    ax.set_title(panel.title, loc="left", color=theme.foreground)
    if panel.ylabel:
        ax.set_ylabel(panel.ylabel)


def theme_background(theme: Theme) -> str:
    """The page colour behind the figure (Material's default and slate schemes): a
    hollow dot is filled with it, so the curve does not show through."""
    return "#ffffff" if theme is LIGHT else "#1e2129"


def panels_figure(
    panels: Sequence[Panel],
    xlim: tuple[float, float],
    *,
    ncols: int = 1,
    title: str = "",
    subtitle: str = "",
    note: str = "",
    xlabel: str = "x",
) -> Callable[[Figure, Theme], None]:
    """A drawing function: the panels in a grid with a shared x axis and one legend each;
    ``note`` stands at the right of the title line."""

    def draw(fig: Figure, theme: Theme) -> None:
        nrows = -(-len(panels) // ncols)
        axes = fig.subplots(nrows, ncols, sharex=True, squeeze=False).ravel()
        for ax, panel in zip(axes, panels, strict=False):
            _draw_panel(ax, panel, theme, xlim)
            legend(ax, theme, panel.legend_loc, panel.legend_title)
        for ax in axes[len(panels) :]:
            ax.set_visible(False)
        for ax in axes[-ncols:]:
            ax.set_xlabel(xlabel, fontstyle="italic")  # plain text: no mathtext parsing
        if title:
            fig.text(
                0.02,
                0.985,
                title,
                ha="left",
                va="top",
                color=theme.foreground,
                fontsize=FONT_SIZE + 1,
                fontweight="bold",
            )
        if note:
            fig.text(
                0.98,
                0.985,
                note,
                ha="right",
                va="top",
                color=theme.muted,
                fontsize=FONT_SIZE - 2,
            )
        if subtitle:  # just above the plot area, under the title
            fig.text(
                0.02,
                fig.subplotpars.top + 0.03,
                subtitle,
                ha="left",
                va="bottom",
                color=theme.muted,
                fontsize=FONT_SIZE - 2,
            )

    return draw


def palette(theme: Theme) -> list[str]:
    """Every colour of a theme, in a fixed order (the page background last)."""
    return [
        theme.foreground,
        theme.muted,
        theme.grid,
        theme.f,
        theme.df,
        theme.vanishing,
        *theme.cycle,
        theme_background(theme),
    ]


# A colour as #rrggbb, or as #rgb: a minifier writes #ffffff as #fff.
_HEX = re.compile(r"#(?:[0-9a-f]{6}|[0-9a-f]{3})\b")


def _long_hex(colour: str) -> str:
    return colour if len(colour) == 7 else "#" + "".join(2 * c for c in colour[1:])


def recoloured(svg: str, source: Theme, target: Theme) -> str:
    """The SVG drawn in ``source``'s colours, with each one swapped for ``target``'s."""
    swap = dict(zip(palette(source), palette(target), strict=True))
    if len(swap) != len(palette(source)):
        raise ValueError(f"theme {source.name!r} uses a colour twice: it cannot be swapped")
    return _HEX.sub(lambda m: swap.get(_long_hex(m.group(0)), m.group(0)), svg)


def colours_of(svg: str, theme: Theme) -> set[str]:
    """The colours of ``theme``'s palette that the SVG holds, in either hex form."""
    return {_long_hex(c) for c in _HEX.findall(svg)} & set(palette(theme))


def save_themed(
    draw: Callable[[Figure, Theme], None],
    out: Path,
    stem: str,
    size: tuple[float, float] = (7.0, 3.2),
    *,
    tight: bool = True,
    layout: Sequence[float] | None = None,
    hspace: float = 0.25,
    recolour: bool = False,
) -> list[Path]:
    """Draw the figure once per theme and save ``out/<stem>.{light,dark}.svg``.

    ``tight=True`` crops the figure to its contents. Fixed-size figures pass
    ``tight=False`` and ``layout=(left, bottom, right, top)`` margins as fractions,
    so every figure of a kind has exactly the same size and plot area.
    ``recolour=True`` draws only the light figure and makes the others by swapping
    colours (half the time); ``draw`` must then take every colour from the theme.
    """
    plt = pyplot()
    paths = []
    drawn: str | None = None
    for theme in THEMES:
        path = out / f"{stem}.{theme.name}.svg"
        path.parent.mkdir(parents=True, exist_ok=True)
        if recolour and drawn is not None:
            path.write_text(recoloured(drawn, THEMES[0], theme), encoding="utf-8")
            paths.append(path)
            continue
        fig = plt.figure(figsize=size)
        fig.patch.set_alpha(0.0)
        if layout is not None:
            left, bottom, right, top = layout
            fig.subplots_adjust(
                left=left, bottom=bottom, right=right, top=top, wspace=0.28, hspace=hspace
            )
        draw(fig, theme)
        buffer = io.StringIO()
        fig.savefig(
            buffer, format="svg", metadata={"Date": None}, bbox_inches="tight" if tight else None
        )
        plt.close(fig)
        drawn = buffer.getvalue()
        path.write_text(drawn, encoding="utf-8")
        paths.append(path)
    return paths


# ---------------------------------------------------------------------------
# Figures of panels, drawn once per content
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PanelsFigure:
    """Everything a figure of panels shows and its layout (:func:`panels_figure`'s
    arguments and :func:`save_themed`'s, drawn with a fixed layout and recoloured for the
    dark theme): its pickle is its name in the figure cache, so nothing it draws may come
    from anywhere else."""

    panels: tuple[Panel, ...]
    xlim: tuple[float, float]
    size: tuple[float, float]
    layout: tuple[float, float, float, float]
    hspace: float
    title: str = ""
    subtitle: str = ""
    note: str = ""
    xlabel: str = "x"


FIGURES = Store("figures", ".svg")
# Fixed, not pickle.DEFAULT_PROTOCOL: a new Python must not rename every figure.
PICKLE_PROTOCOL = 5


def figure_key(shows: Any, drawn_by: Path) -> str:
    """The figure cache's name for a figure that draws only ``shows`` (pickled: its data,
    labels, limits, size and layout): with this module's code and the generator's
    (``drawn_by``; docstrings and comments aside) and Matplotlib's version."""
    return digest(
        pickle.dumps(shows, protocol=PICKLE_PROTOCOL),
        code_digest(Path(__file__)),
        code_digest(drawn_by),
        version("matplotlib"),
    )


def save_themed_kept(
    shows: Any,
    draw: Callable[[Figure, Theme], None],
    out: Path,
    stem: str,
    size: tuple[float, float],
    *,
    drawn_by: Path,
    **options: Any,
) -> list[Path]:
    """:func:`save_themed`, from ``.cache/figures/`` if the figure was drawn before.

    ``draw`` must draw nothing but ``shows`` and what the code of this module and of
    ``drawn_by`` holds: ``shows`` names the figure in the cache (:func:`figure_key`, with
    the size and ``options``).
    """
    key = figure_key((shows, size, sorted(options.items())), drawn_by)
    paths = [out / f"{stem}.{theme.name}.svg" for theme in THEMES]
    kept = [FIGURES.get(f"{key}.{theme.name}") for theme in THEMES]
    if all(data is not None for data in kept):
        for path, data in zip(paths, kept, strict=True):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data or b"")
        return paths
    drawn = save_themed(draw, out, stem, size, **options)
    for theme, path in zip(THEMES, drawn, strict=True):
        FIGURES.put(f"{key}.{theme.name}", path.read_bytes())
    return drawn


def save_panels(figure: PanelsFigure, out: Path, stem: str, *, drawn_by: Path) -> list[Path]:
    """Save ``out/<stem>.{light,dark}.svg``, drawn from ``figure`` alone, from
    ``.cache/figures/`` if drawn before (:func:`save_themed_kept`)."""
    draw = panels_figure(
        figure.panels,
        figure.xlim,
        title=figure.title,
        subtitle=figure.subtitle,
        note=figure.note,
        xlabel=figure.xlabel,
    )
    return save_themed_kept(
        figure,
        draw,
        out,
        stem,
        figure.size,
        drawn_by=drawn_by,
        tight=False,
        recolour=True,
        layout=figure.layout,
        hspace=figure.hspace,
    )
