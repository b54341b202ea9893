"""The grader's own copy of `tinynn`, taken into memory once, and checked before it is trusted.

Every kernel imports a copy written from `Snapshot`, and so does every grading worker, so an edit
a notebook makes to the installed package can't reach another notebook in the same run. The copy
carries its modules compiled once (bytecode checked against the source's hash as it loads), so
that no kernel spends its start compiling tinynn again. Between
runs, `verify` compares the installed files with the hashes pip recorded when it installed them
(the `RECORD` of the package's metadata), or, for a checkout installed in editable mode, with
the files of its last git commit.
"""

import base64
import compileall
import hashlib
import importlib.metadata
import os
import py_compile
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import tinynn


class Snapshot:
    """The files of the `tinynn` package, read once into memory, written out as fresh copies.

    Exercise modules given to `take` that live outside the package (as the tests' stand-in
    chapter does) are added as `tinynn/exercises/<name>.py`.
    """

    def __init__(self, files, installed=None, home=None):
        self.files = dict(files)
        # The names that came from the installed package (the rest were added as `extra`).
        self.installed = set(self.files if installed is None else installed)
        # Files each kernel's HOME starts with (matplotlib's font cache: see `font_cache`).
        self.home = dict(home or {})

    @classmethod
    def take(cls, modules=()):
        package = package_folder()
        files = {
            path.relative_to(package.parent).as_posix(): path.read_bytes()
            for path in sorted(package.rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
        }
        installed = set(files)
        for module in modules:
            source = Path(getattr(module, "__file__", "") or "")
            if source.is_file() and package not in source.resolve().parents:
                name = module.__name__.rsplit(".", 1)[-1]
                files.setdefault(f"tinynn/exercises/{name}.py", source.read_bytes())
        files.update(compiled(files))
        return cls(files, installed)

    def write(self, folder):
        """Write the copy into `folder` (which goes on sys.path) and return the folder."""
        folder = Path(folder)
        for name, data in self.files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return folder

    def write_home(self, home):
        """Put the files every kernel's HOME starts with into `home`; returns their paths."""
        written = []
        for name, data in self.home.items():
            path = Path(home) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(path)
        return written

    def changed_files(self):
        """Names of the installed package's files that differ from this snapshot (or vanished)."""
        package = package_folder()
        changed = []
        for name in sorted(self.installed):
            try:
                if (package.parent / name).read_bytes() != self.files[name]:
                    changed.append(name)
            except OSError:
                changed.append(name)
        return changed

    def as_json(self):
        return {
            "files": {name: data.hex() for name, data in self.files.items()},
            "installed": sorted(self.installed),
            "home": {name: data.hex() for name, data in self.home.items()},
        }

    @classmethod
    def from_json(cls, data):
        files = {name: bytes.fromhex(text) for name, text in data["files"].items()}
        home = {name: bytes.fromhex(text) for name, text in data.get("home", {}).items()}
        return cls(files, data["installed"], home)


def compiled(files):
    """{'tinynn/__pycache__/x.cpython-311.pyc': bytecode} for the Python modules in `files`,
    compiled by this Python. Each records its source's hash, and Python checks it on import,
    so a copy whose source was edited is compiled again rather than trusted."""
    with tempfile.TemporaryDirectory(prefix="tinynn-bytecode-") as folder:
        for name, data in files.items():
            if name.endswith(".py"):
                path = Path(folder, name)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        mode = py_compile.PycInvalidationMode.CHECKED_HASH
        compileall.compile_dir(folder, quiet=2, invalidation_mode=mode, workers=1)
        return {
            path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(Path(folder).rglob("*.pyc"))
        }


def package_folder():
    """The folder the `tinynn` package is imported from."""
    return Path(tinynn.__file__).resolve().parent


def font_cache():
    """matplotlib's font cache, built once in a scratch folder by a separate Python, as files
    for each kernel's HOME (`.matplotlib/fontlist-*.json`); {} without matplotlib.

    Every kernel would otherwise build it again in its fresh HOME, about 0.3 s each.
    """
    with tempfile.TemporaryDirectory(prefix="tinynn-fonts-") as folder:
        env = {**os.environ, "MPLCONFIGDIR": folder}
        try:
            subprocess.run(
                [sys.executable, "-c", "import matplotlib.font_manager"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=300,
                check=True,
            )
        except (OSError, subprocess.SubprocessError):
            return {}
        return {
            f".matplotlib/{path.name}": path.read_bytes()
            for path in Path(folder).glob("fontlist-*.json")
        }


# ---------------------------------------------------------------------------------------------
# Are the installed files the ones that were installed?
# ---------------------------------------------------------------------------------------------


@dataclass
class Verification:
    """What `verify` found: `recorded` (pip's RECORD), `commit` (a git checkout) or `none` (no
    record to compare with), and the files that differ from it."""

    against: str
    differ: list

    @property
    def refused(self):
        """Files pip installed have changed since: the package can't be trusted."""
        return self.against == "recorded" and bool(self.differ)


def verify(snapshot):
    """Compare the snapshot's installed files with pip's recorded hashes, or with the last git
    commit of a checkout installed in editable mode."""
    recorded = _recorded_hashes()
    if recorded:
        differ = [
            name
            for name in sorted(snapshot.installed)
            if recorded.get(name) != _record_hash(snapshot.files[name])
        ]
        differ += sorted(name for name in recorded if name not in snapshot.installed)
        return Verification("recorded", differ)
    committed = _committed_hashes()
    if committed is None:
        return Verification("none", [])
    differ = [
        name
        for name in sorted(snapshot.installed)
        if committed.get(name) != _git_blob_hash(snapshot.files[name], committed.get(name))
    ]
    differ += sorted(name for name in committed if name not in snapshot.installed)
    return Verification("commit", differ)


def _recorded_hashes():
    """{'tinynn/x.py': 'sha256=...'} from the installed distribution's RECORD; {} when it has
    none for the package's files (an editable install records only a link to the checkout)."""
    try:
        files = importlib.metadata.distribution("tinynn").files or []
    except importlib.metadata.PackageNotFoundError:
        return {}
    package = package_folder()
    hashes = {}
    for file in files:
        name = file.as_posix()
        if not name.startswith("tinynn/") or file.hash is None or "__pycache__" in name:
            continue
        if Path(file.locate()).resolve().parent.is_relative_to(package.parent):
            hashes[name] = f"{file.hash.mode}={file.hash.value}"
    return hashes


def _record_hash(data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode("ascii")


def _committed_hashes():
    """{'tinynn/x.py': blob hash} of the last commit, when the package is in a git checkout."""
    package = package_folder()
    try:
        listed = subprocess.run(
            ["git", "-C", str(package), "ls-tree", "-r", "--full-name", "HEAD", "--", "."],
            capture_output=True,
            text=True,
            timeout=30,
        )
        top = subprocess.run(
            ["git", "-C", str(package), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if listed.returncode != 0 or top.returncode != 0:
        return None
    prefix = package.relative_to(Path(top.stdout.strip()).resolve()).parent.as_posix()
    hashes = {}
    for line in listed.stdout.splitlines():
        meta, _, path = line.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob":
            name = path if prefix == "." else path.removeprefix(prefix + "/")
            hashes[name] = parts[2]
    return hashes or None


def _git_blob_hash(data, like=None):
    """The hash git gives a file's contents (SHA-256 when `like`, the committed one, is one)."""
    algorithm = hashlib.sha256 if like is not None and len(like) == 64 else hashlib.sha1
    return algorithm(b"blob %d\0" % len(data) + data).hexdigest()
