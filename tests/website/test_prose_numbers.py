r"""Every number a reader reads as a fact is computed at build time, or asserted by a test.

The test reads the hand-written pages' Markdown: the prose, the alt texts of the figures, and
the math, inline (``$...$``) and display (``$$...$$``). What a reader does not read is left
out: front matter, code (fenced or inline), comments, link targets, HTML tags and attribute
lists, and what a macro prints, which comes from actlib (``{{ fact(...) }}``) or from mpmath
(``{{ calc(...) }}``).

A number is a decimal (``0.055``), a scientific form (``5.56e-309``,
``1.8 \times 10^{308}``, ``10¹⁵⁴``), a power of ten (``10^{-16}``) or an integer. Each one
must be one of:

* **computed**: printed by a macro, so it is not in the Markdown at all;
* **allowed**: in :data:`OUTSIDE_FACTS` (a published constant no code can compute, with its
  source) or :data:`EXAMPLE_INPUTS` (a value a sentence picks to show something at);
* **asserted**: in :data:`ASSERTED`, which names the test that recomputes it;
* **checked as an equation**: :func:`number_in_checked_equation` says that the equation
  checker verifies the relation around it;
* **a playground case's**: :func:`in_a_playground_case`, a number the case test reads;
* **exempt** by one of these rules, and no other:

  1. *a small integer*: an integer below 10 (the 2 of $x^2$, the 1/2 of a formula, "two
     inputs", "layer 3") is exact or a count, not a measurement;
  2. *a year*: a four-digit number from 1900 to 2099 in a citation, after "(", ", ", "in "
     or a venue's acronym ("ICLR 2016");
  3. *list numbering*: a number that opens a line as ``10.``;
  4. *a count the page or its experiment sets*: an integer followed by one of the nouns
     in :data:`COUNTED` ("64 units", "200 steps", "30 layers"), an integer after "layer",
     "step", "seed" or "epoch" (an index), a size ``30 × 64`` of two integers, or the
     width of a floating-point format ("16 bits");
  5. *a setting of the page's own code*: a number whose value is a literal of a snippet that
     runs when the page is built (a ``python exec="on"`` block), such as the 1401 inputs
     of ``np.linspace(-700, 700, 1401)``: change either and the two disagree, and this
     test fails;
  6. *a version*: a decimal right after the name of a library ("PyTorch 2.6", "(2.13)"
     after "PyTorch").

Anything else fails, with the page, the line and the number. The allow-lists are checked
too: an entry whose number is no longer on its page, or an asserted number whose test does
not exist, fails.
"""

from __future__ import annotations

import ast
import functools
import io
import math
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

import actlib
from scripts import ROOT
from scripts.render import numbers
from tests.browser import test_playground_cases as playground_cases
from tests.website import claims

DOCS = ROOT / "docs"

# ---------------------------------------------------------------------------
# What may be typed, and why
# ---------------------------------------------------------------------------

# Published constants that no code computes: (page, number) -> where it comes from.
OUTSIDE_FACTS: dict[tuple[str, str], str] = {
    ("functions/gated.md", "0.044715"): "the coefficient of GELU's tanh form (Hendrycks and "
    "Gimpel, 2016), as PyTorch, JAX and Keras write it",
    ("functions/gated.md", "1.702"): "the GELU paper's coefficient of its sigmoid form",
    ("functions/gated.md", "24"): "the ONNX opset that introduced Swish (ONNX's Operators.md)",
    ("functions/logistic.md", "1.7159"): "LeCun et al.'s A (Efficient BackProp, 1998)",
    ("functions/logistic.md", "1.7519"): "the miscopy of 1.7159 the page warns about",
    ("functions/hard.md", "0.2"): "Keras 2's hard_sigmoid slope",
    ("functions/hard.md", "0.5"): "Keras 2's hard_sigmoid offset",
    ("functions/softplus.md", "20"): "PyTorch's softplus threshold (its default)",
    ("functions/periodic.md", "30"): "SIREN's omega_0 (Sitzmann et al., 2020)",
    ("functions/glu.md", "4096"): "Llama's model width d (Touvron et al., 2023)",
    ("functions/glu.md", "11008"): "Llama's hidden width h (Touvron et al., 2023)",
    ("functions/linear.md", "0.5"): "the usual decision threshold on a probability",
}

