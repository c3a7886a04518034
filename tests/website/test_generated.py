"""The generated figures and summary table: complete, well-formed, true and reproducible.

A contributor who registers an activation and forgets its page section gets a failure
here that says what to add and where; everything else about it is generated.
"""

from __future__ import annotations

import importlib
import math
import posixpath
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path
from types import ModuleType

import markdown
import numpy as np
import pytest

import actlib
from actlib import analysis
from actlib.families import FAMILIES
from scripts import ROOT
from scripts.generators import GENERATORS, accuracy, summary_table
from scripts.reference import ulp
from scripts.render import api_page, cards, cells, figures, numbers
from scripts.shared import build
from scripts.shared import formatting as fmt
from tests.registry_cases import ELEMENTWISE

DOCS = ROOT / "docs"


def _output(name: str) -> Path:
    """The generator's output folder, as the site build uses it (cached by its inputs)."""
    module: ModuleType = importlib.import_module(f"scripts.generators.{name}")
    return build.build(module)


# ---------------------------------------------------------------------------
# Every activation has its figure, its row and its section
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", actlib.names())
def test_every_activation_has_its_figures(name: str) -> None:
    figures = _output("figures") / "figures"
    missing = [
        f"{name}.{t}.svg" for t in ("light", "dark") if not (figures / f"{name}.{t}.svg").is_file()
    ]
    assert not missing, (
        f"scripts/generators/figures.py did not draw {missing} for the registered {name!r}"
    )


@pytest.mark.parametrize("name", actlib.names())
def test_every_activation_has_a_table_row(name: str) -> None:
    act = actlib.get(name)
    table = (_output("summary_table") / summary_table.PAGE).read_text()
    link = f"](../functions/{act.family}.md#{name})"
    assert table.count(link) == 1, (
        f"the summary table has {table.count(link)} rows linking to {link[2:-1]}; expected 1"
    )


def _card_call(name: str) -> re.Pattern[str]:
    return re.compile(r"\{\{\s*card\(\s*['\"]" + re.escape(name) + r"['\"]\s*\)\s*\}\}")


@pytest.mark.parametrize("name", actlib.names())
def test_every_activation_has_a_section_with_its_card(name: str) -> None:
    act = actlib.get(name)
    page = DOCS / "functions" / f"{act.family}.md"
    assert page.is_file(), (
        f"{name!r} is in the family {act.family!r}, but docs/functions/{act.family}.md does "
        f"not exist: create it and add it to the nav in mkdocs.yml"
    )
    lines = page.read_text(encoding="utf-8").splitlines()
    heading = re.compile(r"^##\s.*\{\s*#" + re.escape(name) + r"\s*\}\s*$")
    where = [i for i, line in enumerate(lines) if heading.match(line)]
    howto = (
        f"add a section to docs/functions/{act.family}.md that starts with\n\n"
        f"    ## {act.display_name} {{ #{name} }}\n\n"
        f'    {{{{ card("{name}") }}}}\n'
    )
    assert where, f"docs/functions/{act.family}.md has no heading with the anchor #{name}: {howto}"
    # The equation checker's markers (<!-- let: ... -->) are invisible: the card comes first.
    visible = (line for line in lines[where[0] + 1 :] if line.strip() and "<!--" not in line)
    after = next(visible, "")
    assert _card_call(name).search(after), (
        f"in docs/functions/{act.family}.md, the line after the heading #{name} should be "
        f'{{{{ card("{name}") }}}}; it is {after!r}'
    )


def test_every_card_names_a_registered_activation() -> None:
    calls = re.compile(r"\{\{\s*card\(\s*['\"]([^'\"]+)['\"]")
    unknown = {
        f"{page.relative_to(ROOT)}: card({name!r})"
        for page in DOCS.rglob("*.md")
        for name in calls.findall(page.read_text(encoding="utf-8"))
        if name not in actlib.names()
    }
    assert not unknown, f"cards of unregistered activations: {sorted(unknown)}"


# ---------------------------------------------------------------------------
# Every SVG is well-formed
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("generator", GENERATORS)
def test_every_generated_svg_is_well_formed_and_minified(generator: str) -> None:
    """Minified once, as it is cached: no Matplotlib metadata, no six-decimal coordinates."""
    svgs = sorted(_output(generator).rglob("*.svg"))
    for svg in svgs:
        try:
            root = ET.parse(svg).getroot()
        except ET.ParseError as err:
            pytest.fail(f"{svg.name} from scripts/{generator}.py is not well-formed XML: {err}")
        assert root.tag == "{http://www.w3.org/2000/svg}svg", f"{svg.name}: root is {root.tag}"
        text = svg.read_text()
        assert "<metadata" not in text and not re.search(r"\d\.\d{4}", text), svg.name


