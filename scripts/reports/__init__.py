"""Run by hand, printing figures rather than passing or failing: ``accuracy`` (``make
accuracy``), ``benchmark`` (``make bench``), ``audit`` (``make audit``, Lighthouse),
``bench_build`` (build times), ``bench_playground`` (the playground's training step in
Chromium); and ``serve_site``, the local server that gzips like
GitHub Pages (the browser tests use it too)."""
