"""Every page of the built site in headless Chromium: math, errors, requests, layout shift
and weight on a first visit, deferred sections, anchors, keys. (Colour schemes are in
test_accessibility.py, a phone's first visit in test_formula_width.py.)

Fixtures (``page``, ``page_log``, ``page_url``, ...) are described in conftest.py; the page
weight's measure and budget are in page_weight.py.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser import page_weight as weight
from tests.browser.layout_shift import (
    LAYOUT_SHIFT_BOUND,
    LAYOUT_SHIFT_BOUNDS,
    RECORD_LAYOUT_SHIFTS,
    moved,
    settled_layout_shift,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
LAPTOP = {"width": 1280, "height": 720}

# The text a reader sees, without code (which may show TeX on purpose).
VISIBLE_TEXT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll("pre, code, script, style").forEach((e) => e.remove());
  return body.textContent;
}"""

# How the browser laid out the page's MathML: the font it drew with, whether the math font
# loaded, and whether fractions stand taller than their line (laid out as math, not text).
MATH_LAYOUT = """async () => {
  await document.fonts.ready;
  const math = [...document.querySelectorAll("math")];
  const fractions = [...document.querySelectorAll("mfrac")];
  return {
    count: math.length,
    families: [...new Set(math.map((m) => getComputedStyle(m).fontFamily))],
    loaded: document.fonts.check('16px "STIX Two Math"', "x"),
    flatFractions: fractions.filter((f) => {
      const [top, bottom] = [...f.children].map((c) => c.getBoundingClientRect());
      return !(top && bottom && top.bottom <= bottom.top + 1);
    }).length,
  };
}"""


def open_page(page, page_url: str, *, settle: bool = False) -> None:
    """Load a page; with ``settle``, also wait until the network is quiet (late requests)."""
    response = page.goto(page_url)
    assert response is not None and response.ok, f"{page_url}: HTTP {response and response.status}"
    if settle:
        page.wait_for_load_state("networkidle")


def test_every_built_page_is_tested(site_page_urls, all_page_urls):
    assert sorted(site_page_urls) == sorted(all_page_urls)


def unclean(page, page_url: str) -> list[str]:
    """What shows, on the page as it stands, that its math is not rendered as MathML."""
    name = page_url or "home"
    failures = []
    text = page.evaluate(VISIBLE_TEXT)
    raw = [marker for marker in ("\\(", "\\)", "\\[", "\\]", "$$", "\\begin{") if marker in text]
    if raw:
        failures.append(f"{name}: TeX left unrendered in the text: {raw}")
    unrendered = page.locator(".arithmatex:not(:has(math))")
    if count := unrendered.count():
        first = unrendered.first.inner_text()
        failures.append(f"{name}: {count} .arithmatex without MathML, the first {first!r}")
    layout = page.evaluate(MATH_LAYOUT)
    if layout["count"]:
        if layout["families"] != ['"STIX Two Math", math']:
            failures.append(
                f"{name}: math drawn in {layout['families']}, not ['\"STIX Two Math\", math']"
            )
        if not layout["loaded"]:
            failures.append(f"{name}: the math font did not load")
        # A numerator above its denominator: MathML laid out, not run together as text.
        if layout["flatFractions"]:
            failures.append(
                f"{name}: {layout['flatFractions']} fractions laid out flat, their numerator "
                f"not above the denominator: {layout}"
            )
    return failures


def test_site_has_themed_figures(site_dir):
    """The scheme test (test_accessibility.py) only bites if figures exist: make sure they do."""
    pages = [p for p in site_dir.rglob("*.html") if "#only-dark" in p.read_text()]
    assert pages, "no page shows a figure with light and dark versions (#only-light/#only-dark)"


