"""The registry of graded problems: every ``SPECS`` list of the modules in this folder.

One module per problem set, named like its folder in ``solutions/`` (``ps01_partials.py``). Adding a
module, or a ``Spec`` to a module's ``SPECS``, is all it takes to register a problem.
"""

import importlib
import pkgutil
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..spec import Spec

__all__ = ["SPECS", "SETS", "spec"]


def _collect():
    specs, sets = {}, {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for one in module.SPECS:
            if one.name in specs:
                raise ValueError(f"two specs are called {one.name}")
            specs[one.name] = one
        sets[info.name] = tuple(one.name for one in module.SPECS)
    return specs, sets


SPECS, SETS = _collect()
"""``SPECS``: name → ``Spec``; ``SETS``: problem set (module name) → names of its problems."""


def spec(name: str) -> "Spec":
    """The ``Spec`` called ``name`` (KeyError naming the known ones otherwise)."""
    try:
        return SPECS[name]
    except KeyError:
        raise KeyError(f"no graded problem {name!r}; known: {', '.join(SPECS)}") from None
