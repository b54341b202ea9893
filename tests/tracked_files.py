"""Copy this repository as git tracks it: what Binder, a JupyterHub's nbgitpuller or a fresh
clone gets (the working tree's version of each tracked file, so uncommitted edits count)."""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copy_tracked_files(destination):
    """Copy every file git tracks into `destination`, keeping the folders."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    for name in filter(None, listed.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is left out
            target = Path(destination) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
