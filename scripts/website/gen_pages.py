"""Run every build-time generator and hand its files to MkDocs (via mkdocs-gen-files).

The stale generators run in parallel (``scripts/shared/build.py``); actlib's properties are
kept from build to build (``scripts/shared/cache.py``), for the generators and the pages.
"""

from scripts.generators import GENERATORS
from scripts.shared import build, cache

# The longest first, so that two processes finish together: CPU seconds of each in a clean
# build, measured on the 2-core build machine, are about 7 over two processes of its own
# and SVGO's 1 (experiment_runs), 4 and SVGO's 2 (figures), 3 (explorer_data, reading
# LaTeX), 1 and SVGO's 1 (accuracy), and nothing once the properties are known
# (summary_table).
LONGEST_FIRST = ["experiment_runs", "figures", "explorer_data", "accuracy", "summary_table"]
if sorted(LONGEST_FIRST) != sorted(GENERATORS):
    raise RuntimeError(f"scripts/website/gen_pages.py: LONGEST_FIRST must name {GENERATORS}")

cache.keep_properties()
# By name: a generator whose output is cached is never imported (explorer_data imports SymPy).
modules = {name: f"scripts.generators.{name}" for name in GENERATORS}
built = build.build_all([modules[name] for name in LONGEST_FIRST])
outputs = dict(zip(LONGEST_FIRST, built, strict=True))
for name in GENERATORS:
    build.publish(modules[name], outputs[name])
