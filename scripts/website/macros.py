"""Macros for the pages (mkdocs-macros): every number, formula and card on a page comes from actlib.

- ``{{ card("relu") }}``: the header of an activation's section (figure, key facts, explorer);
- ``{{ formula("relu") }}``, ``{{ formula("relu", "derivative") }}``: a display equation;
- ``{{ fact("silu", "min_value", digits=4) }}``: one number (or range) for the prose;
- ``{{ calc("53 * log(2)", digits=2) }}``: any other number, computed with mpmath;
- ``{{ figure("derivatives-overview", "alt text") }}``: any generated figure, light and dark;
- ``{{ experiment("linear-collapse", "best_line_accuracy") }}``: a number an experiment found;
- ``{{ experiment_table("dying-relu", "layers") }}``: a table of an experiment's results.
- ``{{ kink_table("relu") }}``: the gradient each way of writing an activation returns at its
  kinks in PyTorch, JAX and Keras, from their transcribed backward rules.

An unknown name or key raises, which fails the build (``on_error_fail`` in mkdocs.yml).
This module only registers the macros: the fragments come from ``scripts/render/``, which
the summary table and the accuracy page use too, so a fact reads the same everywhere on
the site.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from scripts.render import (
    api_page,
    cards,
    experiment_pages,
    figures,
    formulas,
    kink_table,
    numbers,
)
from scripts.shared import plotting

# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


def _figure_size(stem: str) -> tuple[int, int] | None:
    """The SVG size of a figure, so the page reserves its space before it loads."""
    size = figures.drawn_size(stem)
    if size is not None:
        return size
    # A figure cut to its content (the experiments, the accuracy panels): its size is in
    # the file its generator wrote, which gen-files cached before any page is rendered.
    for output in _generated_outputs():
        svg = output / figures.FIGURES / f"{stem}.light.svg"
        if svg.is_file():
            return plotting.svg_file_size(svg)
    return None


def _generated_outputs() -> list[Path]:
    """The generators' up-to-date outputs. Never runs one: this runs while gen-files has
    already published them, and a stale one must not be redrawn from a page."""
    from scripts.generators import GENERATORS
    from scripts.shared import build

    modules = [f"scripts.generators.{n}" for n in GENERATORS]  # by name: none is imported
    return [out for m in modules if (out := build.cached(m)) is not None]


# ---------------------------------------------------------------------------
# Registration with mkdocs-macros
# ---------------------------------------------------------------------------


def _page_line(env: Any, expression: str) -> str:
    """``docs/PAGE.md:LINE``, the first line of the page that holds ``expression``."""
    page = getattr(env, "page", None)
    if page is None:
        return ""
    name = f"docs/{page.file.src_uri}"
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8").splitlines()
    line = next((i for i, text in enumerate(source, 1) if expression in text), None)
    return name if line is None else f"{name}:{line}"


def define_env(env: Any) -> None:
    def page_dir() -> str:
        page = getattr(env, "page", None)
        return posixpath.dirname(page.file.src_uri) if page is not None else ""

    @env.macro
    def card(name: str) -> str:
        return cards.card_markdown(numbers.lookup(name, "card"), page_dir())

    @env.macro
    def figure(stem: str, alt: str) -> str:
        return figures.figure_markdown(stem, alt, page_dir(), _figure_size(stem))

    def calc_on_page(
        expression: str, digits: int | None = None, sci: int | None = None, fraction: bool = False
    ) -> str:
        return numbers.calc(expression, digits, sci, _page_line(env, expression), fraction)

    env.macro(calc_on_page, "calc")

    env.macro(formulas.formula)
    env.macro(numbers.fact)
    env.macro(api_page.family_api)
    env.macro(api_page.fact_keys)
    env.macro(kink_table.kink_table)

    @env.macro
    def experiment(page: str, key: str) -> str:
        """A number (or a setup sentence) an experiment page quotes, from its results."""
        from scripts.generators import experiment_runs

        return experiment_pages.quoted(experiment_runs.results(), page, key)

    @env.macro
    def experiment_table(page: str, name: str) -> str:
        """A table of an experiment page, from the experiment's results."""
        from scripts.generators import experiment_runs

        return experiment_pages.page_table(experiment_runs.results(), page, name)

    @env.macro
    def family_figure(family: str, shapes: str) -> str:
        """The family's figure; its alt text names every member it draws, then ``shapes``."""
        alt = figures.family_figure_alt(family, shapes)
        return figures.figure_markdown(f"family-{family}", alt, page_dir())
