"""Run one of the browser modules' Node tests against reference values actlib computes now.

``run_node_test("model.test.mjs", reference)`` writes ``reference`` (NumPy arrays become
lists) as JSON to a temporary file, runs ``node --test`` on ``tests/modules/model.test.mjs``
with that file's path in the environment variable ``ACTLIB_REFERENCE``, and fails with
Node's whole output unless every Node test ran and passed (none skipped, at least one).
The ``.mjs`` files read it with ``loadReference()`` from ``reference.mjs``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
TIMEOUT_SECONDS = 120


def _plain(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"the reference holds a {type(value).__name__}, which JSON cannot hold")


def run_node_test(name: str, reference: dict[str, Any]) -> str:
    """Run ``tests/modules/<name>`` under ``node --test``; return its output if it passed.

    NaN and infinities are refused (JSON has none), so a reference that overflowed fails
    here, by name, rather than in Node as a parse error.
    """
    test_file = HERE / name
    if not test_file.is_file():
        raise FileNotFoundError(f"no Node test {test_file}")
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not on PATH: the browser modules' tests need Node 20 or later")
    with tempfile.TemporaryDirectory(prefix="actlib-reference-") as folder:
        path = Path(folder) / "reference.json"
        path.write_text(json.dumps(reference, default=_plain, allow_nan=False))
        result = subprocess.run(
            [node, "--test", "--test-reporter=spec", str(test_file)],
            env={**os.environ, "ACTLIB_REFERENCE": str(path), "NODE_NO_WARNINGS": "1"},
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise AssertionError(f"node --test {name} failed (exit {result.returncode}):\n{output}")
    # The spec reporter's summary: a file that ran no test, or skipped one, has not passed.
    counts = dict(re.findall(r"^ℹ (tests|pass|skipped|todo) (\d+)$", output, re.MULTILINE))
    if int(counts.get("pass", 0)) == 0 or counts.get("pass") != counts.get("tests"):
        raise AssertionError(f"node --test {name} ran {counts} (not all passed):\n{output}")
    return output
