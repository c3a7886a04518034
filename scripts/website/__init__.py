"""What ``mkdocs.yml`` names, run by MkDocs during every build: ``gen_pages.py`` (the
gen-files script that runs the generators), ``macros.py`` (``{{ card(...) }}``,
``{{ fact(...) }}``), and the hooks ``katex_hook.py`` (formulas to HTML at build time,
through ``katex_render.mjs``) and ``page_assets.py`` (per-page assets, minified by
``minify.mjs``)."""
