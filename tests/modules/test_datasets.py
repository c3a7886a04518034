"""docs/javascripts/playground/datasets.js under Node.

The regression datasets' targets and the seven input features are computed here in NumPy,
from TensorFlow Playground's definitions (src/dataset.ts and the INPUTS of src/playground.ts,
at tensorflow/playground 02469bd) scaled from its plane of half-width 6 to the
playground's, and datasets.test.mjs holds the JavaScript to them; the same file tests the
seeded datasets, the noise on the points' positions, and the CSV parser's answers to good
and bad text.
"""

from __future__ import annotations

import numpy as np

from tests.modules.node_runner import run_node_test

# datasets.js's EXTENT (the plane is [-EXTENT, EXTENT]^2); the Node test checks the two agree.
EXTENT = 1.2
# TensorFlow Playground's plane has half-width 6: its lengths are scaled by this.
SCALE = EXTENT / 6


def plane_target(x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    """regressPlane: x + y mapped linearly from [-10, 10] to [-1, 1] (in its units)."""
    return (x1 + x2) / SCALE / 10


def bumps_target(x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    """regressGaussian: six cones of height +-1 at (+-4 or 0, +-2.5), falling to 0 at a
    distance of 2 (in its units); at each point the one largest in size."""
    centres = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]
    heights = np.stack(
        [
            sign * np.clip(1 - np.hypot(x1 / SCALE - cx, x2 / SCALE - cy) / 2, 0, 1)
            for cx, cy, sign in centres
        ]
    )
    winner = np.argmax(np.abs(heights), axis=0)
    return np.take_along_axis(heights, winner[None], axis=0)[0]


def features(x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    """The seven inputs, in TensorFlow Playground's order, its sin x at its scale."""
    sine_scale = 6 / EXTENT  # sin x on a plane of half-width 6 is sin 5x on this one
    return np.stack(
        [x1, x2, x1**2, x2**2, x1 * x2, np.sin(sine_scale * x1), np.sin(sine_scale * x2)], axis=1
    )


def test_datasets_match_their_definitions() -> None:
    rng = np.random.default_rng(40)
    points = rng.uniform(-EXTENT, EXTENT, size=(200, 2))
    # The cones' centres and rims are where a mistake in the scaling shows most.
    centres = np.array([[-0.8, 0.5], [0, 0.5], [0.8, -0.5], [0.2, 0.5], [0.4, -0.5]])
    points = np.vstack([points, centres])
    x1, x2 = points[:, 0], points[:, 1]
    reference = {
        "extent": EXTENT,
        "points": points,
        "plane": plane_target(x1, x2),
        "bumps": bumps_target(x1, x2),
        "features": features(x1, x2),
        "featureNames": ["x1", "x2", "x1Squared", "x2Squared", "x1TimesX2", "sinX1", "sinX2"],
    }
    assert np.ptp(reference["bumps"]) > 1.5, "the points miss the bumps"
    run_node_test("datasets.test.mjs", reference)
