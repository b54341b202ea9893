"""Every chapter, opened and run in a real JupyterLab in a real browser, as a learner would.

For each chapter: open it, clear its stored outputs, Run > Run All Cells, wait until every code
cell has run and the kernel is idle, then look for error output, "Error displaying widget",
broken images and figures without their description, and save a screenshot. (JupyterLab
doesn't read a PNG's alt from its metadata yet, jupyter/enhancement-proposals#120: each figure's
description is the caption output under it, which every reader shows.) Chapter 4's
alpha slider is moved with the arrow keys and must change what is shown; in chapter 1 an
exercise is answered wrongly, then rightly, and its check cell must say so.
"""

import ast
import json
import re
import statistics
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]

CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
SLIDER_CHAPTER = "04_divergence_and_alpha.ipynb"
EXERCISE_CHAPTER = "01_predict_compare_learn.ipynb"
EXERCISE = "ch01.q1"
RUN_SECONDS = 180
MAX_SHOT_HEIGHT = 8000
WRONG_NUMBER = "-12345.678"
# The notebook on show (other tabs stay in the page, hidden).
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"

# What JupyterLab shows in each cell's prompt ("[3]:", "[*]:", "[ ]:"; None for markdown).
CODE_PROMPTS_JS = """(notebook) => Array.from(document.querySelectorAll(notebook + ' .jp-Cell'))
    .map(cell => {
        const prompt = cell.querySelector('.jp-InputPrompt');
        const code = cell.classList.contains('jp-CodeCell');
        return code && prompt ? prompt.innerText.trim() : null;
    })"""

# Per cell: error output (first lines), widget errors, and images that failed to load.
PROBLEMS_JS = """(notebook) => Array.from(document.querySelectorAll(notebook + ' .jp-Cell'))
    .map(cell => ({
        stderr: Array.from(cell.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
            .map(o => o.innerText.trim().split('\\n').slice(0, 3).join(' / ')),
        widgetErrors: cell.innerText.includes('Error displaying widget'),
        brokenImages: Array.from(cell.querySelectorAll('.jp-OutputArea img'))
            .filter(img => !(img.complete && img.naturalWidth > 0)).length,
        figures: Array.from(cell.querySelectorAll('.jp-OutputArea-output img'))
            .filter(img => !img.closest('.jupyter-widgets')).length,
        captions: Array.from(cell.querySelectorAll('.jp-OutputArea-output'))
            .filter(o => o.innerText.trim().startsWith('Figure: ')
                && o.innerText.trim().length > 30).length,
    }))"""

# True once every output image has either loaded or failed to.
IMAGES_SETTLED_JS = """(notebook) => Array.from(
    document.querySelectorAll(notebook + ' .jp-OutputArea img')).every(img => img.complete)"""

# Everything a widget shows: Output widgets' text and every output image.
OUTPUT_SIGNATURE_JS = """(notebook) => JSON.stringify([
    Array.from(document.querySelectorAll(notebook + ' .widget-output')).map(o => o.innerText),
    Array.from(document.querySelectorAll(notebook + ' .jp-OutputArea img')).map(i => i.src),
])"""

# How far down the notebook's last cell ends, in pixels from the top of its content.
CONTENT_HEIGHT_JS = """(notebook) => {
    const scroller = document.querySelector(notebook + ' .jp-WindowedPanel-outer');
    const cells = scroller.querySelectorAll('.jp-Cell');
    const last = cells[cells.length - 1].getBoundingClientRect().bottom;
    return Math.ceil(last - scroller.getBoundingClientRect().top + scroller.scrollTop + 24);
}"""


def api(lab, path, method="GET"):
    """Call the Jupyter server's REST API; return the decoded JSON (or None)."""
    request = urllib.request.Request(f"{lab}{path}", method=method)
    with urllib.request.urlopen(request, timeout=10) as answer:
        body = answer.read()
    return json.loads(body) if body else None


def kernel_state(lab, notebook_path):
    """Return the execution state of the kernel attached to `notebook_path`, or None."""
    for session in api(lab, "/api/sessions"):
        if session.get("path") == notebook_path and session.get("kernel"):
            return session["kernel"].get("execution_state")
    return None


