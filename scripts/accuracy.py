"""Placeholder generator: accuracy (to be written)."""

import sys
from pathlib import Path

import _build


def generate(out: Path) -> None:
    (out / "reference/accuracy.md").parent.mkdir(parents=True, exist_ok=True)
    (out / "reference/accuracy.md").write_text("# accuracy\n\nTo be generated.\n")


if __name__ == "__main__":
    _build.main(sys.modules[__name__])