def test_a_recoloured_dark_figure_minifies_to_the_bytes_svgo_writes_for_it(tmp_path) -> None:
    """``build.minify_figures`` makes a recoloured dark figure from its light twin's
    minified bytes: they must be the bytes SVGO writes for the dark figure itself. The
    light figure has the page's white behind a marker, which SVGO shortens to #fff."""
    from scripts.shared import minify, plotting

    def draw(fig, theme: plotting.Theme) -> None:
        ax = fig.add_subplot()
        plotting.style_axes(ax, theme)
        ax.plot([0, 1, 2], [0, 1, 0], color=theme.f, marker="o")
        ax.plot([1], [0.5], "o", color=theme.df, markerfacecolor=plotting.theme_background(theme))

    paths = plotting.save_themed(draw, tmp_path / "pair", "figure", recolour=True)
    alone = tmp_path / "alone"
    alone.mkdir()
    dark_alone = alone / paths[1].name
    dark_alone.write_bytes(paths[1].read_bytes())
    minify._run_minifiers(minify.node_program("svgo"), [dark_alone])
    build.minify_figures(paths)
    assert "#fff" in paths[0].read_text(), "the case is gone: SVGO no longer shortens white"
    assert paths[1].read_bytes() == dark_alone.read_bytes()


# ---------------------------------------------------------------------------
# The table says what actlib computes
# ---------------------------------------------------------------------------


def _tables() -> dict[str, list[dict[str, str]]]:
    """The summary tables as {section heading: [{column heading: cell}, one per row]}."""
    text = (_output("summary_table") / summary_table.PAGE).read_text()
    split = re.compile(r"(?<!\\)\|")
    tables: dict[str, list[dict[str, str]]] = {}
    section, headings = "", None
    for line in text.splitlines():
        if line.startswith("## "):
            section, headings = line[3:], None
        elif not line.startswith("| "):
            continue
        elif (
            headings is None
        ):  # as read: the soft hyphens a narrow column may break at are invisible
            headings = [
                c.strip().replace(summary_table.SOFT_HYPHEN, "") for c in split.split(line)[1:-1]
            ]
            tables[section] = []
        else:
            cells = [c.strip() for c in split.split(line)[1:-1]]
            tables[section].append(dict(zip(headings, cells, strict=True)))
    return tables


def _rows() -> dict[str, dict[str, str]]:
    """Every row of the summary tables as {name: {column heading: cell}}."""
    return {
        re.search(r"#(\w+)\)", row["Function"]).group(1): row
        for rows in _tables().values()
        for row in rows
    }


def test_each_family_has_its_table_under_its_page_title() -> None:
    tables = _tables()
    for family in FAMILIES:
        page = (DOCS / "functions" / f"{family}.md").read_text()
        title = re.search(r"^# (.+)$", page, re.M).group(1)
        members = {a.name for a in actlib.family(family)}
        rows = tables[title]
        linked = {re.search(r"#(\w+)\)", r["Function"]).group(1) for r in rows}
        assert linked == members, f"the table under {title!r}: {linked}, family: {members}"


def test_a_family_table_leaves_out_the_columns_none_of_its_members_has() -> None:
    tables = _tables()
    glu, softmax, sparse = (tables[t] for t in ("Gated linear units", "Softmax", "Sparse maps"))
    assert list(glu[0]) == [
        "Function",
        "Output range",
        "Partial derivatives",
    ]
    assert list(softmax[0]) == [
        "Function",
        "Output range",
        "Jacobian",
    ]
    # sparsemax sits beside two element-wise maps: all columns, its own not applicable
    assert len(sparse[0]) == len(summary_table.TABLE_COLUMNS)
    sparsemax = next(r for r in sparse if "#sparsemax)" in r["Function"])
    assert sparsemax["Monotonic"] == summary_table.NOT_APPLICABLE
    assert sparsemax[_SECOND_COLUMN] == summary_table.NOT_APPLICABLE


# One-sided steps for the f'' column's checks: far below any kink's neighbour, far above
# float64's rounding of the values compared.
_SIDE = 1e-4
_SECOND_COLUMN = "$f''$ continuous"


