"""Build-time and developer code: everything that turns actlib into the site, or reports.

- ``website/``: what ``mkdocs.yml`` names and MkDocs runs: the gen-files entry point, the
  page macros, the math and asset hooks (with the Node scripts they start).
- ``generators/``: one module per generated output (figures, summary table, accuracy
  page, explorer data, experiments), each with ``generate(out)``; MkDocs runs them
  through ``website/gen_pages.py``, and ``python -m scripts.generators.NAME --out DIR``
  runs one by hand.
- ``reports/``: what a developer runs to print figures (``make accuracy``, ``make
  bench``, ``make audit``, ``bench_build``) and the local gzip server.
- ``shared/``: the pieces several of the above use: the generator cache, number
  formatting, plotting, the LaTeX reader, the naive formulas, the experiments.
- ``reference/``: the exact answers that both the tests and the accuracy page use: the
  independent oracles, the ULP measure, the stored mpmath reference and its maker.

One import rule: ``actlib`` and ``scripts`` are packages installed in editable mode
(``pip install -e .``, which ``make`` runs), and everything imports them by full name.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the repository
