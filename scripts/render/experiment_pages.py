"""What the experiment pages print from the experiments' results: their tables, the
sentences that describe each setup, and the numbers their prose quotes.

Every function takes the results (``experiments/results.json``, which
``scripts/generators/experiment_runs.py`` writes and reads back) as an argument, so this
module never runs an experiment. A page prints them through the macros, as it prints
every other number::

    {{ experiment_table("dying-relu", "layers") }}
    {{ experiment("linear-collapse", "best_line_accuracy") }}

The prose around the tables is hand-written; ``tests/website/test_experiments.py`` holds
each of its sentences to the same results.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

import actlib
from scripts.shared import experiments
from scripts.shared.formatting import latex_continuity, latex_number
from scripts.shared.formatting import number as format_number

Results = dict[str, Any]


# ---------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------


def sci(value: float, digits: int = 2) -> str:
    """A small or large number to ``digits`` significant digits, as inline math."""
    return f"${latex_number(float(f'{value:.{digits}g}'))}$"


def percent(fraction: float) -> str:
    return f"{format_number(100 * fraction, digits=0)}%"


def name(activation: str) -> str:
    return actlib.get(activation).display_name


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def widths(values: Sequence[int]) -> str:
    return " → ".join(map(str, values))


# ---------------------------------------------------------------------------
# The pages' tables and setup sentences, one function each, on one page's results
# ---------------------------------------------------------------------------


def linear_collapse(r: Results) -> str:
    return table(
        ["Measured", "Value"],
        [
            ["Layer widths", widths(r["widths"])],
            [
                f"Largest \\|stack(x) − (xW + b)\\| over {r['n_points']} random inputs",
                sci(r["stack_vs_matrix"]),
            ],
            [
                "Largest \\|stack(x)\\| (the size of the outputs)",
                format_number(r["output_scale"], 2),
            ],
            [
                "Largest \\|network − best affine fit\\|, ReLU after layer 1",
                format_number(r["relu_vs_best_affine"], 2),
            ],
            [
                "Largest \\|network(x)\\|, ReLU after layer 1",
                format_number(r["relu_output_scale"], 2),
            ],
            [
                "Largest \\|network − affine map\\| is at least this, for every affine map, "
                "ReLU after layer 1 (the best fit's root-mean-square gap)",
                format_number(r["relu_vs_every_affine"], 2),
            ],
            ["Disc and ring: points right, linear layers only", percent(r["linear_accuracy"])],
            [
                "Disc and ring: points right, the best straight line (exhaustive search)",
                percent(r["best_line_accuracy"]),
            ],
            ["Disc and ring: points right, ReLU after layer 1", percent(r["relu_accuracy"])],
        ],
    )


def vanishing_gradients(r: Results) -> str:
    depth = r["depth"]
    rows = []
    for init, by_act in r["norms"].items():
        for act, norms in by_act.items():
            ratio = norms[0] / norms[-1]
            rows.append([name(act), init.capitalize(), sci(norms[0]), sci(norms[-1]), sci(ratio)])
    header = ["Activation", "Initialisation", "Layer 1", f"Layer {depth}"]
    return table([*header, f"Layer 1 ÷ layer {depth}"], rows)


def sigmoid_scales(r: Results) -> str:
    """Sigmoid's first/last ratio over the seeds, for each weight variance tried."""
    rows = [
        [
            f"{format_number(scale['variance'])} / n",
            sci(min(scale["ratios"])),
            sci(max(scale["ratios"])),
            percent(scale["saturated"]),
        ]
        for scale in r["sigmoid_scales"]
    ]
    seeds = len(r["sigmoid_seeds"])
    return table(
        [
            "Weight variance",
            f"Layer 1 ÷ layer {r['depth']}, smallest of {seeds} seeds",
            "largest",
            f"Saturated: σ′(z) below {percent(r['saturated_below'])} of its peak",
        ],
        rows,
    )


def vanishing_setup(r: Results) -> str:
    return (
        f"{r['depth']} hidden layers of {r['width']} units and a linear output unit; "
        f"a batch of {r['batch']} inputs drawn from a standard normal distribution, "
        "random targets, the squared-error loss."
    )


def _by_seed(values: Sequence[str]) -> str:
    return " · ".join(values)