def _printed_number(latex: str) -> float:
    r"""A number as fmt.latex_number prints it: ``-2.5`` or ``-1 \times 10^{-6}``."""
    scientific = re.fullmatch(r"(-?[\d.]+) \\times 10\^\{(-?\d+)\}", latex)
    return float(f"{scientific[1]}e{scientific[2]}") if scientific else float(latex)


def _jump_ratio(g, k: float, h: float) -> float:
    """How many times more g changes across k (from k - h to k + h) than over a step of h
    beside it on either side: about 2 or less where g is continuous at k, however steep, and
    large where it jumps, however little (xIELU's f jumps by 8e-7 at 0)."""
    left2, left, right, right2 = (float(g(np.array(k + s * h))) for s in (-2, -1, 1, 2))
    beside = max(abs(right2 - right), abs(left - left2))
    rounding = 1e-12 * max(1.0, abs(left), abs(right))
    return abs(right - left) / max(beside, rounding)


def _second_estimate(act: actlib.Activation):
    """f'' from actlib's f' by a one-sided difference (no kink within 2 h of x)."""
    return lambda x: (act.derivative(x + _SIDE / 10) - act.derivative(x)) / (_SIDE / 10)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_the_second_derivative_column_says_where_f_second_breaks(name: str) -> None:
    """The f'' cell, read as the page states it, against the numbers: at each point it
    lists, f'' jumps (its one-sided values differ), f' jumps (a point mass) or f jumps;
    "yes" means f'' has no jump on a fine grid over [-10, 10] (actlib's f'' where it has
    one, else f' differenced)."""
    act = actlib.get(name)
    cell = _rows()[name][_SECOND_COLUMN]
    if cell == "yes":
        x = np.arange(-10.0, 10.0, _SIDE)
        if act.second is not None:
            second = np.asarray(act.second_derivative(x), dtype=np.float64)
        else:
            second = _second_estimate(act)(x)
        steps = np.abs(np.diff(second))
        scale = max(1.0, float(np.max(np.abs(second))))
        worst = int(np.argmax(steps))
        assert steps[worst] < 1e-2 * scale, (
            f"{name}: the summary table says f'' is continuous, but between x = "
            f"{x[worst]!r} and {x[worst + 1]!r} it goes from {second[worst]!r} to "
            f"{second[worst + 1]!r}"
        )
        return
    assert cell.startswith("no: "), f"{name}: the f'' cell reads {cell!r}"
    kinds = {"jumps": "f''", "point mass": "f'", "$f$ jumps": "f"}
    listed: dict[float, str] = {}
    for part in cell[4:].split("; "):
        label, where = re.fullmatch(r"(.+?) at ((?:\$[^$]+\$(?:, )?)+)", part).groups()
        for point in re.findall(r"\$([^$]+)\$", where):
            listed[_printed_number(point)] = kinds[label]
    assert sorted(listed) == sorted(act.computed.kink_orders), (
        f"{name}: the f'' cell lists {sorted(listed)}; f is not smooth at "
        f"{sorted(act.computed.kink_orders)}"
    )
    for k, which in listed.items():
        jumping = {
            "f": act,
            "f'": act.derivative,
            "f''": act.second_derivative if act.second is not None else _second_estimate(act),
        }
        # the points read at k -+ 2 h stay well clear of the next listed point (xIELU's kinks
        # are 1e-6 apart)
        nearest = min((abs(other - k) for other in listed if other != k), default=math.inf)
        h = min(2 * _SIDE if which == "f''" and act.second is None else _SIDE, nearest / 100)
        ratio = _jump_ratio(jumping[which], k, h)
        assert ratio > 10, (
            f"{name}: the summary table says {which} jumps at x = {k}, but across x = {k} "
            f"-+ {h:.3g} it changes only {ratio:.3g} times as much as beside it"
        )
        # ...and nothing lower jumps: a point mass is not also a jump of f
        lower = {"f''": ("f", "f'"), "f'": ("f",), "f": ()}[which]
        for smooth in lower:
            ratio = _jump_ratio(jumping[smooth], k, min(_SIDE / 100, nearest / 100))
            assert ratio < 4, (
                f"{name}: the summary table says {which} jumps at x = {k}, but {smooth} "
                f"jumps there too (it changes {ratio:.3g} times as much across as beside)"
            )


