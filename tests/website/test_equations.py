r"""Every relation a reader reads on the hand-written pages holds (see ``claims``).

Each page is checked as a whole, top to bottom, since a step may use the definitions of
the steps before it. The tests below the page test show that the check bites: a sign or
a digit changed in a checked step, a wrong definition, or a marker without its reason
fails, with the page, the line and the two sides in the message.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from scripts import ROOT
from tests.website.claims import (
    ClaimError,
    Outcome,
    check_page,
    unchecked_markers,
)

DOCS = ROOT / "docs"
PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))

# The unchecked markers are the exceptions a reviewer reads in one place (printed by
# test_unchecked_markers_are_few_and_give_reasons); the number may only go down.
MAX_UNCHECKED = 76


@pytest.mark.parametrize("page", PAGES)
def test_every_relation_on_the_page_holds(page: str) -> None:
    check_page(DOCS / page, DOCS)


def test_unchecked_markers_are_few_and_give_reasons() -> None:
    listed = unchecked_markers(DOCS)
    print("\n".join(listed))  # the review list: pytest -s shows it
    assert len(listed) <= MAX_UNCHECKED, (
        f"{len(listed)} relations are marked unchecked (at most {MAX_UNCHECKED}); check "
        "them instead:\n" + "\n".join(listed)
    )
    vague = [line for line in listed if len(line.partition(": ")[2].split()) < 3]
    assert not vague, "an unchecked marker must say why, in a few words:\n" + "\n".join(vague)


# ---------------------------------------------------------------------------
# The check bites
# ---------------------------------------------------------------------------


def _copy(tmp_path: Path, page: str, text: str) -> Path:
    path = tmp_path / page
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_lost_sign_in_an_intermediate_step_fails(tmp_path: Path) -> None:
    """The sigmoid's quotient-rule step with + for -, not its checked result."""
    page = "functions/logistic.md"
    text = (DOCS / page).read_text(encoding="utf-8")
    step = r"\frac{e^{x}\,(1 + e^{x}) - e^{x}\,e^{x}}{(1 + e^{x})^2}"
    assert text.count(step) == 1, "the step this test corrupts is no longer on the page"
    check_page(_copy(tmp_path, page, text), tmp_path)  # the real page passes
    corrupted = text.replace(step, step.replace(") - e", ") + e"))
    line = text[: text.index(step)].count("\n") + 1
    with pytest.raises(
        ClaimError, match=rf"logistic\.md:{line - 1}: .*is false at x = .*left side"
    ):
        check_page(_copy(tmp_path, page, corrupted), tmp_path)


def test_a_wrong_definition_fails_in_the_steps_that_use_it(tmp_path: Path) -> None:
    page = "functions/logistic.md"
    text = (DOCS / page).read_text(encoding="utf-8")
    definition = "$v(x) = 1 + e^{x}$"
    assert text.count(definition) == 1
    corrupted = text.replace(definition, "$v(x) = 2 + e^{x}$")
    with pytest.raises(ClaimError, match=r"logistic\.md:\d+: `\\sigma\(x\)` eq"):
        check_page(_copy(tmp_path, page, corrupted), tmp_path)


def test_an_inline_step_is_checked(tmp_path: Path) -> None:
    """``$u'(x) = e^{x}$`` in a numbered step, with u' made e^{2x}."""
    page = "functions/logistic.md"
    text = (DOCS / page).read_text(encoding="utf-8")
    assert text.count("$u'(x) = e^{x}$") == 1
    corrupted = text.replace("$u'(x) = e^{x}$", "$u'(x) = e^{2x}$")
    with pytest.raises(ClaimError, match=r"`u'\(x\)` eq `e\^\{2x\}` is false"):
        check_page(_copy(tmp_path, page, corrupted), tmp_path)


