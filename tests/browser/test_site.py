"""The course website, read as a visitor would: built from the chapters' stored outputs
(book/build.py, as `make site` does), served on 127.0.0.1 and opened page by page in Chromium
with every other host unreachable.

Each chapter's page must ask nothing of another host, show every figure of its notebook (loaded,
with the figure's own alt text), every code cell and section, and link to the other chapters.
axe-core checks every page in light and dark mode: a violation inside the page's content (the
course's own text, code and outputs) fails; one in the theme's chrome (sidebars, header, search)
is named in the output and in artifacts/axe/site.json, and left. Screenshots go to
artifacts/screenshots/site/.
"""

import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from axe import describe, run_axe, split_violations

pytestmark = [pytest.mark.browser, pytest.mark.site]

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
# Pages of the theme's own, with no course content, that axe checks too.
THEME_PAGES = ["search", "genindex"]
# The page's own content; everything outside it is the theme's chrome.
CONTENT = "article.bd-article"
SCREENSHOTS = ROOT / "artifacts" / "screenshots" / "site"
AXE_REPORT = ROOT / "artifacts" / "axe" / "site.json"
MAX_SHOT_HEIGHT = 8000
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# A tag that makes the browser fetch something (not a link the reader may follow).
FETCHING_TAG = re.compile(r"<(script|img|iframe|source|link|audio|video)\b[^>]*>", re.I)
OTHER_HOST = re.compile(r"""\b(src|href|srcset)=["'](https?:)?//""", re.I)

PAGE_JS = """(content) => {
    const article = document.querySelector(content);
    return {
        images: Array.from(document.images).map(img => ({
            src: img.getAttribute('src'),
            loaded: img.complete && img.naturalWidth > 0,
            alt: (img.getAttribute('alt') || '').trim(),
            inContent: Boolean(img.closest(content)),
        })),
        codeCells: article.querySelectorAll('div.cell').length,
        sections: Array.from(article.querySelectorAll('section > h2'))
            .map(h => h.parentElement.id),
        contents: Array.from(document.querySelectorAll('.bd-sidebar-secondary nav a'))
            .map(a => a.getAttribute('href')),
        chapterLinks: Array.from(document.querySelectorAll('nav.bd-docs-nav a'))
            .map(a => a.getAttribute('href')),
        previous: document.querySelector('a.left-prev')?.getAttribute('href') || null,
        next: document.querySelector('a.right-next')?.getAttribute('href') || null,
        text: article.innerText,
    };
}"""


def figure_alts(notebook):
    """The alt text of every figure (image/png output) in the notebook, in order."""
    return [
        output.get("metadata", {}).get("image/png", {}).get("alt", "")
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]


def count_outputs(notebook, mime_type):
    return sum(
        mime_type in output.get("data", {})
        for cell in notebook.cells
        for output in cell.get("outputs", [])
    )


def page_name(chapter):
    return chapter.stem + ".html"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Build the website from the committed chapters into a temporary folder; return html/."""
    pytest.importorskip(
        "jupyter_book", reason="the site extra isn't installed (`make site-check` installs it)"
    )
    out = tmp_path_factory.mktemp("site")
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(ROOT / "book" / "build.py"), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - start
    assert done.returncode == 0, f"book/build.py failed:\n{done.stdout[-3000:]}{done.stderr}"
    html = out / "html"
    size = sum(path.stat().st_size for path in html.rglob("*") if path.is_file())
    print(f"\nsite: built {len(CHAPTERS)} chapters in {seconds:.1f} s, {size / 1e6:.1f} MB")
    return html


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request to the test output."""

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site_url(site):
    """Serve the built site on 127.0.0.1 (a free port) for the module's tests."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def offline(chromium, site_url):
    """A browser context that reaches only the site's server: any other request is aborted
    and recorded in the list this yields with the context."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    elsewhere = []
    origin = urlsplit(site_url)

    def only_the_site(route):
        url = urlsplit(route.request.url)
        if (url.scheme, url.hostname, url.port) == (origin.scheme, "127.0.0.1", origin.port):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_site)
    yield context, elsewhere
    context.close()


