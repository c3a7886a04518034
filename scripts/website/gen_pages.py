"""Run every build-time generator and hand its files to MkDocs (via mkdocs-gen-files)."""

import importlib

from scripts.generators import GENERATORS
from scripts.shared import build

for name in GENERATORS:
    build.publish(importlib.import_module(f"scripts.generators.{name}"))
