"""docs/javascripts/playground/export.js: the exported network reproduces the page's outputs.

export.test.mjs trains small networks with model.js (f and f' from lib/formulas.js, as the
page does), and writes for each its JSON, its Python snippet and its outputs at some
points. Here, as a reader would: each snippet runs as a script, and its ``predict`` (and
``probability``) give the page's outputs to 1e-12 relative; the JSON, read with actlib.nn
and NumPy features written here, gives them too. Every element-wise activation of the
registry is exported once, at its default parameters, so that each one's parameters reach
actlib.get(name)(x, **params) as Python literals.
"""

from __future__ import annotations

import json
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import actlib
from actlib import nn
from tests.modules.node_runner import run_node_test
from tests.modules.test_datasets import features as all_features
from tests.registry_cases import ELEMENTWISE

FEATURE_NAMES = ["x1", "x2", "x1Squared", "x2Squared", "x1TimesX2", "sinX1", "sinX2"]
RELATIVE = 1e-12


def network(name_params: list[tuple[str, dict[str, Any]]], features: list[str], task: str):
    return {
        "activations": [
            {"name": name, "params": {**actlib.get(name).defaults, **params}}
            for name, params in name_params
        ],
        "features": features,
        "task": task,
    }


CASES = [
    network(
        [("tanh", {}), ("elu", {"alpha": 0.5}), ("gelu", {"approximate": "tanh"})],
        FEATURE_NAMES,
        "classification",
    ),
    network([("relu", {}), ("leaky_relu", {"negative_slope": 0.2})], ["x1", "x2"], "regression"),
    network([("silu", {})], ["x1Squared", "x2Squared"], "classification"),
    *[network([(name, {})], ["x1", "sinX2"], "regression") for name in ELEMENTWISE],
]


def close(label: str, got: np.ndarray, want: np.ndarray) -> None:
    # Relative to the largest output: NumPy's sine and the browser's may differ by an ulp,
    # and an output near 0 made by cancellation keeps that error in absolute terms.
    scale = np.max(np.abs(want))
    bad = ~(np.abs(got - want) <= RELATIVE * scale)
    assert not bad.any(), (
        f"{label}: {int(bad.sum())} of {bad.size} outputs differ by more than {RELATIVE} "
        f"times the largest output ({scale:.3g}); first at {int(np.argmax(bad))}: "
        f"Python {got[bad][0]!r}, page {want[bad][0]!r}"
    )


@pytest.fixture(scope="module")
def exported(explorer_data_script: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    rng = np.random.default_rng(50)
    reference = {
        "explorerData": str(explorer_data_script),
        "outDir": str(out),
        "cases": CASES,
        "train": rng.uniform(-1.2, 1.2, size=(40, 2)),
        "points": rng.uniform(-1.2, 1.2, size=(25, 2)),
    }
    run_node_test("export.test.mjs", reference)
    return out


def test_snippets_run_as_scripts(exported: Path) -> None:
    """The first two, as a reader runs them: `python network.py` prints two outputs."""
    for index in range(2):
        result = subprocess.run(
            [sys.executable, str(exported / f"{index}.py")],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, f"snippet {index} failed:\n{result.stderr}"
        assert len(result.stdout.split()) >= 2, result.stdout


@pytest.mark.parametrize("index", range(len(CASES)))
def test_snippet_and_json_reproduce_the_outputs(exported: Path, index: int) -> None:
    case = CASES[index]
    label = f"{index}: {[a['name'] for a in case['activations']]} {case['task']}"
    page = json.loads((exported / f"{index}.outputs.json").read_text())
    points, want = np.array(page["points"]), np.array(page["outputs"])
    assert want.shape == (len(points),) and np.all(np.isfinite(want)), label

    snippet = runpy.run_path(str(exported / f"{index}.py"), run_name="snippet")
    close(f"{label} snippet predict", np.asarray(snippet["predict"](points)), want)
    if case["task"] == "classification":
        probability = np.asarray(snippet["probability"](points))
        np.testing.assert_allclose(probability, 1 / (1 + np.exp(-want)), rtol=1e-12)
    else:
        assert "probability" not in snippet

    saved = json.loads((exported / f"{index}.json").read_text())
    assert saved["format"] == "actlib-playground-network" and saved["task"] == case["task"]
    assert saved["features"] == case["features"]
    assert saved["activations"] == case["activations"]
    net = nn.MLP.from_weights(
        saved["weights"],
        saved["biases"],
        [(a["name"], a["params"]) for a in saved["activations"]],
    )
    columns = [FEATURE_NAMES.index(name) for name in saved["features"]]
    inputs = all_features(points[:, 0], points[:, 1])[:, columns]
    close(f"{label} JSON with actlib.nn", net(inputs)[:, 0], want)
