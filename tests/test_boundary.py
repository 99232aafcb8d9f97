"""The student side imports only itself, the sandbox's call/codec/testfns, NumPy and the standard library."""

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "autograder"
ALLOWED_PACKAGE = {
    "autograder.student",
    "autograder.sandbox",
    "autograder.sandbox.call",
    "autograder.sandbox.codec",
    "autograder.sandbox.testfns",
}
ALLOWED_THIRD_PARTY = {"numpy"}
EXCEPTIONS = {("student/selfcheck.py", "autograder.instructor")}
"""The one deliberate exception: ``check(..., hidden=True)``, which only plain ``nbgrader autograde`` runs
(on the instructor's machine), imports the instructor side inside the call; in the student package
that import fails and the check says it could not be run."""


def _imports(path, package):
    """Absolute names of every module ``path`` imports (relative imports resolved within ``package``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
                yield from ([module] if node.module else [f"{module}.{a.name}" for a in node.names])
            else:
                yield node.module


def forbidden(path, package):
    """The imports of ``path`` the student side may not make."""
    bad = []
    for name in _imports(path, package):
        top = name.split(".")[0]
        if top == "autograder":
            if not any(name == a or name.startswith("autograder.student.") for a in ALLOWED_PACKAGE):
                bad.append(name)
        elif top not in sys.stdlib_module_names and top not in ALLOWED_THIRD_PARTY:
            bad.append(name)
    return bad


STUDENT = sorted((PACKAGE / "student").glob("*.py")) + [
    PACKAGE / "sandbox" / f for f in ("__init__.py", "call.py", "codec.py", "testfns.py")
]


@pytest.mark.parametrize("path", STUDENT, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_student_side_imports_only_what_it_may(path):
    relative = str(path.relative_to(PACKAGE))
    package = "autograder." + ".".join(path.relative_to(PACKAGE).parent.parts)
    assert [n for n in forbidden(path, package) if (relative, n) not in EXCEPTIONS] == []


def test_a_forbidden_import_is_caught(tmp_path):
    """Negative twin: importing the instructor side (relatively or not), or a third-party package, fails."""
    path = tmp_path / "bad.py"
    path.write_text(
        "from ..instructor import key\nimport autograder.grading\nimport nbformat\nfrom . import assess\n"
    )
    assert forbidden(path, "autograder.student") == [
        "autograder.instructor",
        "autograder.grading",
        "nbformat",
    ]


def test_the_package_init_imports_only_the_student_side():
    assert forbidden(PACKAGE / "__init__.py", "autograder") == []
