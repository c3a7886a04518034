"""Layout shift as a page loads (the CLS metric), as the first-visit tests measure it."""

from __future__ import annotations

# Layout shifts not caused by input, summed as the browser reports them (the CLS metric).
RECORD_LAYOUT_SHIFTS = """
window.__layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__layoutShift += entry.value;
  }
}).observe({ type: "layout-shift", buffered: true });
"""


# Two pages Chromium paints before their HTML is all parsed, and shifts as the rest
# arrives: Material's short 404 page (its footer, 0.0103 in about one load in three)
# and the summary table (41 rows in 12 tables, whose columns widen as later rows are
# parsed: 0.002 on an idle machine, up to 0.042 while the test suite loads both cores).
LAYOUT_SHIFT_BOUNDS = {"404.html": 0.015, "reference/summary-table/": 0.05}
LAYOUT_SHIFT_BOUND = 0.01


def settled_layout_shift(page, page_url: str) -> float:
    """The layout shift of a load of ``page_url`` in ``page`` (with RECORD_LAYOUT_SHIFTS),
    once the network is quiet and half a second later."""
    response = page.goto(page_url)
    assert response is not None and response.ok, f"{page_url}: HTTP {response and response.status}"
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    return page.evaluate("window.__layoutShift")


def moved(page_url: str, width: int, shifts: list[float], bound: float) -> str | None:
    """What is wrong, if the smaller of the loads' layout shifts is over ``bound``.

    The smaller of two loads: on a loaded machine a preloaded math font can still arrive
    after the first layout and reflow a line of text; a shift the page causes itself (an
    element without its size) shows on every load. The second load can only lower the
    smaller, so it is made only when the first is over the bound."""
    shift = min(shifts)
    if shift <= bound:
        return None
    return (
        f"{page_url or 'home'} at {width}px: cumulative layout shift {shift:.4f} (loads: "
        + ", ".join(f"{s:.4f}" for s in shifts)
        + f"), over the bound {bound}"
    )


def layout_shift_failure(page, page_url: str, width: int) -> str | None:
    """Load ``page_url`` in ``page`` (RECORD_LAYOUT_SHIFTS added before) and say what is
    wrong if it moves more than its bound; a second load only if the first is over it."""
    bound = LAYOUT_SHIFT_BOUNDS.get(page_url, LAYOUT_SHIFT_BOUND)
    shifts = [settled_layout_shift(page, page_url)]
    if shifts[0] > bound:
        shifts.append(settled_layout_shift(page, page_url))
    return moved(page_url, width, shifts, bound)
