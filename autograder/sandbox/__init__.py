"""Student-side code: runs a student's function and encodes what came back as plain JSON data.

This folder is self-contained (standard library, NumPy and relative imports only) so it can
be copied alone into a sandbox. It holds no reference solution.
"""

from . import call, codec, testfns
from .call import run_case
from .codec import decode, encode
from .testfns import TestFunction

__all__ = ["call", "codec", "testfns", "run_case", "encode", "decode", "TestFunction"]