@pytest.mark.parametrize("name", actlib.names())
def test_the_learned_parameters_item_lists_the_parameters_the_entry_marks(name: str) -> None:
    """The item under the table names exactly the parameters the registry entry marks
    ``Param.learnable``, each by its keyword; a function with none has no such item."""
    act = actlib.get(name)
    page = (_output("summary_table") / summary_table.PAGE).read_text()
    items = [line for line in page.splitlines() if line.startswith(f"- **{act.display_name}**. ")]
    assert len(items) == 1, f"{name}: {len(items)} items under the tables name it"
    said = re.search(r"\*Learned parameters:\* (.*?)(?= \*Notes:\*|$)", items[0])
    params = getattr(act, "params", {})
    marked = [key for key, param in params.items() if param.learnable]
    named = re.findall(r"`(\w+)`", said[1]) if said else []
    assert named == marked, (
        f"{name}: the summary table lists learnable {named}, the registry marks {marked}"
    )
    for key in marked:
        assert params[key].choices is None, f"{name}: {key} is categorical, it cannot learn"


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_the_derivative_cell_is_the_registry_formula(name: str) -> None:
    """The f' cell, a piecewise one read line by line, says what the card says (the
    formula test_formulas.py holds to actlib): the same branches, values and conditions."""
    act = actlib.get(name)
    cell = _rows()[name][summary_table.HEADINGS[summary_table.DERIVATIVE]]
    lines = [re.findall(r"\$\{(.*?)\}\$", line) for line in cell.split("<br>")]
    if len(lines) == 1 and not cell.startswith("${"):
        assert cell == fmt.table_math(act.derivative_latex), f"{name}: the f' cell reads {cell!r}"
        return
    branches = " \\\\ ".join(f"{value} & {when}" for value, when in lines)
    said = re.sub(r"\s+", " ", rf"\begin{{cases}} {branches} \end{{cases}}")
    assert said == re.sub(r"\s+", " ", act.derivative_latex.strip()), (
        f"{name}: the f' cell reads {said!r}, the registry {act.derivative_latex!r}"
    )


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_table_cells_match_the_numbers(name: str) -> None:
    props = analysis.properties(actlib.get(name))
    row = _rows()[name]

    def yes(flag: bool) -> str:
        return "yes" if flag else "no"

    expected = {
        "Output range": fmt.table_math(cells.latex_values(props.output_set)),
        "Zero-centred": yes(props.zero_centred),
        "Continuity": fmt.table_math(fmt.latex_continuity(props.continuity)),
        "Monotonic": yes(props.monotonic),
        "$f'$ monotonic": yes(props.derivative_monotonic),
        r"$f(x) \approx x$ near 0": yes(props.identity_near_zero),
        "Slope at 0, $f'(0)$": fmt.table_math(fmt.latex_number(props.derivative_at_zero, digits=4)),
    }
    for column, cell in expected.items():
        assert row[column] == cell, (
            f"{name}, column {column!r}: table {row[column]!r}, computed {cell!r}"
        )
    slope = row[r"Largest $\lvert f' \rvert$"]
    assert slope.startswith(fmt.table_math(fmt.latex_number(props.max_abs_derivative, digits=4)))
    vanishing = row["Vanishing gradient"]
    assert vanishing.startswith("saturates") == props.saturating, f"{name}: {vanishing!r}"
    assert ("dead zone" in vanishing) == props.dead_zone, f"{name}: {vanishing!r}"


def test_a_largest_slope_at_isolated_points_reads_as_points() -> None:
    # exp(-x^2)'' = (4x^2 - 2) exp(-x^2) vanishes at x = ±1/sqrt(2): |f'| peaks there
    where = actlib.get("gaussian").argmax_abs_derivative
    peak = fmt.latex_number(1 / math.sqrt(2), digits=4)
    assert fmt.latex_where(where, digits=4) == rf"x = \pm {peak}"
    points = tuple(analysis.Interval(x, x) for x in (-1.0, 0.0, 2.0))
    three = analysis.Where(points[0], attained=True, pieces=points)
    assert fmt.latex_where(three) == r"x \in \{-1, 0, 2\}"


def test_the_header_says_how_every_band_is_rounded() -> None:
    """Two decimals, and more only in a narrow band, for the rows the header names."""
    page = (_output("summary_table") / summary_table.PAGE).read_text()
    finer = {
        act.display_name: digits
        for act in map(actlib.get, ELEMENTWISE)
        if (digits := max(map(summary_table.band_digits, act_props(act).vanishing), default=0))
        > summary_table.DECIMALS
    }
    assert "gaussian" in {actlib.get(n).display_name.lower() for n in ELEMENTWISE}
    assert finer.get("Gaussian", 0) > summary_table.DECIMALS  # its band is (-0.005, 0.005)
    header = " ".join(page.split("## ")[0].split())
    said = re.search(r"band's width \((.*?)\)\. A closed end", header)
    assert said, "the summary table's header no longer says which bands print more decimals"
    stated = {
        name: int(digits)
        for part in said[1].split("; ")
        for digits, names in [part.split(" decimals: ")]
        for name in names.split(", ")
    }
    assert stated == finer, f"the header says {stated}; the bands print {finer}"
    bands = re.findall(r"on \$([^$]*)\$", page)
    degenerate = [b for b in bands if re.search(r"\[(-?[\d.]+), \1\]", b)]
    assert not degenerate, f"bands that print as a point: {degenerate}"