# The element that has the keyboard focus, described, with whether one can see the focus.
# A visually hidden input (Material's palette toggle) shows its focus on the label after it.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const hidden = e.offsetWidth === 0 && e.offsetHeight === 0;
  const shown = hidden && e.nextElementSibling?.tagName === "LABEL" ? e.nextElementSibling : e;
  const style = getComputedStyle(shown);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {
    what: e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ")[0] : ""),
    inMain: Boolean(e.closest(".md-content")),
    isSearch: Boolean(e.closest(".md-search")) || e.getAttribute("for") === "__search",
    // Focus in the search box opens the search dialog: that is its visible focus.
    searchOpen: e.matches(".md-search__input") && document.getElementById("__search").checked,
    visible: (e.matches(":focus-visible") || e.classList.contains("focus-visible"))
      && (outline || style.boxShadow !== "none"),
  };
}"""


def focus_after_handlers_ran(page):
    """FOCUSED, once the focus is visible or a second has passed.

    Material answers focus in event handlers (focus in the search box opens the search
    dialog): on a busy machine they may run after the key press returns.
    """
    try:
        page.wait_for_function(
            f"() => {{ const f = ({FOCUSED})(); return !f || f.visible || f.searchOpen; }}",
            timeout=1000,
        )
    except PlaywrightTimeout:
        pass  # the assertion below reports what is focused and not visible
    return page.evaluate(FOCUSED)


@pytest.mark.parametrize("url", ["", "functions/"])
def test_keyboard_reaches_search_and_content_with_visible_focus(page, url):
    open_page(page, url)
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = focus_after_handlers_ran(page)
        if focused:
            reached.append(focused)
            seen = focused["visible"] or focused["searchOpen"]
            assert seen, f"{url}: no visible focus on {focused['what']}"
        if any(f["isSearch"] for f in reached) and any(f["inMain"] for f in reached):
            break
    assert any(f["isSearch"] for f in reached), f"Tab never reaches search: {reached}"
    assert any(f["inMain"] for f in reached), f"Tab never reaches the content: {reached}"


def test_a_request_to_another_host_is_recorded_and_goes_nowhere(page, page_log, site_url):
    """What the "asks no other host" claims rest on: a page's request to another host is in
    the page's log, and fails, as no other host resolves: not even ``localhost``, which
    names this machine and would reach the test server itself."""
    page.goto("")
    elsewhere = site_url.replace("127.0.0.1", "localhost") + "index.html"
    outcome = page.evaluate(
        """async (url) => {
          try {
            await fetch(url, { mode: "no-cors" });
            return "answered";
          } catch (err) {
            return "failed";
          }
        }""",
        elsewhere,
    )
    assert outcome == "failed", f"{elsewhere} answered"
    assert page_log.external_requests == [elsewhere]


def test_a_first_visit_is_clean_still_and_light(page, page_log, page_url, bare_page_bytes):
    """A reader's first visit at a laptop's size (1280x720, an empty HTTP cache), one load
    for three claims:

    - the math is rendered, and the page logs no error and asks no other host for anything;
    - nothing moves: a cumulative layout shift of at most 0.01 (LAYOUT_SHIFT_BOUNDS
      names two exceptions) while the page loads and its explorers mount, each reserving
      its room, as Lighthouse measures it: without scrolling. (Scrolling down a function
      page still moves it a little, as a compact explorer's plot is drawn when it nears
      the screen: not yet held to this bound.)
    - it transfers at most twice a bare Material page (page_weight.py).

    The load waits as long as the slowest of the three needs: the network quiet, the fonts
    ready, the network quiet again (late requests), then half a second (late shifts).
    Every failure is reported."""
    page.set_viewport_size(LAPTOP)
    page.add_init_script(RECORD_LAYOUT_SHIFTS)
    # The weight is what the first screen costs: a taller one also fetches ahead what lies
    # below it (the explorer's scripts, once a card is within half a screen,
    # partials/site-scripts/explorer-loader.html: at 800 px on functions/logistic/ and
    # linear/, 16 KB for a card below the first screen).
    sizes = weight.transferred(page, page_url, quiet_ms=500)
    shifts = [page.evaluate("window.__layoutShift")]
    failures: list[str | None] = [*unclean(page, page_url)]
    failures.append(weight.over_the_budget(page_url, sizes, bare_page_bytes))
    bound = LAYOUT_SHIFT_BOUNDS.get(page_url, LAYOUT_SHIFT_BOUND)
    if shifts[0] > bound:  # a second load, with the HTTP cache of the first
        shifts.append(settled_layout_shift(page, page_url))
    failures.append(moved(page_url, LAPTOP["width"], shifts, bound))
    # The page's log over both loads.
    failures += [f"{page_url or 'home'}: {problem}" for problem in page_log.problems()]
    found = [failure for failure in failures if failure]
    assert not found, "\n".join(found)


# Whether the browser draws the first element of each deferred section body.
SECTIONS_DRAWN = """() => [...document.querySelectorAll("article .deferred")].map(
  (block) => block.firstElementChild.checkVisibility({ contentVisibilityAuto: true }))"""

ALL_SECTIONS_MEASURED = (
    "() => [...document.querySelectorAll('article .deferred')]"
    ".every((block) => block.matches('.deferred--measured'))"
)

# Each deferred block's height as the page stands, then as the browser draws it, once the
# block is scrolled into view: a block far from the screen counts as the height of its
# placeholder, and that must be its true height.
BLOCK_HEIGHTS = """async () => {
  const blocks = [...document.querySelectorAll("article .deferred")];
  const height = (block) => block.getBoundingClientRect().height;
  // An explorer not yet mounted holds its smallest room and grows as it mounts, near the
  // screen: its block is not compared.
  const unmounted = (block) => block.querySelector(".explorer:empty");
  const standing = blocks.map((block) => (unmounted(block) ? null : height(block)));
  const frame = () => new Promise((done) => requestAnimationFrame(done));
  const shown = (block) => block.firstElementChild.checkVisibility({ contentVisibilityAuto: true });
  const drawn = [];
  for (const block of blocks) {
    block.scrollIntoView({ behavior: "instant" });
    for (let k = 0; k < 30 && !shown(block); k += 1) await frame();
    drawn.push(shown(block) ? height(block) : null);
  }
  scrollTo({ top: 0, behavior: "instant" });
  await frame();
  return { standing, drawn };
}"""


def assert_every_block_has_its_true_height(page: Page) -> None:
    page.wait_for_function(ALL_SECTIONS_MEASURED)
    heights = page.evaluate(BLOCK_HEIGHTS)
    assert None not in heights["drawn"], f"a block scrolled into view is not drawn: {heights}"
    both = zip(heights["standing"], heights["drawn"], strict=True)
    pairs = [(k, standing, drawn) for k, (standing, drawn) in enumerate(both) if standing]
    assert len(pairs) > 5, f"only {len(pairs)} blocks without an explorer: {heights}"
    wrong = [(k, round(a), round(b)) for k, a, b in pairs if abs(a - b) > 0.5]
    assert not wrong, f"blocks (index, placeholder px, true px) at the wrong height: {wrong}"


@pytest.mark.parametrize("width", [1280, PHONE["width"]])
def test_sections_far_from_the_screen_take_their_true_height_after_the_page_has_loaded(
    page, page_log, instant_navigation, width
):
    """Skipped while the page loads; then, without the reader scrolling, each is measured
    and keeps its true height while the browser still skips drawing it, on the page first
    opened and on a page reached by instant navigation."""
    # Runs before the page's own load handlers, which only schedule the work.
    page.add_init_script(
        f"addEventListener('load', () => {{ window.__atLoad = ({SECTIONS_DRAWN})(); }})"
    )
    page.set_viewport_size({"width": width, "height": 800})
    open_page(page, "functions/rectifier/")
    at_load = page.wait_for_function("() => window.__atLoad").json_value()
    assert len(at_load) > 5 and not at_load[-1], f"every section drawn at load: {at_load}"
    page.wait_for_function(ALL_SECTIONS_MEASURED)
    assert page.evaluate("window.scrollY") == 0
    drawn = page.evaluate(SECTIONS_DRAWN)
    assert not drawn[-1], "the last section is drawn, far from the screen"
    assert_every_block_has_its_true_height(page)

    page.evaluate("window.__sameDocument = true")
    page.evaluate("document.querySelector('article').dataset.left = 'yes'")
    page.wait_for_timeout(500)  # Material takes over links once it has read the sitemap
    # The navigation drawer is closed on a phone: the click goes to the link directly.
    page.locator('nav.md-nav--primary a[href$="logistic/"]').first.dispatch_event("click")
    page.wait_for_url("**/functions/logistic/")
    # The address changes before Material puts the new page's content in place.
    page.wait_for_function("() => !document.querySelector('article[data-left]')")
    assert page.evaluate("window.__sameDocument") is True, "navigation reloaded the page"
    assert_every_block_has_its_true_height(page)
    assert not page_log.problems()


# Where every element of the article's deferred blocks stands, each block drawn as the
# browser draws it near the screen (layout, style and paint contained), then with the
# blocks taken out of the document and their children put in their place: the page as it
# would be without deferred layout. Both in one task, so that nothing else runs between.
PLACES_WITH_AND_WITHOUT_BLOCKS = """async () => {
  await document.fonts.ready;
  const blocks = [...document.querySelectorAll("article .deferred")];
  const elements = blocks.flatMap((block) => [...block.children]);
  const article = document.querySelector("article");
  const places = () => {
    const origin = article.getBoundingClientRect().top;
    return elements.map((element) => element.getBoundingClientRect().top - origin);
  };
  for (const block of blocks)
    Object.assign(block.style, { contentVisibility: "visible", contain: "layout style paint" });
  const wrapped = places();
  for (const block of blocks) block.replaceWith(...block.childNodes);
  const unwrapped = places();
  const names = elements.map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
  return { wrapped, unwrapped, names };
}"""


def test_deferred_blocks_leave_every_element_where_it_would_be_without_them(reused_page, page_url):
    """A block keeps its children's margins inside it, and extra.css zeroes those at its
    edges, also the ones a wrapper at an edge lets through (a code block's <pre>): the gaps
    stay those of the page without blocks only if the cuts fall between elements whose
    margins allow it (deferred_layout.CUT_AFTER, CUT_BEFORE) and those rules cover every
    wrapper the pages put at a block's edge. At a laptop's and a phone's width, each a
    load of its own (the measure takes the blocks apart)."""
    failures = []
    for width in (1280, PHONE["width"]):
        reused_page.set_viewport_size({"width": width, "height": 800})
        open_page(reused_page, page_url)
        reused_page.wait_for_function(ALL_SECTIONS_MEASURED)
        found = reused_page.evaluate(PLACES_WITH_AND_WITHOUT_BLOCKS)
        if not found["names"]:
            pytest.skip(f"{page_url} has no deferred blocks")
        places = zip(found["names"], found["wrapped"], found["unwrapped"], strict=True)
        moved = [(name, round(a, 1), round(b, 1)) for name, a, b in places if abs(a - b) > 0.5]
        if moved:
            failures.append(
                f"{page_url} at {width}px: (element, px with blocks, without) {moved[:5]}"
            )
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("width", [1280, PHONE["width"]])
@pytest.mark.parametrize(
    "address, anchor",
    [
        ("functions/rectifier/", "threshold"),
        # left out of the table of contents (toc_depth): inside a deferred block
        ("reference/api/", "actlib.Activation.computed"),
    ],
)
def test_a_link_into_the_page_lands_on_its_heading(page, page_log, width, address, anchor):
    """Sections above the target are still placeholders of a guessed height when the
    browser scrolls to it: the heading must land at the top and stay there while every
    section around it is measured, and Material's table of contents must follow."""
    page.set_viewport_size({"width": width, "height": 800})
    open_page(page, f"{address}#{anchor}", settle=True)
    heading = page.locator(f"[id='{anchor}']")
    top = heading.evaluate("(h) => h.getBoundingClientRect().top")
    page.wait_for_function(ALL_SECTIONS_MEASURED)
    later = heading.evaluate("(h) => h.getBoundingClientRect().top")
    header = page.locator(".md-header").evaluate("(h) => h.getBoundingClientRect().bottom")
    assert header <= top <= header + 40, f"heading at {top}px, under a {header}px header"
    assert abs(later - top) < 1, f"the heading moved from {top}px to {later}px"
    listed = page.locator(f".md-sidebar--secondary a[href='#{anchor}']")
    if width >= 1220 and listed.count():  # the table of contents is on screen
        active = page.locator(".md-sidebar--secondary .md-nav__link--active").first
        assert (active.get_attribute("href") or "").endswith(f"#{anchor}")
    assert not page_log.problems()


def test_search_highlights_terms_inside_sections_far_from_the_screen(page, page_log):
    """Material marks the searched words once its search index has loaded."""
    open_page(page, "functions/rectifier/?h=kink", settle=True)
    page.wait_for_selector("article mark", state="attached")
    marks = page.locator("article .deferred mark")
    assert marks.count() > 3
    assert "kink" in (marks.last.text_content() or "").lower()
    assert not page_log.problems()


# Every time <body> is marked data-md-color-switching (Material's palette, which restyles
# the whole page with the mark and again without it).
RECORD_SWITCHING_MARKS = """
window.__switchingMarks = 0;
new MutationObserver((changes) => {
  for (const change of changes)
    if (change.target === document.body && change.target.hasAttribute(change.attributeName))
      window.__switchingMarks += 1;
}).observe(document, { subtree: true, attributeFilter: ["data-md-color-switching"] });
"""


# Every change to the <meta name="color-scheme"> elements (added, removed, given a value)
# once <body> has begun, that is once the page may be styled: in Chromium each one
# restyles the whole page.
RECORD_COLOR_SCHEME_CHANGES = """
window.__colorSchemeChanges = [];
const isScheme = (node) => node.nodeName === "META" && node.name === "color-scheme";
new MutationObserver((changes) => {
  for (const change of changes) {
    const nodes = [change.target, ...change.addedNodes, ...change.removedNodes];
    if (document.body && nodes.some(isScheme)) window.__colorSchemeChanges.push(change.type);
  }
}).observe(document, { subtree: true, childList: true, attributes: true });
"""

COLOR_SCHEME = """() => ({
  metas: [...document.querySelectorAll('meta[name="color-scheme"]')].map((m) => m.content),
  header: getComputedStyle(document.querySelector(".md-header")).colorScheme,
})"""


@pytest.mark.parametrize("system", ["light", "dark"])
def test_the_page_colour_scheme_is_set_before_the_page_is_styled_and_follows_the_toggle(
    page, page_log, instant_navigation, system
):
    """One <meta name="color-scheme">, written in <head> with the scheme Material applies
    (partials/patches/color-scheme.html): none is added or changed as the page starts,
    whatever the system's preference; the toggle, a reload with the stored palette and
    instant navigation to another page still leave the scheme the browser reads (the first
    meta) right."""
    page.emulate_media(color_scheme=system)
    page.add_init_script(RECORD_COLOR_SCHEME_CHANGES)
    open_page(page, "functions/rectifier/", settle=True)
    scheme = page.evaluate(COLOR_SCHEME)
    assert scheme["metas"] == [system] and scheme["header"] == system, scheme
    assert page.evaluate("window.__colorSchemeChanges") == []

    page.locator("form[data-md-component=palette] label:visible").click()
    page.wait_for_function("() => !document.body.hasAttribute('data-md-color-switching')")
    toggled = "light" if system == "dark" else "dark"
    page.wait_for_function(f"() => ({COLOR_SCHEME})().metas[0] === {toggled!r}")
    assert page.evaluate(COLOR_SCHEME) == {"metas": [toggled], "header": toggled}

    page.reload()  # the stored palette, now the other scheme
    page.wait_for_load_state("networkidle")
    assert page.evaluate(COLOR_SCHEME) == {"metas": [toggled], "header": toggled}
    assert page.evaluate("window.__colorSchemeChanges") == []

    page.evaluate("window.__sameDocument = true")
    page.locator('nav.md-nav--primary a[href$="logistic/"]').first.dispatch_event("click")
    page.wait_for_url("**/functions/logistic/")
    assert page.evaluate("window.__sameDocument") is True, "navigation reloaded the page"
    scheme = page.evaluate(COLOR_SCHEME)
    assert scheme["metas"][0] == scheme["header"] == toggled, scheme
    assert not page_log.problems()


@pytest.mark.parametrize("system", ["light", "dark"])
def test_the_palette_restyles_the_page_only_when_the_colours_change(page, page_log, system):
    """At load Material applies the colours the page already has: the template
    (partials/patches/palette-switching.html) keeps its switching mark off then. A dark
    system preference on a first visit does change them, and so does the toggle: both still
    go through Material's mark (no colour transition runs while the scheme changes), and the
    toggle still switches the scheme."""
    page.emulate_media(color_scheme=system)
    page.add_init_script(RECORD_SWITCHING_MARKS)
    open_page(page, "functions/rectifier/", settle=True)
    changed_at_load = system == "dark"  # the page is built in the first, light palette
    assert page.evaluate("window.__switchingMarks") == int(changed_at_load)

    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").click()
    page.wait_for_function("() => !document.body.hasAttribute('data-md-color-switching')")
    assert page.locator("body").get_attribute("data-md-color-scheme") != scheme
    assert page.evaluate("window.__switchingMarks") == int(changed_at_load) + 1

    page.reload()  # the stored palette is applied before Material's: nothing changes
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__switchingMarks") == 0
    assert not page_log.problems()
