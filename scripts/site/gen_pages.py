"""Run every build-time generator and hand its files to MkDocs (via mkdocs-gen-files)."""

import importlib

from scripts.shared import build

# Each is a module of scripts/generators/ with generate(out); see scripts/shared/build.py.
GENERATORS = ["figures", "summary_table", "accuracy", "explorer_data", "experiments"]

for name in GENERATORS:
    build.publish(importlib.import_module(f"scripts.generators.{name}"))
