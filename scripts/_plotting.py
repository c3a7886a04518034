"""The one drawing helper: shared colours, axes, layouts and reproducible light/dark SVGs.

Every figure on the site is drawn by a function ``draw(fig, theme)`` and saved twice
by :func:`save_themed`, once per colour scheme, as ``<stem>.light.svg`` and
``<stem>.dark.svg``. Pages show them with Material's ``#only-light`` / ``#only-dark``.

Importing this module is cheap: matplotlib loads on the first drawing call, so the page
macros can read the figure sizes below without paying for matplotlib on every build.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    cycle=("#1f5fbf", "#c2410c", "#15803d", "#7c3aed", "#b91c1c", "#0e7490", "#a16207"),
)
DARK = Theme(
    name="dark",
    foreground="#e6edf3",
    muted="#9da7b3",
    grid="#3d444d",
    f="#6cb6ff",
    df="#ffa657",
    vanishing="#6e7681",
    cycle=("#6cb6ff", "#ffa657", "#7ee787", "#d2a8ff", "#ff7b72", "#56d4dd", "#e3b341"),
)
THEMES = (LIGHT, DARK)

# Line styles carry the meaning too, so the figures read without colour.
F_STYLE = "-"
DF_STYLE = "--"
# One cycle of dash patterns for charts with many functions (colour and dash both vary).
DASHES = ("-", "--", "-.", ":")

# Every per-activation figure shares one window, so any two can be compared by eye.
FUNCTION_XLIM = (-5.0, 5.0)
FUNCTION_YLIM = (-2.0, 3.0)
# Sizes in inches. The fixed layouts (no tight bounding box) give every figure of a
# kind the same pixel size, which the pages declare to reserve space before it loads.
FUNCTION_FIGSIZE = (7.2, 3.4)
OVERVIEW_FIGSIZE = (7.2, 4.4)
FAMILY_FIGSIZE = (7.2, 3.4)
POINTS_PER_INCH = 72  # matplotlib writes SVG sizes in pt
# Phone screens shrink a 7.2 in figure by about half; these sizes stay legible there.
FONT_SIZE = 13


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


def legend(ax: Axes, theme: Theme, **kwargs: Any) -> None:
    """A legend in the theme's colours, on a transparent frame."""
    leg = ax.legend(frameon=False, labelcolor=theme.foreground, **kwargs)
    leg.set_zorder(5)


def shade_where(ax: Axes, x: Any, mask: Any, theme: Theme, label: str | None = None) -> None:
    """Shade the vertical strips of the axes over which ``mask`` holds."""
    ax.fill_between(
        x,
        0,
        1,
        where=mask,
        transform=ax.get_xaxis_transform(),
        color=theme.vanishing,
        alpha=0.18,
        linewidth=0,
        label=label,
        zorder=0,
    )


def mark_kink(ax: Axes, x: float, left: float, right: float, value: float, color: str) -> None:
    """Mark a jump of a curve at ``x``: hollow dots at the one-sided limits, a filled
    dot at the value the function takes there (the convention)."""
    for limit in {left, right} - {value}:
        ax.plot(x, limit, "o", ms=7, mfc="none", mec=color, mew=1.6, zorder=4)
    ax.plot(x, value, "o", ms=7, color=color, zorder=4)


def save_themed(
    draw: Callable[[Figure, Theme], None],
    out: Path,
    stem: str,
    size: tuple[float, float] = (7.0, 3.2),
    *,
    tight: bool = True,
    layout: Sequence[float] | None = None,
) -> list[Path]:
    """Draw the figure once per theme and save ``out/<stem>.{light,dark}.svg``.

    ``tight=True`` crops the figure to its contents. Fixed-size figures pass
    ``tight=False`` and ``layout=(left, bottom, right, top)`` margins as fractions,
    so every figure of a kind has exactly the same size and plot area.
    """
    plt = pyplot()
    paths = []
    for theme in THEMES:
        fig = plt.figure(figsize=size)
        fig.patch.set_alpha(0.0)
        if layout is not None:
            left, bottom, right, top = layout
            fig.subplots_adjust(left=left, bottom=bottom, right=right, top=top, wspace=0.28)
        draw(fig, theme)
        path = out / f"{stem}.{theme.name}.svg"
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(
            path, format="svg", metadata={"Date": None}, bbox_inches="tight" if tight else None
        )
        plt.close(fig)
        paths.append(path)
    return paths
