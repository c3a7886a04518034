"""Fixtures of the Node tests.

``explorer_data_script`` (session): the path of javascripts/explorer-data.js as the build
writes it from actlib (scripts/generators/explorer_data.py), in a temporary folder: the
registry data lib/formulas.js's ``createFormulas`` takes. A Node test gets it by putting
the path in its reference (``"explorerData": str(explorer_data_script)``) and calling
``loadRegistry(reference.explorerData)`` from reference.mjs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.generators import explorer_data


@pytest.fixture(scope="session")
def explorer_data_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("explorer-data")
    explorer_data.generate(out)
    return out / explorer_data.TARGET