# Values a sentence picks to show something at: (page, number) -> what is shown there.
EXAMPLE_INPUTS: dict[tuple[str, str], str] = {
    ("concepts/numerical-stability.md", "10^{-20}"): "a logit below half an ulp of 1",
    ("concepts/numerical-stability.md", "10^{-18}"): "a gradient too small to matter",
    ("functions/softmax.md", "10^{-20}"): "a logit below half an ulp of 1",
    ("functions/softmax.md", "300"): "a logit of a few hundred, still safe",
    ("functions/softmax.md", "-700"): "a shifted logit far down the exponential's range",
    ("functions/logistic.md", "10"): "a point in the tails, where arctan' and tanh' differ",
    ("functions/exponential.md", "26"): "a point where the Gaussian is small but normal",
    ("functions/periodic.md", "10^{22}"): "a large argument for the sine's reduction",
    ("functions/sparse.md", "10^{16}"): "a logit that swamps the others in float64",
    ("functions/sparse.md", "1.7 \\times 10^{308}"): "logits near float64's largest",
    ("experiments/gradient-checks.md", "10^{-6}"): "the step h of the estimate",
}

# Numbers that a test holds to: (page, number) -> "tests/PATH.py::test_name". The test's
# module must name the number's value as a literal, so the two cannot drift apart.
ASSERTED: dict[tuple[str, str], str] = {
    (
        "playground.md",
        "0.1",
    ): "tests/browser/test_playground.py::test_initial_weights_have_the_spread_the_page_states",
    (
        "explorer.md",
        "10^{-9}",
    ): "tests/modules/test_formulas.py::test_formulas_match_actlib",
    (
        "explorer.md",
        "10^{-12}",
    ): "tests/modules/test_formulas.py::test_formulas_match_actlib",
}


def number_in_checked_equation(page: str, line: int, text: str) -> bool:
    """Whether the number ``text`` on line ``line`` of ``page`` (relative to docs/) is part of
    a relation that the equation checker (``test_equations.py``) verifies, so that a wrong
    digit fails there: a span it checked, not one it took for a condition or was told to
    leave unchecked.
    """
    return any(
        first <= line <= last and text.replace(" ", "") in latex.replace(" ", "")
        for first, last, latex in _checked_spans(page)
    )


@functools.cache
def _checked_spans(page: str) -> list[tuple[int, int, str]]:
    """(first line, last line, LaTeX) of each span of ``page`` the equation checker verified."""
    if not (DOCS / page).is_file():
        return []  # a page made up by a test of this module
    try:
        outcomes = claims.check_page(DOCS / page, DOCS)
    except claims.ClaimError:
        return []  # the page fails test_equations.py, which says why
    return [
        (o.span.line, o.span.line + o.span.latex.count("\n"), o.span.latex)
        for o in outcomes
        if o.kind == "checked" and "condition" not in o.detail
    ]


def in_a_playground_case(number: Number) -> bool:
    """Whether a number is in the text of one of the playground's named cases, which
    ``tests/browser/test_playground_cases.py`` reads: every number there must be read by one
    of its phrases and checked against the page, or that test fails."""
    if number.page != playground_cases.SOURCE.relative_to(DOCS).as_posix():
        return False
    lines = playground_cases.SOURCE.read_text(encoding="utf-8").splitlines()
    start = number.line - 1
    while start >= 0 and lines[start].strip() and not lines[start].startswith("- "):
        start -= 1
    return start >= 0 and bool(playground_cases.CASE_ITEM.match(lines[start]))


# ---------------------------------------------------------------------------
# Finding the numbers
# ---------------------------------------------------------------------------

