"""The one drawing helper: shared colours, axes and reproducible light/dark SVGs.

Every figure on the site is drawn by a function ``draw(fig, theme)`` and saved twice
by :func:`save_themed`, once per colour scheme, as ``<stem>.light.svg`` and
``<stem>.dark.svg``. Pages show them with Material's ``#only-light`` / ``#only-dark``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# Same inputs, same bytes: no random ids, no date in the SVG metadata.
matplotlib.rcParams["svg.hashsalt"] = "actlib"
matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: selectable, small
matplotlib.rcParams["path.simplify"] = True


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


def style_axes(ax: plt.Axes, theme: Theme) -> None:
    """Transparent background, theme-coloured text, a light grid, axes through 0."""
    ax.set_facecolor("none")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(theme.muted)
    ax.tick_params(colors=theme.foreground, labelsize=10)
    ax.xaxis.label.set_color(theme.foreground)
    ax.yaxis.label.set_color(theme.foreground)
    ax.title.set_color(theme.foreground)
    ax.grid(True, color=theme.grid, linewidth=0.6)
    ax.axhline(0, color=theme.muted, linewidth=0.8, zorder=0)
    ax.axvline(0, color=theme.muted, linewidth=0.8, zorder=0)


def save_themed(
    draw: Callable[[plt.Figure, Theme], None],
    out: Path,
    stem: str,
    size: tuple[float, float] = (7.0, 3.2),
) -> list[Path]:
    """Draw the figure once per theme and save ``out/<stem>.{light,dark}.svg``."""
    paths = []
    for theme in THEMES:
        fig = plt.figure(figsize=size)
        fig.patch.set_alpha(0.0)
        draw(fig, theme)
        path = out / f"{stem}.{theme.name}.svg"
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, format="svg", metadata={"Date": None}, bbox_inches="tight")
        plt.close(fig)
        paths.append(path)
    return paths
