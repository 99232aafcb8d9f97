"""Time a cold build of the book and a rebuild after a prose-only edit, on a temporary copy.

Run with ``python bench/bench_build.py``. Exits non-zero only when a build fails, never on timing.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BUILD_CMD = ["jupyter-book", "build", ".", "-n", "-W", "--keep-going"]
SKIP = shutil.ignore_patterns(".venv", "_build", ".git", "artifacts", ".pytest_cache", "__pycache__")
PROSE = "\nOne more sentence of prose, added by the build benchmark.\n"
EXECUTED = re.compile(r"^(\S+): Executing notebook", re.MULTILINE)
CACHED = re.compile(r"^(\S+): Using cached notebook", re.MULTILINE)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def first_chapter(repo):
    """The first chapter source listed in ``_toc.yml``."""
    toc = yaml.safe_load((repo / "_toc.yml").read_text())
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return repo / f"{next(f for f in files if f.startswith('chapters/'))}.md"


def timed_build(repo):
    """Build the book in ``repo``; seconds taken, exit code and the log without colours."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    start = time.perf_counter()
    run = subprocess.run(
        BUILD_CMD, cwd=repo, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    return time.perf_counter() - start, run.returncode, ANSI.sub("", run.stdout)


def report(rows, chapter, log):
    """Print the timing table and what the rebuild's log says about execution."""
    print(f"\n{'build':<10}{'seconds':>9}{'executed':>10}{'from cache':>12}")
    for name, seconds, executed, cached in rows:
        print(f"{name:<10}{seconds:>9.1f}{executed:>10}{cached:>12}")
    print(f"\nratio cold / rebuild: {rows[0][1] / rows[1][1]:.1f}x")
    rerun = EXECUTED.findall(log)
    if rerun:
        print(f"NOT confirmed: the rebuild re-executed {len(rerun)} notebook(s): {rerun}")
    elif any(Path(p).name == chapter.name for p in CACHED.findall(log)):
        print(f"confirmed: no notebook re-executed; {chapter.name} came from jupyter-cache")
    else:
        print(f"confirmed: no notebook re-executed ({chapter.name} not reported by jupyter-cache)")


def main():
    """Cold build, prose edit, rebuild; print the table. Returns the exit code."""
    rows, log = [], ""
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        repo = Path(tmp) / "repo"
        shutil.copytree(ROOT, repo, ignore=SKIP, symlinks=True)
        chapter = first_chapter(repo)
        for name in ("cold", "rebuild"):
            if name == "rebuild":
                chapter.write_text(chapter.read_text() + PROSE)
            seconds, code, log = timed_build(repo)
            if code != 0:
                print(log[-5000:], f"\n{name} build failed (exit {code})", file=sys.stderr)
                return 1
            rows.append((name, seconds, len(EXECUTED.findall(log)), len(CACHED.findall(log))))
    report(rows, chapter, log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