def wait_until(condition, seconds, what):
    """Poll `condition()` until it is true; fail with `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    pytest.fail(f"timed out after {seconds} s waiting for {what}")


def wait_for_idle(page, lab, notebook_path, seconds=60):
    """Wait until the notebook's kernel is idle, as the server and the page both see it."""

    def idle():
        status = page.locator("#jp-main-statusbar").inner_text()
        return kernel_state(lab, notebook_path) == "idle" and "| Idle" in status

    wait_until(idle, seconds, f"the kernel of {notebook_path} to be idle")


def menu(page, top, command):
    """Click the menu `top` (e.g. "Run"), then the entry that runs `command`."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{top}$")).click()
    page.locator(f".lm-Menu-item[data-command='{command}']").click()


def open_notebook(page, lab, notebook):
    """Open `notebook` (a path under chapters/) in JupyterLab with the file browser closed."""
    path = f"chapters/{notebook.name}"
    page.goto(f"{lab}/lab/workspaces/{notebook.stem}/tree/{path}?reset")
    page.wait_for_selector(f"{NOTEBOOK} .jp-Cell")
    if page.locator("#jp-left-stack").is_visible():
        page.keyboard.press("Control+b")
    wait_for_idle(page, lab, path)
    return path


def run_all(page, lab, path, code_cells):
    """Clear all outputs, run every cell from the Run menu, and wait until the run ends.

    Returns the indexes of code cells that did not run (JupyterLab stops at an error).
    """
    menu(page, "Edit", "editmenu:clear-all")
    menu(page, "Run", "runmenu:run-all")

    def prompts():
        shown = page.evaluate(CODE_PROMPTS_JS, NOTEBOOK)
        return [shown[index] or "" for index in code_cells]

    def ran(prompt):
        return re.fullmatch(r"\[\d+\]:", prompt) is not None

    wait_until(
        lambda: any(ran(p) or p == "[*]:" for p in prompts()), 30, f"{path} to start running"
    )

    def ended():
        now = prompts()
        if all(ran(p) for p in now):
            return True
        return "[*]:" not in now and kernel_state(lab, path) == "idle"

    wait_until(ended, RUN_SECONDS, f"every code cell of {path} to run")
    wait_for_idle(page, lab, path)
    page.wait_for_timeout(500)  # let widgets and images finish rendering
    return [index for index, prompt in zip(code_cells, prompts()) if not ran(prompt)]


def problems_on_page(page, notebook):
    """Return a list of what a learner would see as broken, one line each."""
    # A widget that has just redrawn swaps its picture; give the browser time to decode it
    # (an image counts as complete once it has loaded, or failed to).
    wait_until(lambda: page.evaluate(IMAGES_SETTLED_JS, NOTEBOOK), 10, "images to finish loading")
    found = []
    for index, (cell, seen) in enumerate(zip(notebook.cells, page.evaluate(PROBLEMS_JS, NOTEBOOK))):
        first_line = cell.source.strip().splitlines()[0][:50] if cell.source.strip() else "empty"
        where = f"cell {index + 1} ({first_line})"
        if seen["stderr"] and "raises-exception" not in cell.metadata.get("tags", []):
            found += [f"{where}: error output: {text}" for text in seen["stderr"]]
        if seen["widgetErrors"]:
            found.append(f"{where}: 'Error displaying widget'")
        if seen["brokenImages"]:
            found.append(f"{where}: {seen['brokenImages']} image(s) that did not load")
        stored = sum("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
        if seen["figures"] != stored or seen["captions"] != stored:
            found.append(
                f"{where}: {seen['figures']} figure(s) and {seen['captions']} description(s) "
                f"shown, {stored} figure(s) stored"
            )
    return found


def save_screenshots(page, folder, stem):
    """Screenshot the whole notebook, in parts if it is very long; return the files."""
    scroller = page.locator(f"{NOTEBOOK} .jp-WindowedPanel-outer")
    chrome = 900 - scroller.evaluate("element => element.clientHeight")
    total = page.evaluate(CONTENT_HEIGHT_JS, NOTEBOOK)
    files, top = [], 0
    while top < total:
        height = min(total - top, MAX_SHOT_HEIGHT)
        page.set_viewport_size({"width": 1280, "height": height + chrome})
        scroller.evaluate(f"element => element.scrollTo(0, {top})")
        page.wait_for_timeout(300)
        files.append(folder / (f"{stem}.png" if top == 0 else f"{stem}-{len(files) + 1}.png"))
        page.screenshot(path=str(files[-1]))
        top += height
    page.set_viewport_size({"width": 1280, "height": 900})
    return files


def code_cell_indexes(notebook):
    """Indexes of the code cells JupyterLab will execute (it skips empty ones)."""
    return [i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and c.source.strip()]


@pytest.fixture
def fresh_kernels(lab):
    """Shut down every kernel after the test, so chapters don't pile up in memory."""
    yield
    for session in api(lab, "/api/sessions"):
        api(lab, f"/api/sessions/{session['id']}", method="DELETE")


