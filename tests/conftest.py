"""Fixtures for the tests of the built site.

Build
    ``site_dir`` (session): the ``Path`` of ONE clean ``mkdocs build --strict`` of the
    repository, made in a temporary folder (never ``site/``) from a copy of its sources
    (``bench_build.copy_of_this_site``) with an empty ``.cache/`` of its own: what a fresh
    clone builds, and the first build of the reproducible-build test, which reuses that
    copy and its caches.
    Edits made to the checkout during a run do not reach it. Under pytest-xdist the workers
    share it: the first one builds under a file lock, the others wait and reuse it. A failed
    build fails every test that asks for it, with the build's output.
    ``site_build`` (session): that build's ``path``, ``log`` (its console output) and
    ``sources`` (the copy it was built from).
    ``site_build_log`` (session): its console output (for the zero-warnings test).
    ``site_pages`` (session): every HTML file of the build, as sorted POSIX paths relative
    to ``site_dir`` (``"index.html"``, ``"functions/relu/index.html"``, ``"404.html"``).
    ``mkdocs_build``: the function ``mkdocs_build(dest, config_file=None, env=None)`` that
    runs a strict build (in the config file's folder, with a fixed ``SOURCE_DATE_EPOCH``)
    and returns ``(returncode, output)``, for tests of the build itself.

Equation checker
    Each page's check is kept in a folder of the session that the workers share (autouse),
    so that a page the equation tests checked is not checked again by another test.

Server
    ``site_url`` (session): ``"http://127.0.0.1:PORT/activations/"``, a server of
    ``site_dir`` under the path of mkdocs.yml's ``site_url``, that gzips text and answers
    unknown paths with 404.html, as GitHub Pages does (``scripts/reports/serve_site.py``). It ends
    with "/": join page URLs to it (``site_url + "functions/"``); never start them with "/".

Browser (tests marked ``@pytest.mark.browser``)
    ``page`` (function): a Playwright page in Debian's headless chromium, in a fresh
    context whose ``base_url`` is ``site_url``, so ``page.goto("functions/logistic/")``
    works. Every request to a host other than 127.0.0.1 is recorded, and fails: no other
    host resolves (``CHROMIUM_ARGS``).
    ``page_log`` (function): what happened in that same page::

        page_log.console_errors     # console.error messages, failed loads included
        page_log.page_errors        # uncaught exceptions in the page's scripts
        page_log.external_requests  # URLs the page tried to fetch from another host
        page_log.problems()         # all of the above as one list of readable lines

    Switch the colour scheme with ``page.emulate_media(color_scheme="dark")`` and the width
    with ``page.set_viewport_size({"width": 375, "height": 800})``.
    ``reused_page`` (function): for a claim about a page as it stands once loaded, not about
    its loading (a new page costs a renderer process, about a core-second): the test
    module's one page per worker, blank, with a new page's viewport and colour scheme;
    each load in it is a reader's first visit (storage empty), while the HTTP cache stays
    warm. ``reused_page_log`` is what happened in it during the test.
    A test that adds init scripts or routes, or reloads expecting what it stored, takes
    ``page``.
    ``new_site_page(browser, site_url, log)``: the context and page ``page`` is made of, for
    a fixture of wider scope.

Order
    The tests marked ``@pytest.mark.slow`` (more than a few seconds) run first.

Page parametrisation
    A test with an argument named ``page_url`` runs once per page of the site
    (``""``, ``"concepts/backpropagation/"``, ..., ``"404.html"``), listed at collection
    time from ``docs/`` and the nav of mkdocs.yml (generated pages included); the
    ``all_page_urls`` fixture is that list. ``test_pages.py`` checks that it matches the
    pages actually built (``site_page_urls``: the URL of each HTML file of the build).
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from scripts import ROOT
from scripts.reports import serve_site
from scripts.reports.bench_build import copy_of_this_site

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # No host but the test server's resolves: nothing a page asks of another host leaves
    # the machine (each request is recorded, see new_site_page). Not a route, which turns
    # the HTTP cache off (Playwright 1.65, crNetworkManager: Network.setCacheDisabled while
    # requests are intercepted) and takes every request through Python.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------
def source_date_epoch() -> str:
    """The build time every test build claims: $SOURCE_DATE_EPOCH, else the last commit's."""
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        return epoch
    commit_time = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return commit_time or "0"


