"""The built website for the tests: one strict build per session, and the pages it should hold.

The test modules import this helper by name (``import book``): pytest puts ``tests/`` on the path.
"""

import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

__all__ = [
    "ROOT",
    "BUILD",
    "HTML",
    "BUILD_CMD",
    "build",
    "log_problems",
    "toc_files",
    "chapter_docs",
    "exercise_docs",
    "chapter_source",
    "chapter_files",
    "exercise_notebooks",
    "page_names",
    "page_path",
    "built_pages",
]

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
HTML = BUILD / "html"
# `--all` starts Sphinx afresh, so the warnings of unchanged pages are reported on every run;
# notebooks still come from jupyter-cache (execute_notebooks: cache), so it costs seconds.
BUILD_CMD = ["jupyter-book", "build", ".", "-n", "-W", "--keep-going", "--all"]
KNOWN_NOISE = (
    "Kernel is running over TCP without encryption",
    # jupyter_client interrupts a kernel as it shuts it down; ipykernel may log it. Harmless.
    "KeyboardInterrupt caught in kernel",
)
EXTRA_PAGES = ("index", "search", "genindex")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
PROBLEM = re.compile(r"\b(WARNING|ERROR)\b")


def log_problems(log):
    """The lines of a build log that report a warning or an error, known noise left out."""
    lines = ANSI.sub("", log).splitlines()
    return [s for s in lines if PROBLEM.search(s) and not any(n in s for n in KNOWN_NOISE)]


@functools.cache
def _run_build():
    """Run the build command once; its exit code and log (a failed build is not re-run either)."""
    shutil.rmtree(HTML, ignore_errors=True)  # no stale page from an earlier build
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    run = subprocess.run(
        BUILD_CMD, cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    return run.returncode, ANSI.sub("", run.stdout)


def build():
    """Build the book once per test session with the real command; fail with the log if unclean.

    Returns:
        The build log (stdout and stderr together).
    """
    code, log = _run_build()
    problems = log_problems(log)
    if code != 0 or problems:
        pytest.fail(
            f"`{' '.join(BUILD_CMD)}` exited {code} with {len(problems)} warning/error "
            f"line(s):\n" + "\n".join(problems) + f"\n\nFull log:\n{log}",
            pytrace=False,
        )
    return log


def toc_files():
    """Every ``file:`` of ``_toc.yml`` (the root first), as docnames like ``chapters/01_derivatives``."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", [{"chapters": toc.get("chapters", [])}]):
        files += [entry["file"] for entry in part.get("chapters", [])]
    return [f.removesuffix(".md").removesuffix(".ipynb") for f in files]


def chapter_docs():
    """The chapters listed in ``_toc.yml``, in book order."""
    return [f for f in toc_files() if f.startswith("chapters/")]


def exercise_docs():
    """The released problem sets listed in ``_toc.yml``."""
    return [f for f in toc_files() if f.startswith("exercises/")]


def chapter_source(doc):
    """The MyST markdown source of a chapter (it may not exist yet)."""
    return ROOT / f"{doc}.md"


def chapter_files():
    """The MyST markdown sources of all chapters in ``_toc.yml``."""
    return [chapter_source(doc) for doc in chapter_docs()]


def exercise_notebooks():
    """The released student notebooks on disk: ``exercises/ps*/<name>.ipynb``."""
    return sorted(p for p in ROOT.glob("exercises/ps*/*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def page_names():
    """Every HTML page the site should hold, as paths without ``.html``: toc pages and Sphinx's own."""
    return list(EXTRA_PAGES) + toc_files()


def page_path(name):
    """The built HTML file of a page name."""
    return HTML / f"{name}.html"


def built_pages():
    """The page names of every HTML file actually built (Sphinx's asset folders left out)."""
    pages = (p for p in HTML.rglob("*.html") if not p.relative_to(HTML).parts[0].startswith("_"))
    return sorted(p.relative_to(HTML).with_suffix("").as_posix() for p in pages)