# Rule 4: nouns that count what a page or its experiment sets.
COUNTED = (
    "layers",
    "layer",
    "units",
    "unit",
    "steps",
    "step",
    "seeds",
    "epochs",
    "points",
    "inputs",
    "samples",
    "paths",
    "neurons",
    "logits",
    "hidden",
)
_COUNTED_AFTER = re.compile(r"\A(?:\s|-)(?:" + "|".join(COUNTED) + r")\b")
_INDEX_BEFORE = re.compile(r"\b(?:layer|step|seed|epoch)\s+\Z", re.I)
_SIZE = re.compile(r"\A\s*(?:×|\\times|x)\s*\d+\b|(?:×|\\times|x)\s*\Z")
_VERSION_BEFORE = re.compile(
    r"\b(?:PyTorch|torch|JAX|jax|Keras|NumPy|Python|SymPy|mpmath|Chromium)\s+\(?\Z"
)
_YEAR_BEFORE = re.compile(r"(?:\(|,\s+|\bin\s+|\b[A-Z]\w*[A-Z]\w*\s+)\Z")

_BLANK = re.compile(r"[^\n]")


def _blank(match: re.Match[str]) -> str:
    return _BLANK.sub(" ", match.group(0))


_FENCE = re.compile(r"^[ \t]*(```|~~~)(?P<info>[^\n]*)\n(?P<body>.*?)^[ \t]*\1", re.S | re.M)
_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_ALT_TEXT_MACROS = re.compile(r"\{\{-?\s*(?:figure|family_figure)\(")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"' + r"|'(?:[^'\\]|\\.)*'")
# What a reader does not read; each is blanked (newlines kept, so line numbers stay right).
_NOT_READ = [
    re.compile(r"\A---\n.*?\n---\n", re.S),  # front matter
    _FENCE,  # fenced code
    re.compile(r"<!--.*?-->", re.S),  # comments (check markers)
    re.compile(r"`[^`\n]*`"),  # inline code
    re.compile(r"\]\([^)\n]*\)|\]\[[^\]\n]*\]|<[^>\n]*>"),  # link targets and HTML tags
    re.compile(r"\{\s?[:#.][^}\n]*\}"),  # attribute lists: { #relu }, {: .class }
]
_MATH = re.compile(r"\$\$.*?\$\$|(?<![\\$])\$[^$\n]+?(?<!\\)\$", re.S)
_SUPERSCRIPT = re.compile(r"<sup>(.*?)</sup>")

_SUP = "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUP = str.maketrans(_SUP, "-0123456789")
_POWER = rf"10\s*\^\s*\{{?\s*[-−]?\d+\s*\}}?|10[{_SUP}]+"
_NUMBER = re.compile(
    rf"""(?<![\w.\\])[-−]?(?:
        \d+(?:\.\d+)?\s*(?:\\times|×|\\cdot)\s*(?:{_POWER})  # 1.8 \times 10^{{308}}
      | {_POWER}                                            # 10^{{-16}}, 10¹⁵⁴
      | \d+(?:\.\d+)?[eE][-+−]?\d+                           # 5.56e-309
      | \d+\.\d+                                            # 0.055
      | \d{{1,3}}(?:,\d{{3}})+                              # 10,000
      | \d+                                                 # 745
    )(?![\w]|\.\d)""",
    re.X,
)


@dataclass(frozen=True)
class Number:
    page: str  # relative to docs/
    line: int
    text: str  # as typed, minus signs as "-" and spaces collapsed
    in_math: bool
    before: str  # the read text before it on the page
    after: str  # the read text after it

    def __str__(self) -> str:
        where = "math" if self.in_math else "prose"
        return f"docs/{self.page}:{self.line}: {self.text} (in {where})"


