"""Run every build-time generator and hand its files to MkDocs (via mkdocs-gen-files)."""

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _build

# Each name is a module in scripts/ with generate(out); see _build.py.
GENERATORS = ["figures", "summary_table", "accuracy", "explorer_data", "experiments"]

for name in GENERATORS:
    _build.publish(importlib.import_module(name))