def act_props(act: actlib.Activation) -> analysis.Properties:
    return analysis.properties(act)


# ---------------------------------------------------------------------------
# The printed range is the set of values f takes
# ---------------------------------------------------------------------------

_DENSE = np.arange(-20.0, 20.0, 2.0**-10)
_TAILS = np.geomspace(20.0, 1e300, 400)
_GAP = 0.1  # the widest stretch of a printed interval that f may skip on the dense grid
_WINDOW = 15.0  # the gaps are looked for among values below it, where the grid is dense
_BULK = 8.0  # within it, no float64 value of these functions rounds onto an open end


def _samples(act: actlib.Activation) -> tuple[np.ndarray, np.ndarray]:
    """``(x, f(x))``, x sorted: a dense grid, the tails, and each kink with its neighbours."""
    near = [np.nextafter(k, s) for k in act.kinks for s in (-np.inf, np.inf)]
    x = np.unique(np.concatenate([_DENSE, _TAILS, -_TAILS, list(act.kinks), near]))
    return x, np.asarray(act(x), dtype=np.float64)


def _reached(x: np.ndarray, values: np.ndarray, end: float, side: int) -> bool:
    """Whether f takes the value ``end`` (the low end if side = 1, the high one if -1) within
    the bulk: at a sample, or at a smooth extremum, where the sample nearest to it has both
    neighbours on the set's side. A limit is not reached: at a jump one neighbour is across
    it, and the tails, where float64 rounds onto a limit, are left out."""
    bulk = np.abs(x) <= _BULK
    vs = values[bulk]
    if np.any(vs == end):
        return True
    i = int(np.argmin(np.abs(vs - end)))
    return 0 < i < len(vs) - 1 and side * (vs[i - 1] - vs[i]) >= 0 <= side * (vs[i + 1] - vs[i])


def range_problems(values_set: analysis.ValueSet, x: np.ndarray, values: np.ndarray) -> list[str]:
    """How the printed set and the values f takes at the points x disagree."""
    tol = 8 * np.finfo(np.float64).eps * np.maximum(1.0, np.abs(values))
    inside = values_set.contains(values)
    # in float64 a tail rounds onto an open end (sigmoid(-800) = 0): within rounding
    near = np.zeros_like(inside)
    for piece in values_set.pieces:
        for end in (piece.lo, piece.hi):
            if math.isfinite(end):
                near |= (np.abs(values - end) <= tol) & (np.abs(x) > _BULK)
    outside = ~(inside | near)
    problems = [
        f"f({t!r}) = {v!r} is outside the set"
        for t, v in zip(x[outside][:3], values[outside][:3], strict=True)
    ]
    dense = values[(np.abs(x) <= 20) & (np.abs(values) <= _WINDOW)]
    for piece in values_set.pieces:
        text = fmt.latex_interval(piece)
        if piece.lo == piece.hi:
            if not np.any(values == piece.lo):
                problems.append(f"f never takes the value {piece.lo!r} the set names")
            continue
        ends = ((piece.lo, piece.lo_closed, 1), (piece.hi, piece.hi_closed, -1))
        for end, closed, side in ends:
            if math.isinf(end):
                if not np.any(side * values < -1e6):
                    problems.append(f"{text}: f does not grow towards {end}")
            elif not np.any(np.abs(values - end) <= 1e-6 * max(1.0, abs(end))):
                problems.append(f"{text}: f does not come near the end {end!r}")
            elif closed != _reached(x, values, end, side):
                problems.append(
                    f"{text}: the end {end!r} is {'closed' if closed else 'open'}, but f "
                    f"{'never takes' if closed else 'takes'} that value"
                )
        # Between the smallest and largest values (below _WINDOW) of the dense grid in the
        # piece, f takes values in every stretch wider than _GAP.
        mine = np.sort(dense[(dense >= piece.lo) & (dense <= piece.hi)])
        if len(mine) > 1:
            gaps = np.diff(mine)
            at = int(np.argmax(gaps))
            if gaps[at] > _GAP:
                problems.append(
                    f"{text}: f takes no value in ({mine[at]:.6g}, {mine[at + 1]:.6g}), "
                    f"inside the printed set"
                )
    return problems


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_the_printed_range_is_the_set_of_values_of_f(name: str) -> None:
    """Every value f takes is in the printed range, and f takes every part of it: a gap
    where f jumps over values is printed (the binary step's {0, 1}, not [0, 1]); an end is
    closed exactly where f takes that value."""
    act = actlib.get(name)
    values_set = act_props(act).output_set
    printed = cells.latex_values(values_set)
    problems = range_problems(values_set, *_samples(act))
    assert not problems, f"{name}, range ${printed}$: " + "; ".join(problems)
    assert f"| Range | ${printed}$ |" in cards.card_markdown(act, "functions")
    assert _rows()[name]["Output range"] == fmt.table_math(printed)
    assert values_set.hull == act.output_range


