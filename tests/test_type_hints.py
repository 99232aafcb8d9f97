"""The public functions (in ``__all__``) of the autograder package, its sandbox and course/ are typed."""

import importlib
import inspect
import pkgutil

import pytest

import autograder
import autograder.instructor
import autograder.instructor.specs
import autograder.sandbox
import autograder.student
import course

PACKAGES = [
    autograder,
    autograder.sandbox,
    autograder.student,
    autograder.instructor,
    autograder.instructor.specs,
    course,
]
# autograder.__main__ runs the command line when imported.
MODULES = sorted(
    (
        {f"{p.__name__}.{m.name}" for p in PACKAGES for m in pkgutil.iter_modules(p.__path__)}
        | {p.__name__ for p in PACKAGES}
    )
    - {"autograder.__main__"}
)


def untyped(fn):
    """The parameters of ``fn`` without an annotation (``return`` for its result)."""
    signature = inspect.signature(fn)
    missing = [
        name
        for name, p in signature.parameters.items()
        if p.annotation is inspect.Parameter.empty and name not in ("self", "cls")
    ]
    return missing + (["return"] if signature.return_annotation is inspect.Signature.empty else [])


def public_functions(module):
    """The functions and methods ``module`` exports in ``__all__``."""
    for name in getattr(module, "__all__", ()):
        obj = getattr(module, name)
        if inspect.isfunction(obj) and obj.__module__ == module.__name__:
            yield name, obj
        elif inspect.isclass(obj) and obj.__module__ == module.__name__:
            for attr, member in vars(obj).items():
                fn = member.fget if isinstance(member, property) else getattr(member, "__func__", member)
                if inspect.isfunction(fn) and not attr.startswith("_"):
                    yield f"{name}.{attr}", fn


@pytest.mark.parametrize("module", MODULES)
def test_public_functions_are_typed(module):
    loaded = importlib.import_module(module)
    assert {name: untyped(fn) for name, fn in public_functions(loaded) if untyped(fn)} == {}


def test_an_untyped_function_would_be_noticed():
    def half(x, y: int = 1):
        return x / 2

    assert untyped(half) == ["x", "return"]