def dying_relu(r: Results) -> str:
    rows = []
    runs = r["runs"]
    keys = sorted({(run["learning_rate"], run["activation"]) for run in runs}, key=_run_order)
    for lr, act in keys:
        group = [run for run in runs if run["learning_rate"] == lr and run["activation"] == act]
        rows.append(
            [
                format_number(lr),
                name(act),
                _by_seed([percent(run["dead_first"]) for run in group]),
                _by_seed([percent(run["dead_last"]) for run in group]),
                _by_seed([percent(run["negative_last"]) for run in group]),
                _by_seed([_loss(run) for run in group]),
            ]
        )
    return table(
        [
            "Learning rate",
            "Activation",
            "Dead at step 0",
            f"Dead at step {r['steps']}",
            "Negative on every example at the end",
            "Final loss",
        ],
        rows,
    )


def dying_layers(r: Results) -> str:
    """ReLU's deaths and revivals, layer by layer, for every learning rate and seed."""
    rows = []
    for run in sorted(
        (run for run in r["runs"] if run["activation"] == "relu"),
        key=lambda run: (run["learning_rate"], run["seed"]),
    ):
        row = [format_number(run["learning_rate"]), str(run["seed"])]
        for layer in run["layers"]:
            row += [
                f"{layer['deaths']} / {layer['revivals']}",
                f"{layer['dead_last']} of {layer['units']}",
            ]
        rows.append(row)
    header = ["Learning rate", "Seed"]
    for number in range(1, len(r["widths"]) - 1):
        header += [f"Layer {number}: deaths / revivals", f"Layer {number}: dead at the end"]
    return table(header, rows)


def _run_order(key: tuple[float, str]) -> tuple[float, int]:
    lr, act = key
    return lr, list(experiments.DYING_ACTIVATIONS).index(act)


def _loss(run: dict[str, Any]) -> str:
    text = format_number(run["loss_last"], 2)
    return f"{text} (unstable)" if run["diverged"] else text


def dying_setup(r: Results) -> str:
    seeds = sorted({run["seed"] for run in r["runs"]})
    return (
        f"An MLP of widths {widths(r['widths'])}, He initialisation, trained by full-batch "
        f"gradient descent on softmax cross-entropy for {r['steps']} steps on "
        f"{r['n_points']} points of two spirals, from {len(seeds)} random initialisations "
        f"(seeds {', '.join(map(str, seeds))}: each cell lists them in that order)."
    )


def training_comparison(r: Results) -> str:
    rows = [
        [
            name(act),
            run["init"].capitalize(),
            format_number(run["loss_first"], 3),
            format_number(run["loss_last"], 3),
            percent(run["accuracy"]),
        ]
        for act, run in r["runs"].items()
    ]
    header = ["Activation", "Initialisation", "Loss at step 0", f"Loss at step {r['steps']}"]
    return table([*header, "Accuracy"], rows)


def training_setup(r: Results) -> str:
    return (
        f"An MLP of widths {widths(r['widths'])}, trained by full-batch gradient descent "
        f"on softmax cross-entropy, learning rate {format_number(r['learning_rate'])}, "
        f"{r['steps']} steps, on {r['n_points']} points of two spirals. Every network "
        "starts from the same random seed."
    )


def gradient_checks(r: Results) -> str:
    rows = [
        [
            name(act),
            sci(r["seed_formula"][act]),
            sci(r["backprop_mse"][act]),
            sci(r["backprop_cross_entropy"][act]),
        ]
        for act in r["seed_formula"]
    ]
    return table(
        [
            "Activation g",
            "Seed's formula (output layer)",
            "Backprop, squared error",
            "Backprop, cross-entropy",
        ],
        rows,
    )


def softmax_check(r: Results) -> str:
    return (
        f"The largest difference between $s - y$ and the finite differences of the "
        f"cross-entropy is {sci(r['softmax_cross_entropy'])}. Across every check on this "
        f"page, the largest difference is {sci(_worst(r))}, against a tolerance of "
        f"{sci(r['tolerance'])}, on gradients as large as "
        f"{format_number(r['largest_gradient'], 2)}."
    )


def _worst(r: dict[str, Any]) -> float:
    tables = (r["seed_formula"], r["backprop_mse"], r["backprop_cross_entropy"])
    return max([r["softmax_cross_entropy"], *(v for t in tables for v in t.values())])