def _keep_alt_texts(match: re.Match[str]) -> str:
    """A figure macro's alt text is read (by a screen reader, and when the image fails):
    keep its strings after the first (the figure's name); blank the rest of the call."""
    call = match.group(0)
    if not _ALT_TEXT_MACROS.match(call):
        return _blank(match)
    kept = _BLANK.sub(" ", call)
    for string in list(_STRING.finditer(call))[1:]:
        start, end = string.span()
        kept = kept[: start + 1] + call[start + 1 : end - 1] + kept[end - 1 :]
    return kept


def read_text(markdown: str) -> str:
    """The page as a reader reads it: what is not read blanked out, in place."""
    markdown = _SUPERSCRIPT.sub(lambda m: "^{" + m.group(1) + "}" + " " * 8, markdown)
    markdown = _MACRO.sub(_keep_alt_texts, markdown)
    for pattern in _NOT_READ:
        markdown = pattern.sub(_blank, markdown)
    return markdown


def page_numbers(page: str, markdown: str) -> list[Number]:
    """Every number a reader reads on a page, exempt or not."""
    text = read_text(markdown)
    maths = [m.span() for m in _MATH.finditer(text)]
    numbers = []
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        numbers.append(
            Number(
                page=page,
                line=text.count("\n", 0, start) + 1,
                text=re.sub(r"\s+", " ", match.group(0).replace("−", "-")),
                in_math=any(a <= start < b for a, b in maths),
                before=text[max(0, start - 40) : start],
                after=text[end : end + 40],
            )
        )
    return numbers


def value(text: str) -> float:
    """The value of a number as typed: ``1.8 \\times 10^{308}``, ``10¹⁵⁴``, ``10,000``."""
    text = text.replace("−", "-").replace(",", "")
    text = re.sub(f"[{_SUP}]+", lambda m: "^" + m.group(0).translate(_FROM_SUP), text)
    text = re.sub(r"\s|[{}]", "", text)
    text = re.sub(r"(\\times|×|\\cdot)10\^", "e", text)
    return float(re.sub(r"^(-?)10\^", r"\g<1>1e", text))


def code_literals(markdown: str) -> set[float]:
    """Rule 5: the absolute values of the numeric literals of the page's snippets that run
    at build time (``python exec="on"``)."""
    literals: set[float] = set()
    for block in _FENCE.finditer(markdown):
        if "exec=" not in block.group("info"):
            continue
        literals |= python_literals(re.sub(r"^[ \t]{4}", "", block.group("body"), flags=re.M))
    return literals


