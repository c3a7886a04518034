"""Pieces that several generators, hooks, reports or tests use: ``build`` (the generator
cache), ``formatting`` (how the site writes numbers), ``plotting`` (the one figure
helper), ``latex_functions`` (the printed LaTeX read by SymPy), ``naive`` (textbook
NumPy formulas, for the accuracy page and the benchmark) and ``experiments`` (the
experiments themselves, shown on their pages and checked by the tests)."""