def poisson_fits(r: Results) -> str:
    """For each activation, the residual of u'' = g at every other width (the figure above
    has them all; nine columns would not fit the text), and the error of u at the widest."""
    shown = r["widths"][::2] + ([] if len(r["widths"]) % 2 else r["widths"][-1:])
    rows = [
        [
            name(act),
            f"${latex_continuity(actlib.get(act).continuity)}$",
            *(sci(fit["relative_residual"]) for fit in fits if fit["width"] in shown),
            sci(fits[-1]["solution_error"]),
        ]
        for act, fits in r["fits"].items()
    ]
    return table(
        ["Activation", "f is", *(f"N = {width}" for width in shown), "error of u"],
        rows,
    )


def poisson_setup(r: Results) -> str:
    return (
        f"Hidden widths N = {', '.join(map(str, r['widths']))}, each network the first N "
        f"units of one draw (seed {r['seed']}): weights uniform in "
        f"[−{format_number(r['weight_range'])}, {format_number(r['weight_range'])}], each "
        f"unit's centre uniform in [−1, 1]. The residual is fitted at {r['collocation_points']} "
        f"evenly spaced points and measured, with the error of u, at {r['evaluation_points']}."
    )


def _decade_above(value: float) -> float:
    """The smallest power of ten at or above ``value``."""
    return 10.0 ** np.ceil(np.log10(value))


def _smooth_bound(r: Results, measure: str) -> float:
    """A power of ten above ``measure`` of every smooth activation from the width the page
    names."""
    return _decade_above(
        max(
            fit[measure]
            for act in r["smooth"]
            for fit in r["fits"][act]
            if fit["width"] >= r["smooth_from_width"]
        )
    )


def smooth_residual_bound(r: Results) -> float:
    """A power of ten above every smooth activation's residual from the width the page names."""
    return _smooth_bound(r, "relative_residual")


def smooth_error_bound(r: Results) -> float:
    """A power of ten above every smooth activation's max |u - sin(pi x)| from that width."""
    return _smooth_bound(r, "solution_error")


def orders_below_squared_relu(r: Results) -> int:
    """Whole orders of magnitude between squared ReLU's residual at the widest network and
    the smooth activations' bound."""
    return int(
        np.floor(
            np.log10(r["fits"]["squared_relu"][-1]["relative_residual"] / smooth_residual_bound(r))
        )
    )


# The tables, by page and name: {{ experiment_table("page", "name") }}
TABLES: dict[str, dict[str, Callable[[Results], str]]] = {
    "linear-collapse": {"measured": linear_collapse},
    "vanishing-gradients": {"norms": vanishing_gradients, "sigmoid_scales": sigmoid_scales},
    "dying-relu": {"runs": dying_relu, "layers": dying_layers},
    "training-comparison": {"runs": training_comparison},
    "gradient-checks": {"errors": gradient_checks},
    "second-derivatives": {"fits": poisson_fits},
}


# ---------------------------------------------------------------------------
# Text quoted in the pages' sentences: {{ experiment("page", "key") }}
# ---------------------------------------------------------------------------


def _runs_at(r: dict[str, Any], activation: str, large: bool) -> list[dict[str, Any]]:
    """The dying-ReLU runs of one activation at the smallest or the largest learning rate."""
    rate = (max if large else min)(run["learning_rate"] for run in r["runs"])
    return [
        run for run in r["runs"] if run["activation"] == activation and run["learning_rate"] == rate
    ]


