"""``python -m autograder``: see :mod:`autograder.cli`."""

import atexit
import os
import sys

from . import lean  # noqa: F401  (first: the imports the grader never uses are left out, see lean)
from .cli import main  # noqa: E402

status = main()
# Every output is written and closed by now: run the exit handlers (they remove the temporary folders
# and flush the logs), then end without Python's teardown of each module, which takes a quarter of a
# second once nbgrader, nbconvert and SQLAlchemy are loaded.
atexit._run_exitfuncs()
sys.stdout.flush()
sys.stderr.flush()
os._exit(status)
