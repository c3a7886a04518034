"""Run the site's experiments: their figures and their numbers (experiments/results.json).

The experiments themselves live in ``scripts/shared/experiments.py``, where the tests read
them too; this generator only runs them, draws each result with ``scripts/shared/plotting.py``
and writes every number the pages print into one JSON file. :func:`results` reads that
file back; ``scripts/render/experiment_pages.py`` turns it into the pages' tables and
sentences, so no number on an experiment page is typed by hand.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

import actlib
from scripts.shared import build, experiments, poisson_experiment
from scripts.shared.cache import code_digest
from scripts.shared.plotting import DASHES, Theme, legend, save_themed_kept, style_axes

INPUTS = ("scripts/shared/experiments.py", "scripts/shared/plotting.py")
RESULTS = "experiments/results.json"
FIGURES = "figures/experiments"


def results() -> dict[str, Any]:
    """Every experiment's numbers, from this generator's cached output (run if stale).

    Read afresh on every call (a small file, and the cache key is cheap to compute), so
    that under ``mkdocs serve`` a page never shows numbers older than its figures.
    """
    path = build.build(sys.modules[__name__]) / RESULTS
    return json.loads(path.read_text(encoding="utf-8"))


def display(name: str) -> str:
    return actlib.get(name).display_name


def save_figure(result: Any, draw: Any, out: Path, stem: str, size: tuple[float, float]) -> None:
    """Save ``FIGURES/stem.{light,dark}.svg``, from the figure cache if it was drawn before.

    A figure here is drawn from its experiment's ``result``, the experiments' settings and
    the activations' names, with this module's code and the plotting module's: all of them
    name it in the cache, so an edit to actlib that changes no number of an experiment
    redraws no figure.
    """
    shows = (
        result,
        {name: display(name) for name in actlib.names()},
        code_digest(Path(experiments.__file__)),
        code_digest(Path(poisson_experiment.__file__)),
    )
    save_themed_kept(shows, draw, out, f"{FIGURES}/{stem}", size, drawn_by=Path(__file__))


def series_style(theme: Theme, index: int) -> tuple[str, Any]:
    """Colour and dash of the ``index``-th curve of a chart of several activations.

    The site's colours of f and f' stay out of it; the foreground colour extends the
    palette by one, and the dash pattern changes too, so that curves read in grey.
    """
    palette = (*theme.cycle, theme.foreground)
    return palette[index % len(palette)], DASHES[index % len(DASHES)]


SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def decade_label(value: float, _position: int) -> str:
    """A power of ten as plain text (10⁻⁶): matplotlib's default label is mathtext,
    whose parser costs more than the rest of a figure."""
    exponent = round(np.log10(value))
    return f"10{str(exponent).translate(SUPERSCRIPT)}"


def log_scale(ax: Any, axis: str, step: int = 1) -> None:
    """A log axis labelled every ``step`` decades, with plain-text labels."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    getattr(ax, f"set_{axis}scale")("log")
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(LogLocator(base=10.0**step))
    target.set_major_formatter(FuncFormatter(decade_label))
    target.set_minor_formatter(NullFormatter())


def class_colours(theme: Theme) -> tuple[str, str]:
    return theme.cycle[3], theme.cycle[4]


# ---------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------


def draw_boundary(ax: Any, grid: np.ndarray, points: np.ndarray, labels: np.ndarray, theme: Theme):
    """Shade each class's region, draw the decision boundary, scatter the data."""
    axis = np.linspace(-experiments.GRID_EXTENT, experiments.GRID_EXTENT, experiments.GRID_SIZE)
    ax.contourf(
        axis,
        axis,
        grid,
        levels=[0.0, 0.5, 1.0],
        colors=class_colours(theme),
        alpha=0.16,
        rasterized=True,
    )
    ax.contour(axis, axis, grid, levels=[0.5], colors=[theme.foreground], linewidths=1.4)
    for label, (color, marker) in enumerate(zip(class_colours(theme), "o^", strict=True)):
        chosen = points[labels == label]
        ax.scatter(chosen[:, 0], chosen[:, 1], s=7, c=color, marker=marker, linewidths=0)
    ax.set_xlim(-experiments.GRID_EXTENT, experiments.GRID_EXTENT)
    ax.set_ylim(-experiments.GRID_EXTENT, experiments.GRID_EXTENT)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color(theme.grid)
    ax.title.set_color(theme.foreground)