def balanced_sigmoid(r: dict[str, Any]) -> dict[str, Any]:
    """The sigmoid weight scale whose first/last ratios sit closest to 1 (in log) over the seeds."""
    return min(
        r["sigmoid_scales"],
        key=lambda scale: abs(float(np.median(np.log10(scale["ratios"])))),
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# A number a sentence quotes, or a whole sentence (a setup: sizes, steps, seeds).
QUOTED: dict[str, dict[str, Callable[[Results], str]]] = {
    "linear-collapse": {
        "stack_vs_matrix": lambda r: sci(r["stack_vs_matrix"]),
        "ulps": lambda r: str(round(r["stack_vs_matrix"] / float(np.spacing(r["output_scale"])))),
        "linear_accuracy": lambda r: percent(r["linear_accuracy"]),
        "best_line_accuracy": lambda r: percent(r["best_line_accuracy"]),
        "relu_accuracy": lambda r: percent(r["relu_accuracy"]),
        "n_points": lambda r: str(r["n_disc_and_ring"]),
        "relu_vs_every_affine": lambda r: format_number(r["relu_vs_every_affine"], 2),
    },
    "vanishing-gradients": {
        "setup": vanishing_setup,
        "tanh_xavier_ratio": lambda r: format_number(
            r["norms"]["xavier"]["tanh"][0] / r["norms"]["xavier"]["tanh"][-1], 2
        ),
        "balanced_variance": lambda r: format_number(balanced_sigmoid(r)["variance"]),
        # two significant digits, as the table above the sentence prints them
        "balanced_ratio_low": lambda r: f"{min(balanced_sigmoid(r)['ratios']):.2g}",
        "balanced_ratio_high": lambda r: f"{max(balanced_sigmoid(r)['ratios']):.2g}",
        "balanced_saturated": lambda r: percent(balanced_sigmoid(r)["saturated"]),
        "seeds": lambda r: str(len(r["sigmoid_seeds"])),
        "depth": lambda r: str(r["depth"]),
        "saturated_below": lambda r: percent(r["saturated_below"]),
    },
    "dying-relu": {
        "setup": dying_setup,
        "small_dead_at_start": lambda r: _count(
            sum(run["dead_count_first"] for run in _runs_at(r, "relu", large=False)), "unit"
        ),
        "small_deaths": lambda r: str(
            sum(sum(lay["deaths"] for lay in run["layers"]) for run in _runs_at(r, "relu", False))
        ),
        "small_revivals": lambda r: str(
            sum(sum(lay["revivals"] for lay in run["layers"]) for run in _runs_at(r, "relu", False))
        ),
        "small_dead_most": lambda r: percent(
            max(run["dead_last"] for run in _runs_at(r, "relu", large=False))
        ),
        "large_dead_least": lambda r: percent(
            min(run["dead_last"] for run in _runs_at(r, "relu", large=True))
        ),
        "large_dead_most": lambda r: percent(
            max(run["dead_last"] for run in _runs_at(r, "relu", large=True))
        ),
        "large_leaky_negative_most": lambda r: percent(
            max(run["negative_last"] for run in _runs_at(r, "leaky_relu", large=True))
        ),
        "small_rate": lambda r: format_number(min(run["learning_rate"] for run in r["runs"])),
        "large_rate": lambda r: format_number(max(run["learning_rate"] for run in r["runs"])),
    },
    "training-comparison": {
        "setup": training_setup,
        "best_line_accuracy": lambda r: percent(r["best_line_accuracy"]),
        "relu_leaky_relu_curve_gap": lambda r: format_number(
            float(np.exp(r["relu_leaky_relu_curve_gap"])), 0
        ),
    },
    "gradient-checks": {
        "summary": softmax_check,
    },
    "second-derivatives": {
        "setup": poisson_setup,
        "widest": lambda r: str(max(r["widths"])),
        "figure_width": lambda r: str(r["figure_width"]),
        "relu_value_fit_error": lambda r: sci(r["relu_value_fit_error"]),
        "squared_relu_rate": lambda r: format_number(r["squared_relu_rate"], 2),
        "squared_relu_widest": lambda r: sci(r["fits"]["squared_relu"][-1]["relative_residual"]),
        "smooth_from_width": lambda r: str(r["smooth_from_width"]),
        "smooth_residual_bound": lambda r: sci(smooth_residual_bound(r)),
        "smooth_error_bound": lambda r: sci(smooth_error_bound(r)),
        "orders_below_squared_relu": lambda r: str(orders_below_squared_relu(r)),
    },
}


def _pick(
    registry: dict[str, dict[str, Callable[[Results], str]]], macro: str, page: str, key: str
) -> Callable[[Results], str]:
    """The function ``{{ macro(page, key) }}`` prints; a KeyError listing the valid keys
    (which fails the build) for a page or key the registry does not have."""
    if page not in registry or key not in registry[page]:
        known = "; ".join(f"{p}: {', '.join(keys)}" for p, keys in registry.items())
        raise KeyError(f"{macro}({page!r}, {key!r}): no such key; known: {known}")
    return registry[page][key]


def page_table(results: Results, page: str, name: str) -> str:
    """One table of an experiment page, as Markdown, from every experiment's ``results``.

    The pages call it as ``{{ experiment_table("dying-relu", "layers") }}``.
    """
    return _pick(TABLES, "experiment_table", page, name)(results[page])


def quoted(results: Results, page: str, key: str) -> str:
    """One number (or setup sentence) of an experiment, for a sentence of its page, from
    every experiment's ``results``.

    The pages call it as ``{{ experiment("linear-collapse", "best_line_accuracy") }}``;
    the tests hold the sentence around it to the same results.
    """
    return _pick(QUOTED, "experiment", page, key)(results[page])