def test_a_hull_printed_as_the_range_is_caught() -> None:
    step, threshold = actlib.get("binary_step"), actlib.get("threshold")
    for act in (step, threshold):
        hull = analysis.ValueSet((act.output_range,))
        assert range_problems(hull, *_samples(act)), f"{act.name}: the hull passed"
    assert cells.latex_values(act_props(step).output_set) == r"\{0, 1\}"
    assert cells.latex_values(act_props(threshold).output_set) == r"\{0\} \cup (1, \infty)"
    sigmoid = actlib.get("sigmoid")
    closed = analysis.ValueSet((analysis.Interval(0.0, 1.0, True, True),))
    assert len(range_problems(closed, *_samples(sigmoid))) == 2  # (0, 1) is open


# ---------------------------------------------------------------------------
# The cards' wording
# ---------------------------------------------------------------------------

_EMPHASIS = re.compile(r"<(strong|em)>(.*?)</\1>")


@pytest.mark.parametrize("name", actlib.names())
def test_metadata_prose_renders_without_emphasis(name: str) -> None:
    """The entry's prose is Markdown (the card, the summary table and fact() print it), and
    it means no emphasis: a `*` pair in it is code outside backticks (`x**2` became bold)."""
    act = actlib.get(name)
    for key in numbers.METADATA:
        html = markdown.markdown(getattr(act, key))
        found = _EMPHASIS.findall(html)
        assert not found, (
            f"actlib.{name}.{key}: Markdown turns {found} into emphasis; put code in backticks"
        )


def test_the_emphasis_check_bites() -> None:
    assert _EMPHASIS.findall(markdown.markdown("write torch.exp(-x**2), jnp.exp(-x**2)"))
    assert not _EMPHASIS.findall(markdown.markdown("write `torch.exp(-x**2)`, `jnp.exp(-x**2)`"))


@pytest.mark.parametrize(
    "name", [n for n in actlib.names() if getattr(actlib.get(n), "params", {})]
)
def test_a_default_names_its_parameter_once(name: str) -> None:
    act = actlib.get(name)
    for key, param in act.params.items():
        text = cells.default_text(act, key)
        assert text.startswith(f"`{key}` "), text
        shown_symbol = re.findall(r"\$([^$]*)\$", text)
        bare = [re.sub(r"^\\(?:mathrm|text|operatorname)\{(.*)\}$", r"\1", s) for s in shown_symbol]
        assert key not in bare, f"{name}: {text!r} repeats the name {key!r} as its symbol"
        assert f" = {fmt.param_value(param.default)}" in text
    if name == "squareplus":
        assert cells.default_text(act, "b") == "`b` = 4"


_DEFAULTS_CELL = re.compile(r"<td>Defaults</td>\s*<td>(.*?)</td>", re.S)