def run_chapter(page, lab, chapter):
    """Open and run `chapter`; check nothing shows as broken; return (path, notebook)."""
    notebook = nbformat.read(chapter, as_version=4)
    path = open_notebook(page, lab, chapter)
    cells_on_page = page.locator(f"{NOTEBOOK} .jp-Cell").count()
    assert cells_on_page == len(notebook.cells), "JupyterLab shows a different number of cells"
    not_run = run_all(page, lab, path, code_cell_indexes(notebook))
    problems = problems_on_page(page, notebook)
    if not_run:
        problems.append(f"Run All stopped before cell {not_run[0] + 1}; {len(not_run)} never ran")
    assert not problems, f"{chapter.name} after Run All:\n" + "\n".join(problems)
    return path, notebook


# What the course puts on the page: rendered Markdown and the cells' outputs (pictures, printed
# text, widgets, check results). Everything else (editors, prompts, toolbars) is JupyterLab's.
COURSE_CONTENT = ".jp-MarkdownOutput, .jp-OutputArea-output"
# JupyterLab's renderers, on course content, that the course can't change; named and left.
JUPYTERLAB_ONLY = {
    # JupyterLab's image renderer doesn't put a PNG's alt (its metadata) on the <img> yet
    # (jupyter/enhancement-proposals#120); the description under each figure is its text.
    ("image-alt", ".jp-RenderedImage"),
}
AXE_REPORT = ROOT / "artifacts" / "axe"


def jupyterlabs_own(page, violation):
    """Whether every node of a violation on course content is inside one of JUPYTERLAB_ONLY's
    renderers, for its rule."""
    from axe import split_violations

    for rule, renderer in JUPYTERLAB_ONLY:
        if violation["id"] == rule and not split_violations(page, [violation], renderer)[1]:
            return True
    return False


def axe_in_jupyterlab(page, chapter):
    """axe-core on the open notebook: fail on what comes from the course, name the rest."""
    from axe import describe, run_axe, split_violations

    violations = run_axe(page, context={"include": [[NOTEBOOK]]})
    ours, lab = split_violations(page, violations, COURSE_CONTENT)
    known = [v for v in ours if jupyterlabs_own(page, v)]
    ours = [v for v in ours if v not in known]
    AXE_REPORT.mkdir(parents=True, exist_ok=True)
    report = {"course": ours, "jupyterlab_renderers": known, "jupyterlab": lab}
    (AXE_REPORT / f"lab-{chapter.stem}.json").write_text(json.dumps(report, indent=1))
    for name, found in (("JupyterLab's renderers", known), ("JupyterLab", lab)):
        if found:
            print(f"\n{chapter.name}: axe, {name} (left): {'; '.join(v['id'] for v in found)}")
    assert not ours, f"axe in JupyterLab on {chapter.name}, in the course's content:\n" + describe(
        ours
    )


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_chapter_runs_cleanly_in_jupyterlab(page, lab, fresh_kernels, screenshot_dir, chapter):
    started = time.monotonic()
    try:
        run_chapter(page, lab, chapter)
        axe_in_jupyterlab(page, chapter)
        report_first_slider(page, chapter)
    finally:
        try:
            files = save_screenshots(page, screenshot_dir, chapter.stem)
            print(f"\n{chapter.name}: screenshot {', '.join(str(f) for f in files)}")
        except Exception as error:  # don't hide why the test failed behind a screenshot error
            print(f"\n{chapter.name}: no screenshot ({error})")
    print(f"{chapter.name}: opened and ran in {time.monotonic() - started:.1f} s")