@pytest.fixture(scope="module")
def site_screenshots():
    """artifacts/screenshots/site/ (the website's own folder), emptied of an earlier run."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


@pytest.fixture(scope="module")
def axe_report():
    """Every axe violation found, by page and colour scheme; written to artifacts/ at the end."""
    report = {}
    yield report
    AXE_REPORT.parent.mkdir(parents=True, exist_ok=True)
    AXE_REPORT.write_text(json.dumps(report, indent=1))
    theme = sorted(
        {(v["id"], v["help"]) for page in report.values() for v in page["theme"]},
    )
    print(f"\nsite axe: theme findings on {len(report)} page views (left): {len(theme)} rules")
    for rule, meaning in theme:
        pages = sum(any(v["id"] == rule for v in page["theme"]) for page in report.values())
        print(f"  {rule}: {meaning} ({pages} page views)")
    print(f"site axe: details in {AXE_REPORT}")


def open_offline(offline, url):
    """Open `url` in a new page of the offline context; return the page and the outside
    requests it made (waits until the network has been quiet, so late requests count)."""
    context, elsewhere = offline
    elsewhere.clear()
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    return page, list(elsewhere)


def test_no_page_refers_to_another_host_for_what_it_loads(site):
    """Scripts, styles, fonts, images and frames all come from the site itself, even those a
    page would load only later (after a click); links that a reader follows may go anywhere."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > len(CHAPTERS)
    for path in pages:
        html = path.read_text(encoding="utf-8")
        outside = [
            match.group(0)[:160]
            for match in FETCHING_TAG.finditer(html)
            if OTHER_HOST.search(match.group(0))
        ]
        assert not outside, f"{path.relative_to(site)} loads from another host: {outside}"
    for path in sorted(site.rglob("*.css")):
        css = path.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"""url\(\s*["']?(https?:)?//""", css), f"{path.name}: url() elsewhere"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_chapter_page_shows_the_chapter_offline(offline, site_url, site_screenshots, chapter):
    notebook = nbformat.read(chapter, as_version=4)
    page, elsewhere = open_offline(offline, f"{site_url}/{page_name(chapter)}")
    try:
        shown = page.evaluate(PAGE_JS, CONTENT)
        height = page.evaluate("() => document.documentElement.scrollHeight")
        page.screenshot(
            path=str(site_screenshots / f"{chapter.stem}.png"),
            full_page=True,
            clip={"x": 0, "y": 0, "width": 1280, "height": min(height, MAX_SHOT_HEIGHT)},
        )
    finally:
        page.close()

    assert not elsewhere, f"{chapter.stem}: requests to other hosts: {elsewhere}"

    # Every figure of the notebook, loaded, with its own description as alt text.
    images = shown["images"]
    broken = [image["src"] for image in images if not image["loaded"]]
    assert not broken, f"{chapter.stem}: images that did not load: {broken}"
    unnamed = [image["src"] for image in images if not image["alt"]]
    assert not unnamed, f"{chapter.stem}: images without alt text: {unnamed}"
    in_content = [image["alt"] for image in images if image["inContent"]]
    expected = figure_alts(notebook)
    assert len(in_content) == len(expected), (
        f"{chapter.stem}: the page shows {len(in_content)} figures, the notebook has "
        f"{len(expected)}"
    )
    assert in_content == expected, f"{chapter.stem}: alt texts differ from the notebook's"

    # Every code cell that has code, every section in the page's contents.
    code_cells = [c for c in notebook.cells if c.cell_type == "code" and c.source.strip()]
    assert shown["codeCells"] == len(code_cells)
    headings = [
        line
        for cell in notebook.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("## ")
    ]
    assert len(shown["sections"]) == len(headings), f"{chapter.stem}: sections missing"
    missing = [s for s in shown["sections"] if f"#{s}" not in shown["contents"]]
    assert not missing, f"{chapter.stem}: sections not in the page's contents: {missing}"

    # Widgets: a note instead of a widget (or its Python repr); no widget JavaScript.
    widgets = count_outputs(notebook, WIDGET_VIEW)
    assert shown["text"].count("An interactive widget appears here") == widgets
    assert "interactive(children=" not in shown["text"]

    # Navigation: every chapter in the sidebar, the neighbours as previous and next.
    others = [page_name(c) for c in CHAPTERS if c != chapter]
    assert sorted(link for link in shown["chapterLinks"] if link != "#") == sorted(others)
    index = CHAPTERS.index(chapter)
    before = page_name(CHAPTERS[index - 1]) if index > 0 else None
    after = page_name(CHAPTERS[index + 1]) if index + 1 < len(CHAPTERS) else None
    assert (shown["previous"], shown["next"]) == (before, after)


def test_search_finds_a_chapter_offline(offline, site_url):
    """The search page works from the site's own index, with no other host."""
    page, _ = open_offline(offline, f"{site_url}/search.html?q=backpropagation")
    try:
        page.wait_for_selector("#search-results li a")
        found = page.eval_on_selector_all(
            "#search-results li a", "links => links.map(a => a.getAttribute('href'))"
        )
    finally:
        page.close()
    assert "06_hidden_layer.html" in found
    assert not offline[1], f"search asked other hosts: {offline[1]}"


PAGES = [chapter.stem for chapter in CHAPTERS] + THEME_PAGES
# Every rule in light mode; in dark mode only the rules about colour, the only thing that
# changes (axe takes seconds on a long page: 4,000 highlighted code spans in chapter 6).
AXE_OPTIONS = {
    "light": None,
    "dark": {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}},
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_nothing_in_the_course_content(offline, site_url, axe_report, name, scheme):
    """Fails on a violation inside the page's content; the theme's are reported at the end."""
    context, elsewhere = offline
    elsewhere.clear()
    page = context.new_page()
    try:
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{site_url}/{name}.html", wait_until="networkidle")
        assert page.evaluate("() => document.documentElement.dataset.theme") == scheme
        violations = run_axe(page, options=AXE_OPTIONS[scheme])
        ours, theirs = split_violations(page, violations, CONTENT)
    finally:
        page.close()
    assert not elsewhere, f"{name}: requests to other hosts: {elsewhere}"
    axe_report[f"{name} ({scheme})"] = {"course": ours, "theme": theirs}
    assert not ours, f"axe on {name} ({scheme}), in the course's content:\n{describe(ours)}"
