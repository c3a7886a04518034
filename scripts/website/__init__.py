"""What ``mkdocs.yml`` names, run by MkDocs during every build: ``gen_pages.py`` (the
gen-files script that runs the generators), ``macros.py`` (``{{ card(...) }}``,
``{{ fact(...) }}``), and the hooks ``math_hook.py`` (formulas to MathML at build time,
through ``render_math.mjs``, with the font cut by ``math_assets.py``) and
``page_assets.py`` (per-page assets, minified by ``scripts/shared/minify.py``)."""
