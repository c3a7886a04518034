"""Placeholder generator: summary_table (to be written)."""

import sys
from pathlib import Path

import _build


def generate(out: Path) -> None:
    (out / "reference/summary-table.md").parent.mkdir(parents=True, exist_ok=True)
    (out / "reference/summary-table.md").write_text("# summary_table\n\nTo be generated.\n")


if __name__ == "__main__":
    _build.main(sys.modules[__name__])
