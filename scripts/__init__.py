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

import os
from pathlib import Path

# NumPy's OpenBLAS starts a thread per core. The build runs its generators two at a time,
# and the tests run two workers, on a 2-core machine: there a second BLAS thread only waits
# and spins, and the experiments took three times as long (the experiments generator 15.7 s
# of wall time, against 5.2 s with one thread). With one thread, a least-squares fit also
# no longer depends on how many cores the machine has. OpenBLAS reads this when NumPy is
# first imported, which is after this package is (a hook or conftest.py imports it first);
# a setting of one's own is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]  # the repository