@pytest.mark.parametrize(
    ("marker", "complaint"),
    [
        ("<!-- unchecked: -->", "needs its reason"),
        ("<!-- unchecked: a reason with no relation after it -->\n\nPlain text.", "precedes no"),
        ("<!-- let: f = no_such_activation -->", "no_such_activation"),
    ],
    ids=["no-reason", "nothing-to-cover", "unknown-activation"],
)
def test_a_bad_marker_fails(tmp_path: Path, marker: str, complaint: str) -> None:
    text = f"# A page\n\n{marker}\n\n$a = b$ is not a claim here: it is unchecked or fails.\n"
    with pytest.raises(ClaimError, match=complaint):
        check_page(_copy(tmp_path, "page.md", text), tmp_path)


def test_an_unread_function_is_an_error_not_a_pass(tmp_path: Path) -> None:
    text = "# A page\n\nThe slope is $g'(x) = 2x$.\n"
    with pytest.raises(ClaimError, match=r"page\.md:3: .*g"):
        check_page(_copy(tmp_path, "page.md", text), tmp_path)


@pytest.mark.parametrize(
    ("latex", "holds"),
    [
        (r"\tanh(x) = 2\,\sigma(2x) - 1", True),
        (r"\tanh(x) = 2\,\sigma(2x) + 1", False),
        (r"\sigma'(0) = \tfrac14", True),
        (r"\sigma'(0) = \tfrac13", False),
        (r"\ln(2) \approx 0.6931", True),
        (r"\ln(2) \approx 0.6932", False),
        (r"0 < \sigma(x) < 1", True),
        (r"\sigma(x) < \tfrac12", False),
        (r"\lim_{x \to \infty} \sigma(x) = 1", True),
        (r"\lim_{x \to \infty} \sigma(x) = 0", False),
        (r"f(\pm 1) = \pm 1", False),
    ],
)
def test_relations_are_read_as_written(tmp_path: Path, latex: str, holds: bool) -> None:
    text = f"# A page\n\n<!-- let: f = tanh -->\n\nIt holds: ${latex}$.\n"
    path = _copy(tmp_path, "page.md", text)
    if holds:
        check_page(path, tmp_path)
    else:
        with pytest.raises(ClaimError, match="is false"):
            check_page(path, tmp_path)


# ---------------------------------------------------------------------------
# Random corruption: a digit or a sign changed in any checked display step fails
# ---------------------------------------------------------------------------


def _checked_spans(page: str) -> list[Outcome]:
    return [
        o
        for o in check_page(DOCS / page, DOCS)
        if o.kind == "checked" and "condition" not in o.detail
    ]


def _corrupt(latex: str, rng: random.Random) -> str | None:
    """The span with one digit changed or one + / - swapped, in a side of a relation.

    Not the sign before a letter that stands alone and occurs once in the span (the c of
    softmax(z + c 1) = softmax(z)): a variable is drawn from an interval symmetric about 0,
    so the swap is the change of variable c -> -c and states the same claim.
    """
    spots = [
        m.start()
        # A sign before \dots stands for omitted terms: it is notation, not a claim.
        for m in re.finditer(
            r"(?<![\\{^_a-zA-Z])[0-9](?![0-9]*\})|(?<=\s)[-+](?=\s)(?!\s*\\c?dots)", latex
        )
        if not _before_a_lone_variable(latex, m.start())
    ]
    if not spots:
        return None
    at = rng.choice(spots)
    old = latex[at]
    new = {"+": "-", "-": "+"}.get(old) or str((int(old) + rng.randint(1, 8)) % 10)
    return latex[:at] + new + latex[at + 1 :]


_BARE_LETTER = r"(?<![\\a-zA-Z])([a-zA-Z])(?![a-zA-Z(_^'])"


def _before_a_lone_variable(latex: str, at: int) -> bool:
    """Whether the sign at ``at`` stands before a bare letter that occurs once in ``latex``."""
    following = re.match(r"[-+]\s*" + _BARE_LETTER, latex[at:])
    if following is None:
        return False
    letter = following.group(1)
    return [m.group(1) for m in re.finditer(_BARE_LETTER, latex)].count(letter) == 1


