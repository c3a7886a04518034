"""docs/javascripts/playground/random.js under Node, against mulberry32 and Box-Muller
written here from their definitions (Tommy Ettinger's mulberry32, 2017; Box and Muller,
1958), so that the seeded datasets, initial weights and mini-batches are the generator they
say they are."""

from __future__ import annotations

import math

import numpy as np

from tests.modules.node_runner import run_node_test

MASK = 0xFFFFFFFF


def imul(a: int, b: int) -> int:
    """JavaScript's Math.imul: the low 32 bits of the product."""
    return (a * b) & MASK


def mulberry32(seed: int, count: int) -> list[float]:
    state = seed & MASK
    out = []
    for _ in range(count):
        state = (state + 0x6D2B79F5) & MASK
        t = imul(state ^ (state >> 15), state | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & MASK
        out.append(((t ^ (t >> 14)) & MASK) / 2**32)
    return out


def box_muller(uniform: list[float]) -> list[float]:
    """Two normals per pair (u1, u2): r cos(2 pi u2), then r sin(2 pi u2),
    where r = sqrt(-2 ln(1 - u1))."""
    out = []
    for u1, u2 in zip(uniform[::2], uniform[1::2], strict=True):
        r = math.sqrt(-2 * math.log(1 - u1))
        out += [r * math.cos(2 * math.pi * u2), r * math.sin(2 * math.pi * u2)]
    return out


def test_generators_match_their_definitions() -> None:
    seeds = [1, 7, 12345, 99999, 2**32 - 1, 0x5BD1E995 ^ 3]
    uniform = {str(seed): mulberry32(seed, 1000) for seed in seeds}
    normal = box_muller(mulberry32(42, 20000))
    assert 0.98 < np.std(normal) < 1.02 and abs(np.mean(normal)) < 0.02
    run_node_test(
        "random.test.mjs",
        {"uniform": uniform, "normalSeed": 42, "normal": normal},
    )
