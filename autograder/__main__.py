"""``python -m autograder``: see :mod:`autograder.cli`."""

import sys

# jsonschema (through nbformat) compiles some forty IRI grammars at import when rfc3987_syntax is
# installed: about 3 s, for a format check no notebook uses. The grader never needs it.
sys.modules.setdefault("rfc3987_syntax", None)

from .cli import main  # noqa: E402

sys.exit(main())