def _replace_span(text: str, outcome: Outcome, latex: str) -> str:
    """``text`` with the span of ``outcome`` (not an earlier copy of it) replaced."""
    start = sum(len(line) + 1 for line in text.split("\n")[: outcome.span.line - 1])
    at = text.index(outcome.span.latex, start)
    return text[:at] + latex + text[at + len(outcome.span.latex) :]


def _paragraph_start(text: str, line: int) -> int:
    """The first line of the paragraph that holds ``line``."""
    lines = text.split("\n")
    while line > 1 and lines[line - 2].strip():
        line -= 1
    return line


SPANS_PER_PAGE = 12


@pytest.mark.parametrize("page", [p for p in PAGES if p.startswith(("functions/", "concepts/"))])
def test_a_random_corruption_of_a_checked_step_fails(tmp_path: Path, page: str) -> None:
    """A digit or sign changed at random in checked spans, display and inline, fails.

    Up to SPANS_PER_PAGE spans a page, chosen with a seed from the page's name, so that a
    run is repeatable and every page's steps, intermediate ones included, are sampled.
    """
    rng = random.Random(page)
    text = (DOCS / page).read_text(encoding="utf-8")
    checked = _checked_spans(page)
    # The copy is read as docs/PAGE, as the page itself is: its spans are the same spans at
    # the same places, so the checker evaluates again only what a corruption changes.
    docs = tmp_path / "docs"
    survivors = []
    for outcome in rng.sample(checked, min(SPANS_PER_PAGE, len(checked))):
        corrupted_latex = _corrupt(outcome.span.latex, rng)
        if corrupted_latex is None:
            continue
        corrupted = _replace_span(text, outcome, corrupted_latex)
        try:
            check_page(_copy(docs, page, corrupted), docs)
        except ClaimError as err:
            # The corrupted span fails, or a step that uses what it defines: later, or in
            # its own paragraph, whose definitions are read before its relations.
            lines = [int(n) for n in re.findall(r"\.md:(\d+)[: ]", str(err))]
            first = _paragraph_start(text, outcome.span.line)
            assert any(n >= first for n in lines), str(err)
        else:
            survivors.append(f"{outcome.span.where}: {corrupted_latex.strip()}")
    assert not survivors, "these corrupted steps still pass:\n" + "\n".join(survivors)


def marker_lines_inside_a_block(text: str) -> list[int]:
    """Lines that start with a comment but continue a paragraph or a list item.

    Python-Markdown ends a paragraph at a line that starts with ``<!--``: the rest of the
    paragraph (and of a list) is rendered as a new paragraph. A marker that belongs inside
    a paragraph goes at the end of the line before it, or right before its span.

    Inside a list item a comment line also swallows a display on the next line (the HTML
    block runs to a blank line, and the ``$$`` lines are printed as text): there the marker
    stands alone, with a blank line before its display.
    """
    lines = text.splitlines()
    in_fence = False
    bad = []
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence or not line.lstrip().startswith("<!--") or number == 1:
            continue
        after = lines[number].strip() if number < len(lines) else ""
        if line.startswith((" ", "\t")) and after.startswith("$$"):
            bad.append(number)
            continue
        before = lines[number - 2].strip()
        if (
            before
            and not before.startswith(("<!--", "#", "$$", "{{"))
            and not before.endswith("-->")
        ):
            bad.append(number)
    return bad


@pytest.mark.parametrize("page", PAGES)
def test_markers_do_not_split_a_paragraph(page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    bad = marker_lines_inside_a_block(text)
    assert not bad, (
        f"docs/{page}: a comment starts these lines inside a paragraph or list item, which "
        "ends it there when rendered; put the marker at the end of the line before, or "
        f"right before its $: lines {bad}"
    )
