"""``python -m autograder``: see :mod:`autograder.cli`."""

import sys

from . import lean  # noqa: F401  (first: the imports the grader never uses are left out, see lean)
from .cli import main  # noqa: E402

sys.exit(main())
