"""What a teacher needs in JupyterLab: live widgets, chapters opening as notebooks, nbgrader's panels."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

NEEDED = ["@jupyter-widgets/jupyterlab-manager", "jupyterlab-jupytext", "@jupyter/nbgrader"]


@pytest.fixture(scope="module")
def extensions():
    lab = Path(sys.executable).parent / "jupyter"
    done = subprocess.run([str(lab), "labextension", "list"], capture_output=True, text=True)
    text = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)
    return {line.split()[0]: line for line in text.splitlines() if line.startswith(" ") and line.split()}


@pytest.mark.parametrize("name", NEEDED)
def test_lab_extension_is_installed_and_enabled(extensions, name):
    assert name in extensions and "enabled" in extensions[name] and "OK" in extensions[name]


def test_a_missing_extension_would_be_noticed(extensions):
    """Negative twin: the lookup does not accept just any name."""
    assert "@jupyter-widgets/not-a-real-extension" not in extensions
