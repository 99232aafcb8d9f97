"""The test tiers: every marker is registered, and conftest puts each test in the tiers of what it runs."""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import TIERS

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
BUILTIN = {"parametrize", "skip", "skipif", "xfail", "usefixtures", "filterwarnings"}
MARK = re.compile(r"pytest\.mark\.([A-Za-z_]\w*)")


def pytest_options():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]


def registered():
    """The marker names pyproject.toml declares."""
    return {line.split(":")[0].strip() for line in pytest_options()["markers"]}


def marks_used(source):
    """The markers a test module's source names, pytest's own left out."""
    return set(MARK.findall(source)) - BUILTIN


def test_unregistered_markers_are_errors():
    assert "--strict-markers" in pytest_options()["addopts"].split()


def test_every_marker_used_is_registered():
    used = {"slow", *TIERS}.union(*(marks_used(p.read_text()) for p in TESTS.glob("*.py")))
    assert used - registered() == set()


def test_an_unregistered_marker_would_be_noticed():
    source = "@pytest.mark.{}\n@pytest.mark.parametrize('x', [1])\ndef test_x(x): ...".format("gpu")
    assert marks_used(source) - registered() == {"gpu"}


PROBE = """
import json, sys, pytest
class Tiers:
    def pytest_collection_finish(self, session):
        self.seen = {i.nodeid.split("::")[1]: sorted(m.name for m in i.iter_markers() if m.name in TIERS)
                     for i in session.items}
TIERS = set(sys.argv[1].split(","))
tiers = Tiers()
pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", *sys.argv[2:]], plugins=[tiers])
print(json.dumps(tiers.seen))
"""
FILES = ["test_book_structure.py", "test_site_browser.py", "test_ps05_autodiff.py", "test_jail.py"]


@pytest.fixture(scope="module")
def collected():
    """``{test name: its tiers}`` for a few modules, as a real collection marks them."""
    files = [str(TESTS / f) for f in FILES]
    done = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(TIERS), *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return {name.split("[")[0]: tiers for name, tiers in json.loads(done.stdout.splitlines()[-1]).items()}


@pytest.mark.parametrize(
    "test, tiers",
    [
        ("test_every_built_page_is_expected", ["book"]),  # through the `site` fixture
        ("test_every_built_page_is_visited", ["book"]),  # the server fixture builds the site, no browser
        ("test_page_renders_offline", ["book", "browser"]),
        ("test_grading_round_trip", ["nbgrader", "sandbox"]),  # calls gradelib.grade itself
        ("test_a_plain_call_returns_its_value", ["sandbox"]),  # through a helper that runs the jail
    ],
)
def test_a_test_is_in_the_tiers_of_what_it_runs(collected, test, tiers):
    assert collected[test] == tiers


@pytest.mark.parametrize(
    "test",
    [
        "test_sample_chapter_passes_every_check",
        "test_chapter_walks_the_road",
        "test_reference_matches_central_differences",
    ],
)
def test_a_test_that_runs_none_of_them_is_in_no_tier(collected, test):
    assert collected[test] == []
