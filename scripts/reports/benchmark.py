"""Throughput of actlib's f and f' beside the naive textbook formulas (``make bench``).

A report, not a test: it prints, for every activation and for float64 and float32, the
millions of elements per second of actlib and of the plain NumPy formula in
``scripts/shared/naive.py``, their ratio, and whether actlib meets its target: at most 2x
slower in float64, and 3x in float32, where the naive formula stays in float32 and actlib
computes in float64 and rounds once (with a cheaper float64 form whose error bound is
stated, ``actlib._core.narrow_form_of``, where there is one), except where float32
arithmetic is exact or provably within 1 ulp (``actlib._core.exact`` and ``faithful32``).
Timings are the best of a few repeats (``timeit``), taken in turns, in one process, on
the same inputs. For softmax and log_softmax, f' is the backpropagation product (vjp)
over rows of 1000 logits.
"""

from __future__ import annotations

import argparse
import sys
import time
import timeit
from collections.abc import Callable

import numpy as np

import actlib
from scripts.shared.naive import NAIVE, NAIVE_GATED, NAIVE_VECTOR

# actlib may be at most this many times slower than the naive formula, by dtype
TARGETS = {np.dtype(np.float64): 2.0, np.dtype(np.float32): 3.0}
ROW = 1000  # logits per softmax row


def best_times(calls: list[Callable[[], object]], repeat: int, number: int) -> list[float]:
    """Seconds per call of each: the fastest of ``repeat`` runs of ``number`` calls.

    The clock is this process's CPU time, so other processes on a shared machine do not
    count, and the runs of the different calls take turns, so that what they still
    disturb (caches, memory bandwidth) slows all of them alike.
    """
    best = [float("inf")] * len(calls)
    for _ in range(repeat):
        for i, call in enumerate(calls):
            seconds = timeit.timeit(call, number=number, timer=time.process_time)
            best[i] = min(best[i], seconds / number)
    return best


def silenced(fn: Callable[[], object]) -> Callable[[], object]:
    """The naive formulas may overflow harmlessly; their warnings are not the point here."""

    def call() -> object:
        with np.errstate(all="ignore"):
            return fn()

    return call


def measure(name: str, dtype: type, size: int, repeat: int, number: int) -> list[float]:
    """[actlib f, naive f, actlib f', naive f'] in seconds per call on ``size`` elements."""
    rng = np.random.default_rng(0)
    act = actlib.get(name)
    # Logits and pre-activations of a trained network are mostly within a few units of 0.
    x = (4.0 * rng.standard_normal(size)).astype(dtype)
    if name in NAIVE_VECTOR or name in NAIVE_GATED:
        z = x.reshape(-1, ROW)
        f, vjp = NAIVE_VECTOR.get(name) or NAIVE_GATED[name]
        # the vjp takes g of the output's shape: z's for softmax, half of it for a gated unit
        g = rng.standard_normal(np.shape(f(z))).astype(dtype)
        calls = [
            lambda: act(z),
            silenced(lambda: f(z)),
            lambda: act.vjp(z, g),
            silenced(lambda: vjp(z, g)),
        ]
    else:
        f, df = NAIVE[name]
        calls = [
            lambda: act(x),
            silenced(lambda: f(x)),
            lambda: act.derivative(x),
            silenced(lambda: df(x)),
        ]
    for call in calls:  # warm up: first-touch page faults, lazy imports
        call()
    return best_times(calls, repeat, number)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10**6, help="elements per call")
    parser.add_argument("--repeat", type=int, default=9, help="runs; the best one counts")
    parser.add_argument("--number", type=int, default=3, help="calls per run")
    parser.add_argument("names", nargs="*", help="activations to time (default: all)")
    args = parser.parse_args()
    names = args.names or actlib.names()
    unknown = sorted(set(names) - set(actlib.names()))
    if unknown:
        sys.exit(f"no activation named: {', '.join(unknown)}")
    missing = [n for n in names if n not in NAIVE and n not in NAIVE_VECTOR | NAIVE_GATED]
    names = [n for n in names if n not in missing]
    if args.size % ROW:
        sys.exit(f"--size must be a multiple of {ROW} (the softmax row length)")

    print(f"Throughput in millions of elements per second of CPU time, {args.size:,} elements")
    print(f"per call, best of {args.repeat} runs of {args.number} calls.")
    targets = ", ".join(f"<= {t:g} in {d.name}" for d, t in TARGETS.items())
    print(f"ratio = actlib time / naive time; target: ratio {targets}.")
    print("float32 is computed in float64 and rounded once (by a cheaper float64 form with a")
    print("stated error bound, where there is one) unless float32 arithmetic is exact or")
    print("provably within 1 ulp; the naive formula stays in float32, hence the wider target.\n")
    header = (
        f"{'function':<14} {'dtype':<8} {'f actlib':>9} {'naive':>8} {'ratio':>6} {'':<4}"
        f" {'df actlib':>9} {'naive':>8} {'ratio':>6} {'':<4}"
    )
    print(header)
    print("-" * len(header))
    misses: dict[np.dtype, list[str]] = {dtype: [] for dtype in TARGETS}
    worst: dict[np.dtype, tuple[float, str]] = {dtype: (0.0, "") for dtype in TARGETS}
    for name in names:
        for dtype in (np.float64, np.float32):
            f_ours, f_naive, df_ours, df_naive = measure(
                name, dtype, args.size, args.repeat, args.number
            )
            cells = []
            for what, ours, naive in (("f", f_ours, f_naive), ("f'", df_ours, df_naive)):
                ratio = ours / naive
                rate = args.size / 1e6
                key = np.dtype(dtype)
                worst[key] = max(worst[key], (ratio, f"{name} {what}"))
                verdict = "ok" if ratio <= TARGETS[key] else "SLOW"
                if verdict == "SLOW":
                    misses[key].append(f"{name} {what} ({ratio:.2f}x)")
                cells.append(f"{rate / ours:9.1f} {rate / naive:8.1f} {ratio:6.2f} {verdict:<4}")
            print(f"{name:<14} {np.dtype(dtype).name:<8} {cells[0]} {cells[1]}")
    print()
    if missing:
        print(f"Not timed, no naive formula in scripts/shared/naive.py: {', '.join(missing)}")
    total = 2 * len(names)
    for key, target in TARGETS.items():
        largest = f"the largest ratio is {worst[key][0]:.2f}x ({worst[key][1]})"
        if misses[key]:
            print(
                f"{len(misses[key])} of {total} {key.name} timings miss the target of"
                f" {target:g}x, {largest}: {'; '.join(misses[key])}"
            )
        else:
            print(f"All {total} {key.name} timings meet the target of {target:g}x; {largest}.")


if __name__ == "__main__":
    main()