def mkdocs_build(
    dest: Path,
    config_file: Path | None = None,
    env: dict[str, str] | None = None,
) -> tuple[int, str]:
    """Run ``mkdocs build --strict -d dest``; return its exit code and its output.

    It runs in the folder of ``config_file`` (default: the repository's mkdocs.yml), with
    ``SOURCE_DATE_EPOCH`` set so that two builds of the same sources are byte-identical.
    """
    config_file = config_file or ROOT / "mkdocs.yml"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)]
    command += ["-f", str(config_file)]
    result = subprocess.run(
        command,
        cwd=config_file.parent,
        env={**os.environ, **BUILD_ENV, "SOURCE_DATE_EPOCH": source_date_epoch(), **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def html_pages(site: Path) -> list[str]:
    """Every HTML file of a built site, as sorted POSIX paths relative to it."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


@dataclass(frozen=True)
class SiteBuild:
    path: Path
    log: str
    sources: Path  # the copy of the sources it was built from, with the caches it left


# The session's build hashes strings with this seed; the reproducible-build test's others
# with their own, so that an output that follows the order of a set of strings differs.
SITE_HASH_SEED = "1"


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    # Under xdist every worker has its own basetemp inside one folder of the session.
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    site, log_file, status_file = shared / "site", shared / "site.log", shared / "site.status"
    sources = shared / "sources"
    with open(shared / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not status_file.exists():
            config = copy_of_this_site(sources) / "mkdocs.yml"
            returncode, output = mkdocs_build(site, config, {"PYTHONHASHSEED": SITE_HASH_SEED})
            log_file.write_text(output)
            status_file.write_text(str(returncode))
    if status_file.read_text() != "0":
        pytest.fail(f"mkdocs build --strict failed:\n{log_file.read_text()}", pytrace=False)
    return SiteBuild(site, log_file.read_text(), sources)


@pytest.fixture(scope="session", autouse=True)
def _share_checked_pages(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The equation checker keeps each page's check where every worker finds it."""
    # Imported by the test modules that use it, all collected before any fixture runs; not
    # imported here, so that a run without them (pytest tests/actlib) does not load SymPy.
    checked = sys.modules.get("tests.website.claims.page")
    if checked is None:
        return
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    checked.SHARED = shared / "checked-pages"


@pytest.fixture(scope="session")
def site_dir(site_build: SiteBuild) -> Path:
    return site_build.path


@pytest.fixture(scope="session")
def site_build_log(site_build: SiteBuild) -> str:
    return site_build.log


@pytest.fixture(scope="session")
def site_pages(site_dir: Path) -> list[str]:
    return html_pages(site_dir)


@pytest.fixture(name="mkdocs_build")
def _mkdocs_build() -> Callable[..., tuple[int, str]]:
    return mkdocs_build


# ---------------------------------------------------------------------------
# Pages, listed before the build (for parametrisation)
# ---------------------------------------------------------------------------
class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml whatever ``!!python/name:`` or ``!ENV`` tags it holds."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _nav_files(nav: object) -> Iterator[str]:
    if isinstance(nav, str):
        if nav.endswith(".md"):
            yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_files(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_files(value)


def page_url(source: str) -> str:
    """The site URL (relative to the root) of a Markdown source path, with directory URLs."""
    stem = source.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def mkdocs_config() -> dict:
    """mkdocs.yml as plain data (its tags read as None), without loading any plugin."""
    return yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_TolerantLoader)


def expected_page_urls() -> list[str]:
    """Every page the build should make: docs/*.md, the nav's (generated) pages, 404.html."""
    config = mkdocs_config()
    docs = ROOT / "docs"
    sources = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    sources |= set(_nav_files(config.get("nav")))
    sources = {s for s in sources if not s.startswith("overrides/")}
    return [*sorted({page_url(s) for s in sources}), "404.html"]


def html_page_url(html_path: str) -> str:
    """The site URL of a built HTML file: ``a/index.html`` -> ``a/``, ``404.html`` unchanged."""
    return html_path.removesuffix("index.html")


@pytest.fixture(scope="session")
def all_page_urls() -> list[str]:
    return expected_page_urls()


@pytest.fixture(scope="session")
def site_page_urls(site_pages: list[str]) -> list[str]:
    return sorted(html_page_url(p) for p in site_pages)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked slow run first, in their order, and the rest after them: under
    pytest-xdist a long test that started last would keep one worker busy after the other
    has run out of tests."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "page_url" in metafunc.fixturenames:
        urls = expected_page_urls()
        metafunc.parametrize("page_url", urls, ids=[u or "home" for u in urls])


# ---------------------------------------------------------------------------
# Server and browser
# ---------------------------------------------------------------------------
@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    base = urlsplit(mkdocs_config()["site_url"]).path or "/"
    with serve_site.serve(site_dir, base) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@dataclass
class PageLog:
    """What a page did that a clean page never does."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"request to another host: {u}" for u in self.external_requests]
        )

    def clear(self) -> None:
        """Forget what was logged: a page that serves several tests, one after another."""
        self.console_errors.clear()
        self.page_errors.clear()
        self.external_requests.clear()


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def page(browser, site_url: str, page_log: PageLog) -> Iterator[object]:
    context, new_page = new_site_page(browser, site_url, page_log)
    yield new_page
    context.close()


# The viewport of a new page (Playwright's default): where a reused page starts again.
NEW_PAGE_VIEWPORT = {"width": 1280, "height": 720}


# Run as each document of a reused page starts: every load is a first visit. (Cleared from
# the document before, the storage could still reach the next one: Chromium hands a
# renderer's changes to the storage service asynchronously, and the next document, in a
# new renderer process, read the palette the last one had stored: in 2 of the colour
# scheme test's 33 pages in one run, 4 in the next.)
FORGET_STORAGE = """
if (location.protocol.startsWith("http")) {
  localStorage.clear();
  sessionStorage.clear();
}
"""


@pytest.fixture(scope="module")
def _module_page(browser, site_url: str) -> Iterator[tuple[object, PageLog]]:
    log = PageLog()
    context, new_page = new_site_page(browser, site_url, log)
    new_page.add_init_script(FORGET_STORAGE)
    yield new_page, log
    context.close()


@pytest.fixture
def reused_page(_module_page: tuple[object, PageLog]) -> object:
    """The test module's one browser page (per worker), for a test whose claim is about a
    page as it stands once loaded, not about its loading: the HTTP cache stays warm from
    the tests before. It starts blank, with a new page's viewport and colour scheme, and
    each load in it is a first visit: its storage is emptied as each document starts."""
    reused, log = _module_page
    reused.goto("about:blank")
    reused.set_viewport_size(NEW_PAGE_VIEWPORT)
    reused.emulate_media(color_scheme="light")
    log.clear()
    return reused


@pytest.fixture
def reused_page_log(_module_page: tuple[object, PageLog], reused_page: object) -> PageLog:
    """What happened in ``reused_page`` during this test (``page_log``'s fields)."""
    return _module_page[1]


def new_site_page(browser, site_url: str, page_log: PageLog) -> tuple[object, object]:
    """A page in a fresh context, as the ``page`` fixture describes it, logging into
    ``page_log``; returns the context (for the caller to close) and the page."""
    context = browser.new_context(base_url=site_url, service_workers="block")
    context.set_default_timeout(15_000)

    def record(request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname != "127.0.0.1":
            page_log.external_requests.append(request.url)

    context.on("request", record)
    new_page = context.new_page()

    def on_console(message) -> None:
        if message.type == "error":
            location = message.location.get("url", "")
            page_log.console_errors.append(
                f"{message.text} ({location})" if location else message.text
            )

    new_page.on("console", on_console)
    new_page.on("pageerror", lambda error: page_log.page_errors.append(str(error)))
    return context, new_page


@pytest.fixture
def instant_navigation(page, site_url: str) -> None:
    """Let Material's instant navigation work on the test server.

    Material takes over only links listed in sitemap.xml, after moving each URL to the
    page's protocol and host name, but not its port. Served from 127.0.0.1:PORT, no link
    would match; the sitemap's URLs are rewritten to this server, which is what GitHub
    Pages serves at the real address."""
    published = mkdocs_config()["site_url"]

    def rewrite(route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace(published, site_url))

    page.route("**/sitemap.xml", rewrite)