def draw_linear_collapse(result: experiments.LinearCollapse, out: Path) -> None:
    def draw(fig: Any, theme: Theme) -> None:
        panels = (
            ("Linear layers only", result.linear_grid, result.linear_accuracy),
            ("Same, ReLU after layer 1", result.relu_grid, result.relu_accuracy),
        )
        for i, (title, grid, acc) in enumerate(panels):
            ax = fig.add_subplot(1, 2, i + 1)
            draw_boundary(ax, grid, result.points, result.labels, theme)
            ax.set_title(f"{title}\n{acc:.0%} of points right")

    save_figure(result, draw, out, "linear-collapse", size=(7.2, 4.0))


def draw_vanishing_gradients(result: experiments.VanishingGradients, out: Path) -> None:
    layers = np.arange(1, result.depth + 1)
    top = max(float(n.max()) for d in result.norms.values() for n in d.values())
    bottom = min(float(n.min()) for d in result.norms.values() for n in d.values())

    def draw(fig: Any, theme: Theme) -> None:
        axes = fig.subplots(1, 2, sharey=True)
        for ax, init in zip(axes, experiments.INITS, strict=True):
            style_axes(ax, theme)
            for i, act in enumerate(experiments.DEEP_ACTIVATIONS):
                colour, dash = series_style(theme, i)
                ax.plot(
                    layers,
                    result.norms[init][act],
                    color=colour,
                    linestyle=dash,
                    linewidth=1.8,
                    label=display(act),
                )
            log_scale(ax, "y", step=3)
            ax.set_ylim(bottom / 10, top * 10)
            ax.set_xlim(1, result.depth)
            ax.set_title(f"{init.capitalize()} initialisation")
            ax.set_xlabel("layer (1 = next to the input)")
        axes[0].set_ylabel("‖∂L/∂W‖ at initialisation")
        legend(axes[1], theme, "right")

    save_figure(result, draw, out, "vanishing-gradients", size=(8.4, 4.0))


def draw_dying_relu(result: experiments.DyingRelu, out: Path) -> None:
    rates = sorted({run.learning_rate for run in result.runs})

    def draw(fig: Any, theme: Theme) -> None:
        axes = fig.subplots(1, len(rates), sharey=True)
        for ax, lr in zip(axes, rates, strict=True):
            style_axes(ax, theme)
            labelled = set()
            for run in (r for r in result.runs if r.learning_rate == lr):
                colour, dash = series_style(
                    theme, experiments.DYING_ACTIVATIONS.index(run.activation)
                )
                ax.plot(
                    100 * run.dead_fraction,
                    color=colour,
                    linestyle=dash,
                    linewidth=1.6,
                    label=None if run.activation in labelled else display(run.activation),
                )
                labelled.add(run.activation)
            ax.set_title(f"learning rate {lr:g}")
            ax.set_xlabel("step")
            ax.set_xlim(0, result.steps)
        axes[0].set_ylim(-2, 100)
        axes[0].set_ylabel("dead hidden units (%)")
        legend(axes[0], theme, "upper left")

    save_figure(result, draw, out, "dying-relu", size=(7.2, 3.6))


def draw_training(result: experiments.TrainingComparison, out: Path) -> None:
    def draw_losses(fig: Any, theme: Theme) -> None:
        ax = fig.add_subplot()
        style_axes(ax, theme)
        for i, act in enumerate(experiments.COMPARED_ACTIVATIONS):
            # The linear baseline in grey; the activations in the palette.
            colour, dash = (theme.muted, ":") if i == 0 else series_style(theme, i - 1)
            ax.plot(
                result.losses[act],
                color=colour,
                linestyle=dash,
                linewidth=1.8,
                label=display(act),
            )
        log_scale(ax, "y")
        ax.set_xlim(0, result.steps)
        ax.set_xlabel("step of gradient descent")
        ax.set_ylabel("cross-entropy loss")
        legend(ax, theme, "right")

    def draw_boundaries(fig: Any, theme: Theme) -> None:
        for i, act in enumerate(experiments.COMPARED_ACTIVATIONS):
            ax = fig.add_subplot(2, 4, i + 1)
            draw_boundary(ax, result.grids[act], result.points, result.labels, theme)
            ax.set_title(f"{display(act)}\n{result.accuracy[act]:.0%}", fontsize=12)

    save_figure(result, draw_losses, out, "training-loss", size=(7.2, 3.6))
    save_figure(result, draw_boundaries, out, "training-boundaries", size=(7.2, 4.4))


