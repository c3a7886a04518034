"""One module per generated output, each with ``generate(out: Path)``, cached by
``scripts.shared.build``: ``figures`` (every f/f' figure), ``summary_table``,
``accuracy`` (the accuracy page), ``explorer_data`` (the explorer's registry data) and
``experiment_runs`` (the experiments' figures and numbers, which
``scripts/render/experiment_pages.py`` prints into the pages). MkDocs runs them all through
``scripts/website/gen_pages.py``; ``python -m scripts.generators.NAME --out DIR`` runs one."""

# Every generator the site runs, in the order gen_pages runs them.
GENERATORS = ["figures", "summary_table", "accuracy", "explorer_data", "experiment_runs"]