def python_literals(source: str) -> set[float]:
    """The absolute values of the numeric literals in Python source."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return {abs(float(ast.literal_eval(t.string))) for t in tokens if t.type == tokenize.NUMBER}


def exemption(number: Number, literals: set[float]) -> str | None:
    """The rule of the module docstring that exempts a number, or None."""
    text = number.text.lstrip("-")
    if re.fullmatch(r"\d", text):
        return "1: a small integer"
    if (
        re.fullmatch(r"(19|20)\d\d", text)
        and not number.in_math
        and _YEAR_BEFORE.search(number.before)
    ):
        return "2: a year"
    if re.fullmatch(r"\d+", text) and re.search(r"(?:^|\n)[ \t]*\Z", number.before):
        if number.after.startswith(". "):
            return "3: list numbering"
    if re.fullmatch(r"\d+(,\d{3})*", text) and (
        _COUNTED_AFTER.match(number.after)
        or _INDEX_BEFORE.search(number.before)
        or _SIZE.search(number.before)
        or _SIZE.match(number.after)
    ):
        return "4: a count the page sets"
    if text in ("16", "32", "64") and re.match(r"\A[-\s]bits?\b", number.after):
        return "4: a floating-point format's width"
    if _VERSION_BEFORE.search(number.before) and re.fullmatch(r"\d+\.\d+", text):
        return "6: a version"
    if any(math.isclose(abs(value(number.text)), v, rel_tol=1e-12) for v in literals):
        return "5: a setting of the page's code"
    return None


def unchecked(page: str, markdown: str) -> list[Number]:
    """The numbers of a page that nothing computes, allows, asserts or exempts."""
    literals = code_literals(markdown)
    listed = {**OUTSIDE_FACTS, **EXAMPLE_INPUTS, **ASSERTED}
    return [
        n
        for n in page_numbers(page, markdown)
        if (page, n.text) not in listed
        and not number_in_checked_equation(page, n.line, n.text)
        and not in_a_playground_case(n)
        and exemption(n, literals) is None
    ]


def _pages() -> list[tuple[str, str]]:
    return [
        (path.relative_to(DOCS).as_posix(), path.read_text(encoding="utf-8"))
        for path in sorted(DOCS.rglob("*.md"))
        if "overrides" not in path.parts
    ]


# ---------------------------------------------------------------------------
# The pages
# ---------------------------------------------------------------------------


@pytest.mark.slow
def test_every_number_a_reader_reads_is_computed_or_asserted() -> None:
    """No number on a page is typed by hand unless a rule of the module docstring allows it."""
    typed = [str(n) for page, markdown in _pages() for n in unchecked(page, markdown)]
    assert not typed, (
        "numbers typed by hand on the pages; print them with {{ fact(NAME, KEY) }} (a "
        'property of an activation) or {{ calc("EXPRESSION", digits=N) }} (any other '
        "number, computed with mpmath; sci=N for N significant digits in math), or list "
        "an outside fact in OUTSIDE_FACTS, an example input in EXAMPLE_INPUTS, or the "
        "test that recomputes it in ASSERTED, with the reason "
        "(tests/website/test_prose_numbers.py):\n" + "\n".join(typed)
    )


def test_every_listed_number_is_on_its_page() -> None:
    """An entry of the lists whose number has left its page would allow it back unchecked."""
    found = {(page, n.text) for page, markdown in _pages() for n in page_numbers(page, markdown)}
    stale = [
        f"docs/{page}: {number} ({reason})"
        for (page, number), reason in {**OUTSIDE_FACTS, **EXAMPLE_INPUTS, **ASSERTED}.items()
        if (page, number) not in found
    ]
    assert not stale, "listed numbers no longer on their page; remove them:\n" + "\n".join(stale)


def test_every_asserted_number_names_a_test_that_holds_it() -> None:
    """The named test exists, and its module has the number's value as a literal."""
    missing = []
    for (page, number), test in ASSERTED.items():
        path, _, name = test.partition("::")
        source = ROOT / path
        text = source.read_text(encoding="utf-8") if source.is_file() else ""
        wanted = abs(value(number))
        if f"def {name}(" not in text:
            missing.append(f"docs/{page}: {number} -> {test}: no such test")
        elif not any(math.isclose(v, wanted, rel_tol=1e-12) for v in python_literals(text)):
            missing.append(f"docs/{page}: {number} -> {path} has no literal {wanted!r}")
    assert not missing, "asserted numbers that no test holds:\n" + "\n".join(missing)


# ---------------------------------------------------------------------------
# The rules, on examples
# ---------------------------------------------------------------------------


def _found(markdown: str, code: str = "") -> list[str]:
    return [n.text for n in unchecked("example.md", markdown + code)]


@pytest.mark.parametrize(
    ("markdown", "numbers"),
    [
        ("rounds to 1 from about 36.7 in float64", ["36.7"]),
        ("overflows for $|x|$ beyond about $10^{154}$", ["10^{154}"]),
        (
            "once $x > \\ln(1.8 \\times 10^{308}) \\approx 709.78$",
            ["1.8 \\times 10^{308}", "709.78"],
        ),
        ("$$\nx = 53 \\ln 2 \\approx 36.74\n$$", ["53", "36.74"]),
        ("a slope of 5.56e-309, from |x| ≈ 6.7e153", ["5.56e-309", "6.7e153"]),
        ("beyond 10¹⁵⁴, near 10⁻³⁰⁸", ["10¹⁵⁴", "10⁻³⁰⁸"]),
        ("more than 10<sup>−9</sup> apart", ["10^{-9}"]),
        ("underflows below about $-745$", ["-745"]),
        ("at least 12 of the 16 survive", ["12", "16"]),
        ("scores 69.75% where 51% was found", ["69.75", "51"]),
        ('{{ figure("x", "errors climb to about 10^15 ULP") }}', ["10^15"]),
        ("in 2018 a search found it; 2016 was the year", ["2016"]),
        ("after 200 of them", ["200"]),
        ("PyTorch 2.6 and torch's 2.13", ["2.13"]),
    ],
)
def test_a_typed_number_is_found(markdown: str, numbers: list[str]) -> None:
    assert _found(markdown) == numbers


