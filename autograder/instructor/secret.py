"""The instructor's grading secret, from which every hidden case is drawn.

It is in neither the repository nor the student package, so students cannot recompute the hidden
points. ``PDML_GRADING_SECRET`` wins when set; otherwise the secret is the git-ignored file
``.grading/secret`` at the course root, created (random, readable by its owner only) on first use.
The same secret gives the same hidden cases, so a re-grade is idempotent.
"""

import hashlib
import os
import secrets
from pathlib import Path

import numpy as np

__all__ = ["ENV", "FILE", "grading_secret", "hidden_rng"]

ENV = "PDML_GRADING_SECRET"
"""Environment variable holding the secret (e.g. in CI, or to share one secret between machines)."""

FILE = Path(".grading") / "secret"
"""Where the secret is kept, relative to the course root."""


def _course_root(start):
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / "nbgrader_config.py").is_file():
            return folder
    return here


def grading_secret(root: str | Path | None = None) -> str:
    """The grading secret: ``$PDML_GRADING_SECRET``, else ``<root>/.grading/secret`` (made if absent).

    Args:
        root: The course folder; default: the one holding nbgrader_config.py above the current folder.

    Returns:
        The secret, a non-empty string.
    """
    value = os.environ.get(ENV, "")
    if value:
        return value
    path = _course_root(root or Path.cwd()) / FILE
    if not path.is_file():
        path.parent.mkdir(mode=0o700, exist_ok=True)
        try:
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
                out.write(secrets.token_hex(32) + "\n")
        except FileExistsError:  # another grader made it first
            pass
    return path.read_text(encoding="utf-8").strip()


def hidden_rng(secret: str, name: str) -> np.random.Generator:
    """The random generator of problem ``name``'s hidden cases under ``secret``."""
    digest = hashlib.sha256(f"{secret}\0{name}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:16], "big"))
