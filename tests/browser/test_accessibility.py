"""Every page of the built site in each colour scheme: axe-core (from node_modules) finds no
violation in light or in dark, the scheme follows the reader's system on a first visit, and
the palette toggle switches it and the figures drawn for it.

Fixtures (``page``, ``page_url``, ...) are described in conftest.py.
"""

from __future__ import annotations

import pytest

from scripts import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCHEMES = {"light": "default", "dark": "slate"}  # system preference -> Material's scheme
# The mark of a figure drawn for a scheme, by Material's name of the scheme
SHOWN_IN = {material: f"#only-{system}" for system, material in SCHEMES.items()}

# Each figure drawn for one scheme, and whether it shows. Themed figures, Material's way: the
# light one is hidden in the dark scheme and the dark one in the light scheme.
THEMED_IMAGES = """() => [...document.querySelectorAll(
  'img[src$="#only-light"], img[src$="#only-dark"]'
)].map((img) => ({
  src: img.getAttribute("src"),
  shown: getComputedStyle(img).display !== "none",
}))"""


def describe(violations: list[dict]) -> str:
    """axe's violations as lines a person can act on: rule, impact, help, and where."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.extend(f"      {line}" for line in node["failureSummary"].splitlines())
    return "\n".join(lines)


def wrong_figures(page, page_url: str, scheme: str) -> list[str]:
    """The figures drawn for a scheme that show in the other, or hide in their own."""
    return [
        f"{page_url or 'home'} in {scheme}: {image}"
        for image in page.evaluate(THEMED_IMAGES)
        if image["shown"] != image["src"].endswith(SHOWN_IN[scheme])
    ]


def test_each_scheme_passes_axe_and_the_toggle_switches_it(reused_page, reused_page_log, page_url):
    """In each scheme in turn, the page as a reader whose system is in that scheme first
    opens it (a first visit), each a new load in the module's browser page: Material
    shows that scheme, and axe finds no violation. In the dark one, last, the figures
    drawn for dark show and those for light do not; the palette toggle then switches the
    page to light, and the figures with it. Nothing is logged."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci`")
    failures = []
    for scheme, material_scheme in SCHEMES.items():
        # Material reads the system's scheme once, as its palette mounts (Material 9.8.1,
        # components/palette/index.ts): a page already loaded does not follow a change.
        reused_page.emulate_media(color_scheme=scheme)
        response = reused_page.goto(page_url)
        where = f"{page_url or 'home'} ({scheme})"
        assert response is not None and response.ok, f"{where}: HTTP {response and response.status}"
        shown = reused_page.locator("body").get_attribute("data-md-color-scheme")
        assert shown == material_scheme, f"{where}: Material's scheme is {shown}"
        # The page as it stands once loaded: every section measured, in its place
        # (docs/overrides/partials/site-scripts/deferred-layout.html).
        reused_page.wait_for_function(
            "() => !document.querySelector('.deferred:not(.deferred--measured)')"
        )
        reused_page.add_script_tag(path=str(AXE))
        # Only violations are read: axe then details no passing or incomplete node (axe-core
        # 4.14 API, resultTypes), a quarter of its time; the violations are the same.
        violations = reused_page.evaluate(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations"
        )
        if violations:
            failures.append(f"{where}:\n{describe(violations)}")
    failures += wrong_figures(reused_page, page_url, "slate")
    reused_page.locator("form[data-md-component=palette] label:visible").click()
    shown = reused_page.locator("body").get_attribute("data-md-color-scheme")
    assert shown == "default", f"{page_url or 'home'}: the toggle left the scheme {shown}"
    failures += wrong_figures(reused_page, page_url, "default")
    failures += [f"{page_url or 'home'}: {problem}" for problem in reused_page_log.problems()]
    assert not failures, "\n".join(failures)
