"""The render layer: actlib's facts as page fragments, each made by one function.

``cells`` (a fact as a Markdown table cell: a range, a slope, a default, the joints),
``figures`` (a generated figure as Markdown images, its alt text), ``cards`` (an
activation's card, whose cells are the summary table's), ``numbers`` (``fact()`` and
``calc()``, the numbers in the prose), ``api_page`` (the API page's tables) and
``experiment_pages`` (the experiment pages' tables and quoted numbers, from the results
it is given). The page macros (``scripts/website/macros.py``) and the generators (the
summary table, the accuracy page) call them, so a fact reads the same wherever it is
printed. Nothing here imports ``scripts/generators`` or ``scripts/website``: they stand
above it, and hand in what they computed.
"""
