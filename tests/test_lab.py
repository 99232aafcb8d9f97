"""What a teacher needs in JupyterLab: live widgets, chapters opening as notebooks, nbgrader's panels."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

NEEDED = ["@jupyter-widgets/jupyterlab-manager", "jupyterlab-jupytext", "@jupyter/nbgrader"]


def parse(text):
    """``{extension: its line}`` from the output of ``jupyter labextension list``."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return {line.split()[0]: line for line in text.splitlines() if line.startswith(" ") and line.split()}


def usable(extensions, name):
    """Whether ``name`` is listed, enabled and OK."""
    line = extensions.get(name, "")
    return " enabled " in f" {line} " and "OK" in line


@pytest.fixture(scope="module")
def extensions():
    lab = Path(sys.executable).parent / "jupyter"
    done = subprocess.run([str(lab), "labextension", "list"], capture_output=True, text=True)
    return parse(done.stdout + done.stderr)


@pytest.mark.parametrize("name", NEEDED)
def test_lab_extension_is_installed_and_enabled(extensions, name):
    assert usable(extensions, name), extensions.get(name)


def test_a_disabled_or_broken_extension_would_be_noticed():
    """Negative twin: the same check on a listing where the extensions are disabled or broken."""
    listing = (
        "        @jupyter-widgets/jupyterlab-manager v5.0.13 \x1b[31mdisabled\x1b[0m \x1b[32mOK\x1b[0m\n"
        "        jupyterlab-jupytext v1.4.3 \x1b[32menabled\x1b[0m \x1b[31m X\x1b[0m\n"
    )
    assert not usable(parse(listing), NEEDED[0]) and not usable(parse(listing), NEEDED[1])
    assert not usable(parse(listing), NEEDED[2])