@pytest.mark.parametrize(
    "markdown",
    [
        "$x^2 + \\frac{1}{2}$ with two inputs, at layer 3",  # rule 1
        "(Cybenko, 1989; Hornik, 1991), published at ICLR\n2016, in 2018",  # rule 2
        "1. one\n\n10. ten",  # rule 3
        "a 30 × 64 network of 64 units, after 200 steps, at layer 12, with 16 hidden units",
        '{{ calc("53 * log(2)", digits=2) }} and {{ fact("sigmoid", "max_value") }}',
        '{{ figure("family-rectifier", "a figure") }}',
        "`np.tanh(19.0) == 1.0` and\n\n```python\nx = 36.7\n```\n",
        "PyTorch (2.13) and PyTorch 2.6, Keras 3.15",
        '[a link](../x.md#step-10) <span data-x="12"></span> { #h-10 }',
    ],
)
def test_an_exempt_number_is_not_found(markdown: str) -> None:
    assert _found(markdown) == []


def test_a_number_the_snippet_sets_is_exempt_only_while_the_snippet_sets_it() -> None:
    prose = "It takes 1401 evenly spaced inputs from $-700$ to $700$ at 0.25.\n"
    snippet = '```python exec="on"\nxs = np.linspace(-700, 700, 1401) + {}\n```\n'
    assert _found(prose, snippet.format("0.25")) == []
    assert _found(prose, snippet.format("0.5")) == ["0.25"]
    assert _found(prose, "```python\nxs = np.linspace(-700, 700, 1401) + 0.25\n```\n") == [
        "1401",
        "-700",
        "700",
        "0.25",
    ]


def test_the_failure_names_the_page_the_line_and_the_number() -> None:
    [number] = unchecked("concepts/example.md", "First line.\n\nIt is about 709.78 here.\n")
    assert str(number) == "docs/concepts/example.md:3: 709.78 (in prose)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.8 \\times 10^{308}", 1.8e308),
        ("10^{-16}", 1e-16),
        ("-10^{-4}", -1e-4),
        ("10¹⁵⁴", 1e154),
        ("10⁻³⁰⁸", 1e-308),
        ("10,000", 1e4),
        ("5.56e-309", 5.56e-309),
        ("1401", 1401.0),
    ],
)
def test_value_reads_every_form(text: str, expected: float) -> None:
    assert value(text) == pytest.approx(expected, rel=1e-15)


# ---------------------------------------------------------------------------
# calc()
# ---------------------------------------------------------------------------


def test_calc_computes_with_mpmath_and_prints_as_fact_does() -> None:
    assert numbers.calc("53 * log(2)", digits=2) == f"{53 * math.log(2):.2f}"
    assert numbers.calc("log(DBL_MAX)", digits=2) == "709.78"
    assert numbers.calc("sqrt(DBL_MAX)", sci=2) == r"1.3 \times 10^{154}"
    assert numbers.calc("sqrt(DBL_MAX)", sci=0) == "10^{154}"
    assert numbers.calc("2**-54", sci=2) == r"5.6 \times 10^{-17}"
    assert numbers.calc("EPS") == numbers.render_value(float(np.finfo(np.float64).eps), None)
    assert numbers.calc("actlib.sigmoid(0.5)", digits=4) == f"{float(actlib.sigmoid(0.5)):.4f}"
    assert numbers.calc("(1 / 8 + 1 / 3) / 2", fraction=True) == r"\frac{11}{48}"
    # Beyond float64: a power of ten of an exact product.
    assert numbers.calc("mpf(10)**308 * mpf(10)**308", sci=0) == "10^{616}"


