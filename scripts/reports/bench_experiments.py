"""Benchmark (a report, not a test): how long the experiments of the Experiments pages take.

docs/experiments/index.md says that "every experiment on these pages together takes
seconds, not minutes". This prints the CPU seconds of each experiment, as the build runs
it (``scripts/shared/experiments.py``, without drawing its figures), their total, and
whether the total is within the target of 30 s. CPU time, not the wall clock, since a busy
machine stretches the one and not the other.

Usage: ``python -m scripts.reports.bench_experiments``
"""

from __future__ import annotations

import re
import sys
import time

from scripts import ROOT
from scripts.shared import experiments, poisson_experiment

PAGE = ROOT / "docs" / "experiments" / "index.md"
CLAIM = "every experiment on these pages together takes seconds, not minutes"
TARGET_SECONDS = 30.0
RUNS = (
    experiments.linear_collapse,
    experiments.vanishing_gradients,
    experiments.dying_relu,
    experiments.training_comparison,
    experiments.gradient_checks,
    poisson_experiment.poisson_fit,  # the sixth, on the second-derivatives page
)


def claim_line() -> str:
    """``docs/experiments/index.md:LINE`` of the sentence this report measures."""
    text = PAGE.read_text(encoding="utf-8")
    found = re.search(r"\s+".join(map(re.escape, CLAIM.split())), text)
    if not found:
        sys.exit(f"{PAGE.relative_to(ROOT)}: the sentence {CLAIM!r} is gone; update this report")
    return f"{PAGE.relative_to(ROOT)}:{text.count(chr(10), 0, found.start()) + 1}"


def main() -> None:
    print(f"{claim_line()}: {CLAIM!r}")
    print(f"CPU seconds of each experiment, target for the total <= {TARGET_SECONDS:g} s.\n")
    total = 0.0
    for run in RUNS:
        start = time.process_time()
        run()
        spent = time.process_time() - start
        total += spent
        print(f"{run.__name__:<22} {spent:7.2f} s")
    verdict = "meets" if total <= TARGET_SECONDS else "MISSES"
    print(f"{'together':<22} {total:7.2f} s   {verdict} the target of {TARGET_SECONDS:g} s")


if __name__ == "__main__":
    main()
