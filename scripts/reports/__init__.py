"""Run by hand, printing figures rather than passing or failing: ``accuracy`` (``make
accuracy``), ``benchmark`` (``make bench``), ``audit`` (``make audit``, Lighthouse),
``bench_build`` (build times); and ``serve_site``, the local server that gzips like
GitHub Pages (the browser tests use it too)."""