def test_alpha_slider_changes_the_output(page, lab, fresh_kernels):
    chapter = ROOT / "chapters" / SLIDER_CHAPTER
    if not chapter.exists():
        pytest.skip(f"chapters/{SLIDER_CHAPTER} does not exist yet")
    path, notebook = run_chapter(page, lab, chapter)
    # A screen reader finds the slider by its name, as a learner's would.
    handle = page.locator(NOTEBOOK).get_by_role("slider", name="alpha")
    assert handle.count() > 0, f"{SLIDER_CHAPTER} shows no slider named alpha"
    handle = handle.first
    handle.scroll_into_view_if_needed()
    at_max = handle.evaluate("input => input.value === input.max")
    said_before = handle.get_attribute("aria-valuetext")
    assert re.fullmatch(r"\d\.\d\d", said_before), f"the slider announces {said_before!r}"
    shown_before = page.evaluate(OUTPUT_SIGNATURE_JS, NOTEBOOK)
    handle.focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
    wait_until(
        lambda: handle.get_attribute("aria-valuetext") != said_before,
        10,
        "the alpha slider to announce a new value after pressing the arrow keys",
    )
    shown = handle.locator("xpath=following-sibling::*[1]").inner_text()
    assert shown == handle.get_attribute("aria-valuetext"), "it shows what it announces"
    wait_until(
        lambda: page.evaluate(OUTPUT_SIGNATURE_JS, NOTEBOOK) != shown_before,
        20,
        "the plot or printed output to change after moving the alpha slider",
    )
    wait_for_idle(page, lab, path)
    problems = problems_on_page(page, notebook)
    assert not problems, "after moving the alpha slider:\n" + "\n".join(problems)


# Watches the slider's cell from just before a key press until it shows a new picture (every
# image loaded), checking once per frame; leaves the milliseconds in window.redrawn.
WATCH_REDRAW_JS = """(handle) => {
    const cell = handle.closest('.jp-Cell');
    const shown = () => {
        const images = Array.from(cell.querySelectorAll('.jp-OutputArea img'));
        const loaded = images.every(i => i.complete && i.naturalWidth);
        return {sources: images.map(i => i.src), loaded: loaded};
    };
    const before = shown().sources;
    window.redrawn = null;
    const started = performance.now();
    const poll = () => {
        const now = shown();
        const changed = now.sources.length !== before.length
            || now.sources.some((source, k) => source !== before[k]);
        if (changed && now.sources.length && now.loaded) {
            window.redrawn = performance.now() - started;
        } else {
            requestAnimationFrame(poll);
        }
    };
    requestAnimationFrame(poll);
}"""


def report_first_slider(page, chapter, presses=7):
    """Move the chapter's first slider (if it has one) a step at a time with the arrow keys;
    each step must redraw its picture. Prints how long each took, from key press to new
    picture: reported, not asserted (timings belong in benchmarks; this one is the browser's).
    """
    sliders = page.locator(f"{NOTEBOOK} .tinynn-slider")
    if sliders.count() == 0:
        return
    slider = sliders.first
    slider.scroll_into_view_if_needed()
    handle = slider.locator("input[type=range]")
    at_max = handle.evaluate("input => input.value === input.max")
    key = "ArrowLeft" if at_max else "ArrowRight"
    times = [redraw_milliseconds(page, handle, key) for _ in range(presses)]
    name = slider.locator("label").inner_text().strip()
    print(
        f"\n{chapter.name}: slider '{name}', key press to redrawn picture in the browser: "
        f"median {statistics.median(times):.0f} ms ({', '.join(f'{t:.0f}' for t in times)})"
    )


def redraw_milliseconds(page, handle, key):
    """Press `key` on a slider handle; return the milliseconds until its new picture shows
    (failing if none shows within 10 seconds)."""
    handle.focus()
    handle.evaluate(WATCH_REDRAW_JS)
    page.keyboard.press(key)
    page.wait_for_function("window.redrawn !== null", timeout=10_000)
    return page.evaluate("window.redrawn")


