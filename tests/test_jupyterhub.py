"""A real JupyterHub hands out the course with the README's nbgitpuller link, in Chromium.

Everything runs on 127.0.0.1 from a temporary folder, with no system users: JupyterHub with its
dummy login and local-process servers (each learner's home a folder in the temporary one),
configurable-http-proxy from npm (`make slow` installs it into .venv/node), and `git daemon`
serving a snapshot of this repository at a `.git` URL, as GitHub's clone URLs look. In
Chromium, a learner logs in, opens the README's link, lands in JupyterLab on the first chapter
inside the cloned folder, runs every cell, answers its exercise and saves. Then the instructor
commits a change to another chapter, the learner opens the link again, and both the learner's
answer and the instructor's commit are there. At the end everything started here is stopped.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import nbformat
import psutil
import pytest
from tracked_files import copy_tracked_files

pytestmark = pytest.mark.hub

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CHROMIUM_ARGS += ["--disable-component-update", "--no-first-run", "--disable-sync"]
PROXY = Path(sys.prefix) / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
SCREENSHOTS = ROOT / "artifacts" / "hub"
LEARNER, PASSWORD = "learner", "a-stand-in-password"
REPO_NAME = "tinynn-course"
CHAPTER = "chapters/00_welcome.ipynb"
EXERCISE = "ch00.q1"
UPSTREAM_CHAPTER = "chapters/01_predict_compare_learn.ipynb"
UPSTREAM_NOTE = "A note your instructor added after you started."
START_SECONDS = 60
# The notebook on show (other tabs stay in the page, hidden).
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
# JupyterLab settings for the learner: every cell rendered (no windowing), no news pop-up.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}

# Per cell of the notebook on show: its prompt ("[3]:", "[*]:"), its text, its error output.
CELLS_JS = """(notebook) => Array.from(document.querySelectorAll(notebook + ' .jp-Cell'))
    .map(cell => ({
        prompt: (cell.querySelector('.jp-InputPrompt') || {innerText: ''}).innerText.trim(),
        text: cell.innerText,
        errors: Array.from(cell.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
            .map(o => o.innerText.trim().split('\\n').slice(0, 3).join(' / ')),
    }))"""


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, seconds, what):
    """Poll `condition()` until it returns something true; fail with `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.25)
    pytest.fail(f"timed out after {seconds} s waiting for {what}")


def git(*arguments, cwd):
    """Run git in `cwd` as the instructor (an identity of its own: the machine needs none)."""
    command = ["git", "-c", "user.name=Instructor", "-c", "user.email=instructor@example.org"]
    return subprocess.run(command + list(arguments), cwd=cwd, check=True, capture_output=True)


def readme_link():
    """The nbgitpuller link as README.md gives it, with its placeholders."""
    found = re.findall(
        r"`(https://HUB/hub/user-redirect/git-pull\?[^`]+)`", ROOT.joinpath("README.md").read_text()
    )
    assert len(found) == 1, "README.md should give exactly one nbgitpuller link"
    return found[0]


def hub_config(folder, port, proxy_api_port, hub_port):
    """jupyterhub_config.py for a hub whose every file is under `folder`."""
    args = ["--allow-root"] if os.getuid() == 0 else []
    return f"""
c = get_config()  # noqa
c.JupyterHub.bind_url = "http://127.0.0.1:{port}/"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]
c.ConfigurableHTTPProxy.pid_file = {str(folder / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{folder / "jupyterhub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(folder / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(folder / "jupyterhub.pid")!r}
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {PASSWORD!r}
c.Authenticator.allowed_users = {{{LEARNER!r}}}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(folder / "home" / "{username}")!r}
c.Spawner.cmd = [{str(Path(sys.executable).parent / "jupyterhub-singleuser")!r}]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = {START_SECONDS}
c.Spawner.http_timeout = {START_SECONDS}
"""


@pytest.fixture
def upstream(tmp_path):
    """The instructor's repository (a snapshot of this one, on branch main), served by
    `git daemon` on 127.0.0.1; yields (the working copy, the URL learners clone)."""
    work, served = tmp_path / "instructor", tmp_path / "served"
    copy_tracked_files(work)
    git("init", "--quiet", "-b", "main", cwd=work)
    git("add", "--all", cwd=work)
    git("commit", "--quiet", "-m", "The course", cwd=work)
    served.mkdir()
    git("clone", "--quiet", "--bare", str(work), str(served / f"{REPO_NAME}.git"), cwd=tmp_path)
    git("remote", "add", "origin", str(served / f"{REPO_NAME}.git"), cwd=work)
    port = free_port()
    url = f"git://127.0.0.1:{port}/{REPO_NAME}.git"
    daemon = subprocess.Popen(
        ["git", "daemon", "--reuseaddr", "--export-all", f"--base-path={served}"]
        + ["--listen=127.0.0.1", f"--port={port}", str(served)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ls_remote = ["git", "ls-remote", url]
        wait_until(
            lambda: subprocess.run(ls_remote, capture_output=True).returncode == 0, 20, "git daemon"
        )
        yield work, url
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)


@pytest.fixture
def hub(tmp_path):
    """A JupyterHub on 127.0.0.1; yields (its URL, the folder of learners' homes). Stops the
    hub, which stops the proxy and the learners' servers; then ends anything they left."""
    if not PROXY.exists():
        pytest.skip(f"JupyterHub's proxy is missing at {PROXY}: `make slow` installs it with npm")
    folder = tmp_path / "hub"
    home = folder / "home" / LEARNER
    for plugin, values in LAB_SETTINGS.items():
        settings = home / ".jupyter/lab/user-settings" / f"{plugin}.jupyterlab-settings"
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(json.dumps(values))
    port = free_port()
    config = folder / "jupyterhub_config.py"
    config.write_text(hub_config(folder, port, free_port(), free_port()))
    log = (folder / "jupyterhub.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(config)],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: answers(f"{url}/hub/api", process), START_SECONDS, "JupyterHub")
        yield url, folder / "home"
    finally:
        stop(process)
        log.close()


def answers(url, process):
    """True once `url` answers 200; fails the test if `process` has exited."""
    if process.poll() is not None:
        pytest.fail(f"JupyterHub exited with code {process.returncode} before answering")
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return answer.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def stop(process):
    """Stop JupyterHub the way an admin does (SIGTERM: it stops the proxy and the servers it
    spawned), then end whatever of its descendants is still running."""
    try:
        descendants = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        descendants = []
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    _, alive = psutil.wait_procs(descendants, timeout=15)
    for leftover in alive:
        leftover.kill()
    psutil.wait_procs(alive, timeout=5)


@pytest.fixture
def page():
    """A page in Debian's Chromium (headless, through Playwright); closed at the end."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists() or os.environ.get("SKIP_BROWSER"):
        pytest.skip("the JupyterHub test needs Debian's chromium at /usr/bin/chromium")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(30_000)
            yield context.new_page()
        finally:
            browser.close()


def open_link(page, link, lab_url):
    """Open the nbgitpuller link; wait until JupyterLab shows the chapter with an idle kernel."""
    page.goto(link)
    if "/hub/login" in page.url:
        page.fill("#username_input", LEARNER)
        page.fill("#password_input", PASSWORD)
        page.click("#login_submit")
    try:
        page.wait_for_url(lab_url, timeout=2 * START_SECONDS * 1000)
    except Exception:
        page.screenshot(path=str(SCREENSHOTS / "stuck.png"))
        pytest.fail(f"the link did not reach {lab_url}: the page is at {page.url}")
    page.locator(NOTEBOOK).wait_for()
    wait_until(
        lambda: "| Idle" in page.locator("#jp-main-statusbar").inner_text(),
        START_SECONDS,
        "an idle kernel",
    )


def sources(path):
    """The source of every cell of the notebook at `path` ([] while it can't be read)."""
    try:
        return [cell.source for cell in nbformat.read(path, as_version=4).cells]
    except (OSError, ValueError):
        return []


def cells(page):
    return page.evaluate(CELLS_JS, NOTEBOOK)


def run_all_cells(page, notebook):
    """Run > Run All Cells; wait until every code cell with code has a number for a prompt."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Run$")).click()
    page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
    code = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code" and cell.source]

    def all_ran():
        shown = cells(page)
        return all(re.fullmatch(r"\[\d+\]:", shown[i]["prompt"]) for i in code)

    wait_until(all_ran, 120, "every cell of the chapter to run")


def answer_exercise(page, notebook):
    """Type the exercise's solution into its tagged cell, run it and the check under it."""
    from tinynn.exercises import ch00

    solution = getattr(ch00, EXERCISE.split(".")[1]).source  # the text `solution()` shows
    index = next(
        i
        for i, cell in enumerate(notebook.cells)
        if f"exercise:{EXERCISE}" in cell.metadata.get("tags", [])
    )
    editor = page.locator(f"{NOTEBOOK} .jp-Cell").nth(index).locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(solution.strip())  # as pasted: no auto-indent
    page.keyboard.press("Shift+Enter")  # runs the answer, moves to the check
    page.keyboard.press("Shift+Enter")  # runs the check
    check = index + 1
    wait_until(lambda: "Correct" in cells(page)[check]["text"], 30, "the check to say Correct")
    return solution.strip()


def test_the_readme_link_on_a_real_jupyterhub_keeps_the_learners_work(page, hub, upstream):
    hub_url, homes = hub
    instructor, repo_url = upstream
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    link = readme_link().replace("https://HUB", hub_url)
    link = link.replace("REPO_URL", quote(repo_url, safe="")).replace("REPO_NAME", REPO_NAME)
    lab_url = f"{hub_url}/user/{LEARNER}/lab/tree/{REPO_NAME}/{CHAPTER}"
    clone = homes / LEARNER / REPO_NAME
    notebook = nbformat.read(ROOT / CHAPTER, as_version=4)
    laps = Laps()

    # First visit: log in, the course is cloned into REPO_NAME/, the chapter opens and runs.
    open_link(page, link, lab_url)
    laps("log in, clone the course, open the chapter")
    assert (clone / ".git").is_dir() and not (homes / LEARNER / f"{REPO_NAME}.git").exists()
    run_all_cells(page, notebook)
    raising = [
        i
        for i, cell in enumerate(notebook.cells)
        if "raises-exception" in cell.metadata.get("tags", [])
    ]
    errors = {i: cell["errors"] for i, cell in enumerate(cells(page)) if cell["errors"]}
    assert set(errors) <= set(raising), f"cells that failed on the hub: {errors}"
    laps("run every cell")
    answer = answer_exercise(page, notebook)
    page.keyboard.press("Control+s")
    saved = clone / CHAPTER
    wait_until(lambda: answer in sources(saved), 20, "the learner's answer to be saved")
    laps("answer the exercise and save")
    page.screenshot(path=str(SCREENSHOTS / "1-first-visit.png"))

    # The instructor commits a change to another chapter; the learner opens the link again.
    changed = nbformat.read(instructor / UPSTREAM_CHAPTER, as_version=4)
    changed.cells.append(nbformat.v4.new_markdown_cell(UPSTREAM_NOTE))
    nbformat.write(changed, instructor / UPSTREAM_CHAPTER)
    git("commit", "--quiet", "--all", "-m", "A note for chapter 1", cwd=instructor)
    git("push", "--quiet", "origin", "main", cwd=instructor)
    open_link(page, link, lab_url)
    laps("a new commit upstream, the link again")
    page.screenshot(path=str(SCREENSHOTS / "2-second-visit.png"))

    assert answer in sources(saved), "the learner's answer was lost by the second pull"
    assert UPSTREAM_NOTE in sources(clone / UPSTREAM_CHAPTER), "the new commit is missing"
    log = subprocess.run(["git", "log", "--format=%s"], cwd=clone, capture_output=True, text=True)
    assert "A note for chapter 1" in log.stdout.splitlines()
    # And the chapter the link opened shows the learner's answer, not the blank.
    shown = "".join(cell["text"] for cell in cells(page))
    assert answer.splitlines()[-1].strip() in shown
    laps.write(SCREENSHOTS / "timings.txt")


class Laps:
    """Seconds each step of the hub test took, written beside its screenshots for the record
    (nothing is asserted about them: speed lives in benchmarks)."""

    def __init__(self):
        self.last = time.monotonic()
        self.steps = []

    def __call__(self, step):
        now = time.monotonic()
        self.steps.append((step, now - self.last))
        self.last = now

    def write(self, path):
        path.write_text("".join(f"{seconds:5.1f} s  {step}\n" for step, seconds in self.steps))
