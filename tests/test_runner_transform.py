"""The sandbox runner's plain-Python fast path gives exactly what IPython's transformer gives."""

import json
from pathlib import Path

import pytest
from IPython.core.inputtransformer2 import TransformerManager

from autograder.sandbox.runner import plain_python, transform

ROOT = Path(__file__).resolve().parents[1]
CRAFTED = [
    "x = 1",
    "\n\n  \nx = 1\n",
    "def f(x):\n    return x % 2\n",
    "s = '%matplotlib ?'  # why?\n",
    "y = (1\n     , 2)\n",
    "a != b if False else None",
    "...\n",
    "x = 1\n\n\n",
    "",
]
IPYTHON = [
    "%matplotlib inline\nx = 1",
    "!ls",
    "x = !ls",
    "len?",
    "  x = 1\n  y = 2",
    ">>> x = 1",
    "In [1]: x = 1",
    "%%time\nx = 1",
    "...: x",
]


def _cells():
    paths = [
        *ROOT.glob("solutions/*/*.ipynb"),
        *ROOT.glob("exercises/*/*.ipynb"),
        *ROOT.glob("tests/corpus/**/*.ipynb"),
    ]
    for path in paths:
        for cell in json.loads(path.read_text()).get("cells", []):
            if cell.get("cell_type") == "code":
                source = cell.get("source", "")
                yield "".join(source) if isinstance(source, list) else source


def test_fast_path_matches_ipython_on_every_course_cell_and_crafted_ones():
    sources = [*_cells(), *CRAFTED]
    assert len(sources) > 100
    fast = 0
    for source in sources:
        plain = plain_python(source)
        if plain is not None:
            fast += 1
            assert plain == TransformerManager().transform_cell(source), source
    assert fast > len(sources) // 2  # the fast path is taken for most cells


@pytest.mark.parametrize("source", IPYTHON)
def test_ipython_syntax_goes_through_ipython(source):
    assert plain_python(source) is None
    assert transform(source) == TransformerManager().transform_cell(source)
    assert transform(source) != source + "\n"
