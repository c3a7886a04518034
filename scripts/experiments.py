"""Placeholder generator: experiments (to be written)."""

import sys
from pathlib import Path

import _build


def generate(out: Path) -> None:
    pass


if __name__ == "__main__":
    _build.main(sys.modules[__name__])