def test_a_card_reads_each_default_with_its_name_once(site_dir) -> None:
    """The cards' Defaults rows as the reader reads them on the built pages, formulas as
    MathML text: each default is its name, its symbol if that says something else, and
    its value ("`approximate` approximate = 'none'" and "b b = 4" once printed it twice)."""
    with_params = [n for n in actlib.names() if getattr(actlib.get(n), "params", {})]
    cells = []
    for page in sorted((site_dir / "functions").glob("*/index.html")):
        for cell in _DEFAULTS_CELL.findall(page.read_text(encoding="utf-8")):
            text = " ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            cells.append(text)
            for entry in text.split(", "):
                named = entry.partition(" = ")[0].split()
                assert len(set(named)) == len(named), (
                    f"{page.relative_to(site_dir)}: the card's default {entry!r} says "
                    f"{named[0]!r} twice"
                )
    assert len(cells) == len(with_params), (
        f"{len(cells)} Defaults rows on the function pages, {len(with_params)} functions "
        f"with parameters: {cells}"
    )


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_the_card_calls_a_jump_a_jump(name: str) -> None:
    """A point where f itself jumps is a jump, where only f' jumps a kink; each counted."""
    act = actlib.get(name)
    props = act_props(act)
    card = cards.card_markdown(act, "functions")
    jumps = [x for x, order in props.kink_orders.items() if order < 0]
    kinks = [x for x, order in props.kink_orders.items() if order >= 0]
    label = re.search(r"^\| (At the [^|]*) \|", card, re.M)
    if not props.kinks:
        assert label is None, card
        return
    assert label is not None, f"{name}: the card has no row for its kinks or jumps"
    words = label[1].removeprefix("At the ").split(" and ")
    expected = [w for w, xs in (("kink", kinks), ("jump", jumps)) for _ in xs[:1]]
    assert [w.rstrip("s") for w in words] == expected, label[1]
    assert all(
        w.endswith("s") == (len(jumps if w.startswith("jump") else kinks) > 1) for w in words
    )
    alt = figures.figure_alt(act)
    for noun, xs in (("kink", kinks), ("jump", jumps)):
        if xs:
            assert f"the {noun}" in alt, f"{name}: the alt text does not name its {noun}s: {alt}"
        else:
            assert f"the {noun}" not in alt, f"{name}: the alt text calls a point a {noun}: {alt}"


def test_the_alt_text_says_an_unbounded_slope_is_unbounded() -> None:
    for name in ELEMENTWISE:
        act = actlib.get(name)
        alt = figures.figure_alt(act)
        assert "at most inf" not in alt, f"{name}: {alt}"
        slope = analysis.properties(act, **dict(act.plot_params)).max_abs_derivative
        assert ("unbounded" in alt) == math.isinf(slope), f"{name}: {alt}"
    assert "unbounded" in figures.figure_alt(actlib.get("exponential"))


# ---------------------------------------------------------------------------
# The accuracy page
# ---------------------------------------------------------------------------


def test_the_accuracy_page_shows_the_measurement() -> None:
    """Every row of the accuracy page's table is ``ulp``'s measurement of that setting, the
    one the accuracy test holds to its targets (subnormal results included, exactly:
    ``tests/actlib/test_accuracy.py``)."""
    page = (_output("accuracy") / accuracy.PAGE).read_text()
    _, body = ulp.table(ulp.measure_all())
    for row_cells in body:
        assert "| " + " | ".join([f"`{row_cells[0]}`", *row_cells[1:]]) + " |" in page, row_cells[0]


# ---------------------------------------------------------------------------
# Each generator runs alone, and twice gives the same bytes
# ---------------------------------------------------------------------------


