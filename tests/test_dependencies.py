"""The declared dependencies: pyproject.toml names them, requirements.txt pins them, once each."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXTRAS = r"(?:\[[A-Za-z0-9._,-]+\])?"  # e.g. dask[distributed]: the same extras on both sides
PIN = re.compile(rf"^([A-Za-z0-9][A-Za-z0-9._-]*{EXTRAS})==([A-Za-z0-9.+!-]+)$")
NAME = re.compile(rf"^[A-Za-z0-9][A-Za-z0-9._-]*{EXTRAS}$")


def normal(name):
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared():
    """The names in pyproject.toml: ``[project] dependencies`` and every optional group."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    groups = project.get("optional-dependencies", {}).values()
    return [*project["dependencies"], *(name for group in groups for name in group)]


def requirement_lines():
    """The lines of requirements.txt that are not blank or comments."""
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    return [s.strip() for s in lines if s.strip() and not s.strip().startswith("#")]


def pin_problems(names, lines):
    """What keeps ``names`` (pyproject) and ``lines`` (requirements.txt) from pinning each package once.

    Args:
        names: The declared dependencies, expected without versions.
        lines: The requirement lines, expected as ``name==version``.

    Returns:
        One sentence per problem; empty when every name has exactly one pin and every pin a name.
    """
    problems = [f"{n!r} in pyproject.toml carries a version" for n in names if not NAME.match(n)]
    problems += [f"{s!r} in requirements.txt is not an exact pin" for s in lines if not PIN.match(s)]
    pinned = [normal(PIN.match(s)[1]) for s in lines if PIN.match(s)]
    wanted = [normal(n) for n in names]
    problems += [f"{n} is pinned {pinned.count(n)} times" for n in sorted(set(pinned)) if pinned.count(n) > 1]
    problems += [f"{n} is declared twice" for n in sorted(set(wanted)) if wanted.count(n) > 1]
    problems += [f"{n} is declared but not pinned" for n in sorted(set(wanted) - set(pinned))]
    problems += [f"{n} is pinned but not declared" for n in sorted(set(pinned) - set(wanted))]
    return problems


def test_every_dependency_has_exactly_one_pin_and_every_pin_a_dependency():
    assert pin_problems(declared(), requirement_lines()) == []


@pytest.mark.parametrize(
    "names, lines, problem",
    [
        (["numpy", "tqdm"], ["numpy==2.4.6"], "tqdm is declared but not pinned"),
        (["numpy"], ["numpy==2.4.6", "tqdm==4.70.1"], "tqdm is pinned but not declared"),
        (["numpy"], ["numpy==2.4.6", "NumPy==2.4.5"], "numpy is pinned 2 times"),
        (["numpy>=2"], ["numpy==2.4.6"], "'numpy>=2' in pyproject.toml carries a version"),
        (["numpy"], ["numpy>=2.4"], "'numpy>=2.4' in requirements.txt is not an exact pin"),
    ],
)
def test_a_broken_pin_list_is_noticed(names, lines, problem):
    assert problem in pin_problems(names, lines)


def test_the_installed_versions_are_the_pinned_ones():
    pins = {normal(m[1]).split("[")[0]: m[2] for m in map(PIN.match, requirement_lines())}
    assert {n: metadata.version(n) for n in pins} == pins


def test_the_makefile_installs_the_pins_then_the_package_without_dependencies():
    makefile = (ROOT / "Makefile").read_text()
    pins, package = "pip install -q -r requirements.txt", "pip install -q --no-deps -e ."
    assert pins in makefile and package in makefile
    assert makefile.index(pins) < makefile.index(package)


def test_the_docs_send_version_changes_to_requirements_txt():
    contributing = (ROOT / "CONTRIBUTING.md").read_text()
    assert "requirements.txt" in contributing and "pyproject.toml" in contributing
    assert "requirements.txt" in (ROOT / "README.md").read_text()