def wrong_answer(blank):
    """A plausible but wrong answer with the same names as the exercise's blank cell."""
    lines = []
    for node in ast.parse(blank).body:
        if isinstance(node, ast.FunctionDef):
            lines.append(f"def {node.name}({ast.unparse(node.args)}):\n    return {WRONG_NUMBER}")
        elif isinstance(node, ast.Assign):
            lines += [f"{ast.unparse(target)} = {WRONG_NUMBER}" for target in node.targets]
        elif isinstance(node, ast.AnnAssign):
            lines.append(f"{ast.unparse(node.target)} = {WRONG_NUMBER}")
    assert lines, f"can't tell what the blank defines:\n{blank}"
    return "\n".join(lines)


def answer_and_check(page, lab, path, exercise_index, check_index, source):
    """Replace the exercise cell's text with `source`, run it, run the check; return its text."""
    cells = page.locator(f"{NOTEBOOK} .jp-Cell")
    editor = cells.nth(exercise_index).locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(source.rstrip("\n"))
    assert editor.inner_text().strip() == source.strip(), "typing the answer did not work"
    page.keyboard.press("Control+Enter")
    wait_for_idle(page, lab, path)
    check = cells.nth(check_index)
    prompt_before = check.locator(".jp-InputPrompt").inner_text()
    check.locator(".cm-content").click()
    page.keyboard.press("Control+Enter")
    wait_until(
        lambda: check.locator(".jp-InputPrompt").inner_text() not in (prompt_before, "[*]:"),
        30,
        "the check cell to run",
    )
    wait_for_idle(page, lab, path)
    return check.locator(".jp-OutputArea").inner_text().strip()


def test_exercise_check_says_not_yet_then_correct(page, lab, fresh_kernels, screenshot_dir):
    chapter = ROOT / "chapters" / EXERCISE_CHAPTER
    if not chapter.exists():
        pytest.skip(f"chapters/{EXERCISE_CHAPTER} does not exist yet")
    notebook = nbformat.read(chapter, as_version=4)
    tag = f"exercise:{EXERCISE}"
    tagged = [i for i, c in enumerate(notebook.cells) if tag in c.metadata.get("tags", [])]
    if not tagged:
        pytest.skip(f"no cell in {EXERCISE_CHAPTER} is tagged {tag} yet")
    exercises = pytest.importorskip(f"tinynn.exercises.{EXERCISE.split('.')[0]}")
    solution = getattr(exercises, EXERCISE.split(".")[1]).source
    exercise_index = tagged[0]
    check_call = f"{EXERCISE}.check("
    later = [
        i
        for i, c in enumerate(notebook.cells)
        if i > exercise_index and c.cell_type == "code" and check_call in c.source
    ]
    assert later, f"no code cell after the exercise calls {check_call}...)"
    check_index = later[0]

    path, _ = run_chapter(page, lab, chapter)
    text = page.locator(f"{NOTEBOOK} .jp-Cell").nth(check_index).locator(".jp-OutputArea")
    assert text.inner_text().strip().startswith("Not attempted"), text.inner_text()

    blank = notebook.cells[exercise_index].source
    said = answer_and_check(page, lab, path, exercise_index, check_index, wrong_answer(blank))
    assert said.startswith("Not yet"), f"a wrong answer got: {said}"

    said = answer_and_check(page, lab, path, exercise_index, check_index, solution)
    assert said.startswith("Correct"), f"the solution got: {said}"
    cells = page.locator(f"{NOTEBOOK} .jp-Cell")
    # A screen reader announces the result: it is a status region, holding the verdict's words.
    status = cells.nth(check_index).get_by_role("status")
    assert status.count() == 1 and status.inner_text().startswith("Correct")
    cells.nth(check_index).scroll_into_view_if_needed()
    shot = Path(screenshot_dir) / f"{chapter.stem}-exercise-correct.png"
    page.screenshot(path=str(shot))
    print(f"\n{EXERCISE} answered in the browser: screenshot {shot}")