def _run(generator: str, out: Path) -> dict[str, bytes]:
    result = subprocess.run(
        [sys.executable, "-m", f"scripts.generators.{generator}", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, (
        f"python -m scripts.generators.{generator} --out failed:\n{result.stderr}"
    )
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("generator", GENERATORS)
def test_generator_runs_alone_and_reproducibly(generator: str, tmp_path: Path) -> None:
    first, second = _run(generator, tmp_path / "a"), _run(generator, tmp_path / "b")
    assert first, f"scripts/{generator}.py --out wrote no files"
    assert sorted(first) == sorted(second), f"scripts/{generator}.py wrote different files"
    differ = [path for path in first if first[path] != second[path]]
    assert not differ, f"scripts/{generator}.py is not reproducible: {differ} differ between runs"


# ---------------------------------------------------------------------------
# The page macros
# ---------------------------------------------------------------------------


def test_fact_fails_clearly_on_an_unknown_name_or_key() -> None:
    with pytest.raises(ValueError, match=r"fact\('relux'\).*did you mean 'relu'"):
        numbers.fact("relux", "min_value")
    with pytest.raises(KeyError, match=r"unknown key; valid keys for relu: .*min_value"):
        numbers.fact("relu", "minimum")
    with pytest.raises(ValueError, match="not attained"):
        numbers.fact("sigmoid", "min_value")  # the infimum 0 is never reached


def test_fact_prints_computed_numbers() -> None:
    props = analysis.properties(actlib.get("silu"))
    assert numbers.fact("silu", "min_value", digits=4) == f"{props.min_value:.4f}"
    assert numbers.fact("sigmoid", "argmax_abs_derivative") == "0"
    assert numbers.fact("relu", "output_range") == r"$[0, \infty)$"


@pytest.mark.parametrize("page_dir", ["functions", "", "concepts/deep"])
def test_card_figures_are_linked_relative_to_the_page(page_dir: str) -> None:
    card = cards.card_markdown(actlib.get("relu"), page_dir)
    for theme in ("light", "dark"):
        target = posixpath.relpath(f"figures/relu.{theme}.svg", page_dir or ".")
        assert f"]({target}#only-{theme})" in card
    assert 'data-functions="relu"' in card


_PRINTED_INTERVAL = re.compile(r"([\[(])(-?[\d.]+|-\\infty), (-?[\d.]+|\\infty)([\])])")


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_vanishing_regions_print_only_ends_inside_the_set(name: str) -> None:
    """Each printed vanishing region lies inside the set where |f'| < 0.01: a closed end
    is a point where actlib's f' is that small, and the set extends a little beyond an
    open one."""
    act = actlib.get(name)
    props = analysis.properties(act)
    for region in props.vanishing:
        printed = fmt.latex_interval_within(region, digits=summary_table.band_digits(region))
        left, lo, hi, right = _PRINTED_INTERVAL.fullmatch(printed).groups()
        for text, closed, inward in ((lo, left == "[", 1), (hi, right == "]", -1)):
            if "infty" in text:
                continue
            end = float(text)
            assert abs(float(act.derivative(end))) < analysis.VANISHING or not closed, (
                f"{name}: {printed} closes at {end}, where |f'| >= {analysis.VANISHING}"
            )
            assert abs(float(act.derivative(end + inward * 1e-3))) < analysis.VANISHING, (
                f"{name}: {printed} is not inside the vanishing set near {end}"
            )


# ---------------------------------------------------------------------------
# The functions index: every family's paragraph and figure name every member
# ---------------------------------------------------------------------------

FUNCTIONS_INDEX = DOCS / "functions" / "index.md"


def _family_sections() -> dict[str, str]:
    """Each family's section of docs/functions/index.md, by the page it heads."""
    text = FUNCTIONS_INDEX.read_text(encoding="utf-8")
    parts = re.split(r"^### \[[^\]]+\]\((\w+)\.md\)\n", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


@pytest.mark.parametrize("family", sorted({actlib.get(n).family for n in actlib.names()}))
def test_each_family_paragraph_links_each_member_and_draws_its_figure(family: str) -> None:
    section = _family_sections().get(family)
    assert section is not None, f"docs/functions/index.md has no ### section for {family}.md"
    for act in actlib.family(family):
        assert f"({family}.md#{act.name})" in section, (
            f"docs/functions/index.md: the {family} paragraph does not link {act.name}: "
            f"add [{act.display_name}]({family}.md#{act.name})"
        )
    assert f'{{{{ family_figure("{family}",' in section


def test_family_figure_alt_text_names_every_member_it_draws(site_dir) -> None:
    html = (site_dir / "functions" / "index.html").read_text(encoding="utf-8")
    for family in {actlib.get(n).family for n in actlib.names()}:
        alts = re.findall(rf'<img alt="([^"]*)"[^>]*family-{family}\.light\.svg', html)
        assert alts, f"no family figure for {family} on the functions index"
        for act in actlib.family(family):
            assert act.display_name in alts[0], f"family-{family}: alt text omits {act.name}"


def test_every_fact_key_is_explained_for_contributors() -> None:
    """The API page's table of fact() keys covers every key fact() accepts."""
    assert set(numbers.MEANING) == {*numbers.COMPUTED, *numbers.METADATA}
    table = api_page.fact_keys()
    for key in numbers.MEANING:
        assert f"| `{key}` |" in table


def test_the_generated_scripts_are_shipped_as_terser_makes_them(site_dir, tmp_path) -> None:
    """Each script a generator writes is kept readable in its output and minified in the
    site (scripts/website/page_assets.py, ahead of the build's last step)."""
    from scripts.shared.minify import minify

    scripts = [p for name in GENERATORS for p in (_output(name) / "javascripts").glob("*.js")]
    assert scripts, "no generator writes a script"
    for script in scripts:
        copy = tmp_path / script.name
        copy.write_bytes(script.read_bytes())
        minify([copy])
        shipped = (site_dir / "javascripts" / script.name).read_bytes()
        assert shipped == copy.read_bytes() != script.read_bytes(), script.name