@pytest.mark.parametrize(
    ("expression", "complaint"),
    [
        ("log(DBL_MAXX)", "NameError"),
        ("open('x')", "NameError"),
        ("actlib", "not a number"),
        ("log(", "SyntaxError"),
        ("sqrt(2)", "not a fraction"),
    ],
)
def test_calc_fails_naming_the_page_and_the_expression(expression: str, complaint: str) -> None:
    with pytest.raises(ValueError) as error:
        fraction = "fraction" in complaint
        digits = None if fraction else 2
        numbers.calc(expression, digits, page="docs/concepts/example.md:7", fraction=fraction)
    message = str(error.value)
    assert message.startswith(f"docs/concepts/example.md:7: calc({expression!r})")
    assert complaint in message


# ---------------------------------------------------------------------------
# The built pages
# ---------------------------------------------------------------------------


def _prose_of_section(html: str, section_id: str) -> str:
    """The prose of one ``<h2>`` section of a built page: no card, math or code."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    heading = soup.find(["h2"], id=section_id)
    assert heading is not None, f"no <h2 id={section_id!r}> on the built page"
    parts = []
    for node in heading.find_next_siblings():
        if node.name == "h2":
            break
        for skip in node.select(".act-card, .arithmatex, pre, code, svg"):
            skip.decompose()
        if "act-card" not in (node.get("class") or []):
            parts.append(node.get_text(" "))
    return " ".join(parts)


_DECIMAL = re.compile(r"(?<![\w.])[-−]?\d+\.\d+(?:[eE][-+−]?\d+)?(?!\w|\.\d)")


@pytest.mark.slow
def test_built_prose_quotes_actlib_numbers(site_dir: Path) -> None:
    """The sigmoid's largest slope in the built prose is actlib's, rounded as shown.

    Together with the test above (no number typed by hand), this shows that the prose's
    numbers reach the page through ``fact``: the number is there, and it is actlib's.
    """
    html = (site_dir / "functions" / "logistic" / "index.html").read_text(encoding="utf-8")
    prose = _prose_of_section(html, "sigmoid")
    assert "{{" not in prose and "fact(" not in prose, "a macro call was not rendered"
    xs = np.linspace(-10.0, 10.0, 20001)
    max_slope = float(np.max(np.abs(actlib.sigmoid.derivative(xs))))
    quoted = [float(n) for n in _DECIMAL.findall(prose)]

    def rounds_to(number_text: str) -> bool:
        decimals = len(number_text.partition(".")[2])
        return abs(float(number_text) - max_slope) <= 0.5 * 10.0**-decimals

    assert any(rounds_to(n) for n in _DECIMAL.findall(prose)), (
        f"the sigmoid section's prose quotes {quoted}, none of which is actlib's largest "
        f"slope {max_slope!r} rounded to its digits"
    )


@pytest.mark.slow
def test_built_pages_print_computed_numbers(site_dir: Path) -> None:
    """calc()'s numbers reach the pages: float64's overflow point, ln(DBL_MAX) to two
    decimals, is on the numerical-stability page, and no page shows a macro call."""
    page = site_dir / "concepts" / "numerical-stability" / "index.html"
    expected = f"{math.log(np.finfo(np.float64).max):.2f}"
    assert expected in page.read_text(encoding="utf-8"), f"{expected} is not on {page}"
    for html in sorted(site_dir.rglob("*.html")):
        # Code may show a macro call (the contributing page teaches them); text may not.
        text = re.sub(r"<(pre|code)\b.*?</\1>", "", html.read_text(encoding="utf-8"), flags=re.S)
        assert "calc(" not in text or "reference" in html.parts, f"{html}: calc( not rendered"
