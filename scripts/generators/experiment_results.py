"""The experiments' numbers as Markdown, for the experiment pages.

A page prints them from a hidden markdown-exec block::

    ```python exec="on"
    from scripts.generators import experiment_results
    print(experiment_results.linear_collapse())
    ```

Every number comes from ``experiments/results.json``, which the experiments generator
wrote into the build cache; reading it never reruns an experiment unless actlib or the
experiments changed. The prose around the tables is hand-written; the tests check that
what it says of the results holds.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import actlib
from scripts.generators import experiments
from scripts.shared import build
from scripts.shared import experiments as ex
from scripts.shared.formatting import latex_number
from scripts.shared.formatting import number as format_number


def results() -> dict[str, Any]:
    """Every experiment's numbers, from the generator's cached output.

    Read afresh on every call (a small file, and the cache key is cheap to compute), so
    that under ``mkdocs serve`` a page never shows numbers older than its figures.
    """
    path = build.build(experiments) / experiments.RESULTS
    return json.loads(path.read_text(encoding="utf-8"))


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
# One function per page
# ---------------------------------------------------------------------------


def linear_collapse() -> str:
    r = results()["linear-collapse"]
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
            ["Disc and ring: points right, linear layers only", percent(r["linear_accuracy"])],
            ["Disc and ring: points right, ReLU after layer 1", percent(r["relu_accuracy"])],
        ],
    )


def vanishing_gradients() -> str:
    r = results()["vanishing-gradients"]
    depth = r["depth"]
    rows = []
    for init, by_act in r["norms"].items():
        for act, norms in by_act.items():
            ratio = norms[0] / norms[-1]
            rows.append([name(act), init.capitalize(), sci(norms[0]), sci(norms[-1]), sci(ratio)])
    header = ["Activation", "Initialisation", "Layer 1", f"Layer {depth}"]
    return table([*header, f"Layer 1 ÷ layer {depth}"], rows)


def vanishing_setup() -> str:
    r = results()["vanishing-gradients"]
    return (
        f"{r['depth']} hidden layers of {r['width']} units and a linear output unit; "
        f"a batch of {r['batch']} inputs drawn from a standard normal distribution, "
        "random targets, the squared-error loss."
    )


def _by_seed(values: Sequence[str]) -> str:
    return " · ".join(values)


def dying_relu() -> str:
    r = results()["dying-relu"]
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


def dying_layers() -> str:
    """ReLU's deaths and revivals, layer by layer, for every learning rate and seed."""
    r = results()["dying-relu"]
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
    return lr, list(ex.DYING_ACTIVATIONS).index(act)


def _loss(run: dict[str, Any]) -> str:
    text = format_number(run["loss_last"], 2)
    return f"{text} (unstable)" if run["diverged"] else text


def dying_setup() -> str:
    r = results()["dying-relu"]
    seeds = sorted({run["seed"] for run in r["runs"]})
    return (
        f"An MLP of widths {widths(r['widths'])}, He initialisation, trained by full-batch "
        f"gradient descent on softmax cross-entropy for {r['steps']} steps on "
        f"{r['n_points']} points of two spirals, from {len(seeds)} random initialisations "
        f"(seeds {', '.join(map(str, seeds))}: each cell lists them in that order)."
    )


def training_comparison() -> str:
    r = results()["training-comparison"]
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


def training_setup() -> str:
    r = results()["training-comparison"]
    return (
        f"An MLP of widths {widths(r['widths'])}, trained by full-batch gradient descent "
        f"on softmax cross-entropy, learning rate {format_number(r['learning_rate'])}, "
        f"{r['steps']} steps, on {r['n_points']} points of two spirals. Every network "
        "starts from the same random seed."
    )


def gradient_checks() -> str:
    r = results()["gradient-checks"]
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


def softmax_check() -> str:
    r = results()["gradient-checks"]
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