def draw_gradient_checks(result: experiments.GradientChecks, out: Path) -> None:
    names = list(result.seed_formula)
    series = (
        ("seed's output-layer formula", [result.seed_formula[n] for n in names], "o"),
        ("backprop, squared error", [result.backprop[n][0] for n in names], "s"),
        ("backprop, cross-entropy", [result.backprop[n][1] for n in names], "^"),
    )

    def draw(fig: Any, theme: Theme) -> None:
        ax = fig.add_subplot()
        style_axes(ax, theme)
        y = np.arange(1, len(names) + 1)  # from 1: style_axes draws a rule at y = 0
        for i, (label, values, marker) in enumerate(series):
            ax.plot(values, y, marker, color=theme.cycle[i], ms=7, label=label)
        ax.axvline(experiments.GRADIENT_TOLERANCE, color=theme.muted, linestyle="--", linewidth=1.4)
        ax.annotate(
            "tolerance",
            (experiments.GRADIENT_TOLERANCE, len(names)),
            xytext=(-6, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            color=theme.foreground,
        )
        log_scale(ax, "x", step=2)
        ax.set_xlim(1e-13, 1e-4)
        ax.set_yticks(y, [display(n) for n in names])
        ax.set_ylim(0.4, len(names) + 0.6)
        ax.invert_yaxis()
        ax.set_xlabel("largest |analytic − finite difference|")
        legend(ax, theme, "above")

    save_figure(result, draw, out, "gradient-checks", size=(7.2, 4.0))


def draw_poisson_fit(result: poisson_experiment.PoissonFit, out: Path) -> None:
    """u and u'' of each network of the figure's width against the exact ones; the
    residual of u'' = g against the width."""
    grid = result.grid
    exact = (poisson_experiment.exact_solution(grid), poisson_experiment.source(grid))

    def draw_fit(fig: Any, theme: Theme) -> None:
        axes = fig.subplots(1, 2)
        for ax, fitted, truth, label in zip(
            axes,
            (result.solutions, result.second_derivatives),
            exact,
            ("u(x)", "u″(x)"),
            strict=True,
        ):
            style_axes(ax, theme)
            ax.plot(grid, truth, color=theme.muted, linewidth=5, alpha=0.45, label="exact")
            for i, act in enumerate(poisson_experiment.ACTIVATIONS):
                colour, dash = series_style(theme, i)
                ax.plot(
                    grid,
                    fitted[act],
                    color=colour,
                    linestyle=dash,
                    linewidth=1.5,
                    label=display(act),
                )
            ax.set_xlim(-1, 1)
            ax.set_xlabel("x")
            ax.set_title(label)
        axes[1].set_ylim(-1.4 * np.pi**2, 1.4 * np.pi**2)
        legend(axes[1], theme, "right")

    def draw_convergence(fig: Any, theme: Theme) -> None:
        ax = fig.add_subplot()
        style_axes(ax, theme)
        for i, act in enumerate(poisson_experiment.ACTIVATIONS):
            colour, dash = series_style(theme, i)
            fits = result.fits[act]
            ax.plot(
                [fit.width for fit in fits],
                [fit.relative_residual for fit in fits],
                color=colour,
                linestyle=dash,
                marker="o",
                ms=4,
                linewidth=1.6,
                label=display(act),
            )
        log_scale(ax, "y", step=2)
        ax.set_xscale("log", base=2)
        widths = poisson_experiment.WIDTHS
        ax.set_xticks(widths, [str(w) for w in widths])
        ax.minorticks_off()
        ax.set_xlabel("hidden units")
        ax.set_ylabel("‖u″ − g‖ / ‖g‖")
        legend(ax, theme, "right")

    drawn = (result, exact)  # the exact curves too, computed here
    save_figure(drawn, draw_fit, out, "second-derivatives-fit", size=(8.4, 3.6))
    save_figure(drawn, draw_convergence, out, "second-derivatives-residual", size=(7.2, 3.6))


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------


def layer_summary(run: experiments.DyingRun, layer: int) -> dict[str, int]:
    """One hidden layer of a dying-ReLU run: its units, deaths, revivals, dead at the end."""
    deaths, revivals = run.deaths_and_revivals(layer)
    in_layer = run.layer_of == layer
    return {
        "units": int(np.sum(in_layer)),
        "deaths": deaths,
        "revivals": revivals,
        "dead_last": int(np.sum(run.dead[-1, in_layer])),
    }


def curve_gap(first: np.ndarray, second: np.ndarray) -> float:
    """The largest factor, as |log|, between two loss curves over the steps both ran."""
    steps = min(len(first), len(second))
    return float(np.max(np.abs(np.log(first[:steps] / second[:steps]))))


def run_linear_collapse(out: Path) -> dict[str, Any]:
    collapse = experiments.linear_collapse()
    draw_linear_collapse(collapse, out)
    return {
        "widths": list(collapse.widths),
        "n_points": collapse.n_points,
        "stack_vs_matrix": collapse.stack_vs_matrix,
        "output_scale": collapse.output_scale,
        "relu_vs_best_affine": collapse.relu_vs_best_affine,
        "relu_output_scale": collapse.relu_output_scale,
        "relu_vs_every_affine": collapse.relu_vs_every_affine,
        "linear_accuracy": collapse.linear_accuracy,
        "relu_accuracy": collapse.relu_accuracy,
        "n_disc_and_ring": len(collapse.points),
        "best_line_accuracy": collapse.best_line_accuracy,
        "relu_edge_probability": collapse.relu_edge_probability,
        "relu_centre_probability": collapse.relu_centre_probability,
    }


def run_vanishing_gradients(out: Path) -> dict[str, Any]:
    vanishing = experiments.vanishing_gradients()
    draw_vanishing_gradients(vanishing, out)
    return {
        "depth": vanishing.depth,
        "width": vanishing.width,
        "batch": vanishing.batch,
        "norms": {
            init: {act: [float(v) for v in norms] for act, norms in by_act.items()}
            for init, by_act in vanishing.norms.items()
        },
        "sigmoid_seeds": list(experiments.SIGMOID_SEEDS),
        "saturated_below": experiments.SATURATED,
        "sigmoid_scales": [
            {
                "variance": variance,
                "ratios": [float(v) for v in vanishing.sigmoid_ratios[variance]],
                "saturated": vanishing.sigmoid_saturated[variance],
            }
            for variance in experiments.SIGMOID_VARIANCES
        ],
    }


def run_dying_relu(out: Path) -> dict[str, Any]:
    dying = experiments.dying_relu()
    draw_dying_relu(dying, out)
    return {
        "widths": list(dying.widths),
        "steps": dying.steps,
        "n_points": dying.n_points,
        "runs": [
            {
                "activation": run.activation,
                "learning_rate": run.learning_rate,
                "seed": run.seed,
                "units": int(run.dead.shape[1]),
                "dead_count_first": int(run.dead[0].sum()),
                "dead_count_last": int(run.dead[-1].sum()),
                "largest_rise": int(np.max(np.diff(run.dead.sum(axis=1)), initial=0)),
                "dead_first": float(run.dead_fraction[0]),
                "dead_last": float(run.dead_fraction[-1]),
                "dead_max": float(run.dead_fraction.max()),
                "negative_last": float(run.negative_fraction[-1]),
                "layers": [layer_summary(run, layer) for layer in range(len(dying.widths) - 2)],
                "loss_first": float(run.losses[0]),
                "loss_last": float(run.losses[-1]),
                "steps_run": len(run.losses),
                "diverged": bool(run.diverged),
            }
            for run in dying.runs
        ],
    }


def run_training_comparison(out: Path) -> dict[str, Any]:
    training = experiments.training_comparison()
    draw_training(training, out)
    return {
        "widths": list(training.widths),
        "steps": training.steps,
        "learning_rate": training.learning_rate,
        "n_points": len(training.points),
        "best_line_accuracy": training.best_line_accuracy,
        "relu_leaky_relu_curve_gap": curve_gap(
            training.losses["relu"], training.losses["leaky_relu"]
        ),
        "runs": {
            act: {
                "init": training.inits[act],
                "loss_first": float(training.losses[act][0]),
                "loss_last": float(training.losses[act][-1]),
                "accuracy": training.accuracy[act],
                "spikes": experiments.spikes(training.losses[act]),
                "straightness": experiments.straightness(training.grids[act]),
                "initial_straightness": training.initial_straightness[act],
            }
            for act in experiments.COMPARED_ACTIVATIONS
        },
    }


def run_gradient_checks(out: Path) -> dict[str, Any]:
    checks = experiments.gradient_checks()
    draw_gradient_checks(checks, out)
    return {
        "tolerance": experiments.GRADIENT_TOLERANCE,
        "seed_formula": checks.seed_formula,
        "backprop_mse": {n: v[0] for n, v in checks.backprop.items()},
        "backprop_cross_entropy": {n: v[1] for n, v in checks.backprop.items()},
        "softmax_cross_entropy": checks.softmax_cross_entropy,
        "largest_gradient": checks.largest_gradient,
    }


def run_poisson_fit(out: Path) -> dict[str, Any]:
    fitted = poisson_experiment.poisson_fit()
    draw_poisson_fit(fitted, out)
    return {
        "seed": fitted.seed,
        "widths": list(poisson_experiment.WIDTHS),
        "figure_width": poisson_experiment.FIGURE_WIDTH,
        "smooth_from_width": poisson_experiment.SMOOTH_FROM_WIDTH,
        "collocation_points": poisson_experiment.COLLOCATION_POINTS,
        "evaluation_points": poisson_experiment.EVALUATION_POINTS,
        "weight_range": poisson_experiment.WEIGHT_RANGE,
        "smooth": list(poisson_experiment.SMOOTH),
        "squared_relu_rate": poisson_experiment.convergence_rate(fitted.fits["squared_relu"]),
        "relu_value_fit_error": fitted.relu_value_fit_error,
        "fits": {
            act: [
                {
                    "width": fit.width,
                    "relative_residual": fit.relative_residual,
                    "residual_norm": fit.residual_norm,
                    "source_norm": fit.source_norm,
                    "solution_error": fit.solution_error,
                    "solution_size": fit.solution_size,
                    "boundary_error": fit.boundary_error,
                    "second_is_zero": fit.second_is_zero,
                }
                for fit in fits
            ]
            for act, fits in fitted.fits.items()
        },
    }


# Every experiment, keyed by its page; the longest first (CPU seconds, about 2, 1, 0.8,
# 0.4, 0.3 and 0.2), so that the two processes running them finish together.
RUNNERS = {
    "training-comparison": run_training_comparison,
    "dying-relu": run_dying_relu,
    "second-derivatives": run_poisson_fit,
    "vanishing-gradients": run_vanishing_gradients,
    "linear-collapse": run_linear_collapse,
    "gradient-checks": run_gradient_checks,
}
PAGE_ORDER = (
    "linear-collapse",
    "vanishing-gradients",
    "dying-relu",
    "training-comparison",
    "gradient-checks",
    "second-derivatives",
)


def _run(page: str, out: Path) -> dict[str, Any]:
    return RUNNERS[page](out)


def generate(out: Path) -> None:
    """Run every experiment, two at a time, and write the numbers in page order.

    The experiments are independent and each seeds its own generator, so running them in
    separate processes changes no bit of their output, and takes half the time on two
    cores. Where processes cannot be forked, they run one after another.
    """
    pages = list(RUNNERS)
    if "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
            summaries = list(pool.map(_run, pages, [out] * len(pages)))
    else:
        summaries = [_run(page, out) for page in pages]
    by_page = dict(zip(pages, summaries, strict=True))
    numbers = {page: by_page[page] for page in PAGE_ORDER}
    path = out / RESULTS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(numbers, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build.main(sys.modules[__name__])
