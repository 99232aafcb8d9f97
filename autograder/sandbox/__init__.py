"""Student-side code: runs a student's function and encodes what came back as plain JSON data.

This folder is self-contained (standard library, NumPy and relative imports only) so it can
be copied alone into a sandbox. It holds no reference solution. Its modules are imported by name
(``from autograder.sandbox import codec``): the package itself imports nothing, so the probe sandbox
(``probe``) starts without NumPy.
"""
