"""Run inside a probe sandbox before grading: try what no sandbox may allow, and report what worked.

The grader refuses to grade when any of it works (see ``jail.probe``). A write that succeeds is undone
at once, so a weak sandbox is detected without being abused.
"""

import ctypes
import json
import os

MS_RDONLY, MS_REMOUNT, MS_BIND = 1, 32, 4096
CLONE_NEWNS, CLONE_NEWUSER = 0x00020000, 0x10000000


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def remounts(path):
    """True if ``path`` can be remounted (made writable)."""
    return _libc().mount(None, path.encode(), None, MS_REMOUNT | MS_BIND, None) == 0


def writes(path):
    """True if a file can be created in ``path`` (it is removed again)."""
    target = os.path.join(path, ".pdml-sandbox-probe")
    try:
        with open(target, "x"):
            pass
    except OSError:
        return False
    os.unlink(target)
    return True


def new_user_namespace():
    """True if a new user (and mount) namespace can be made: inside it, every mount could be redone."""
    return _libc().unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0


def main(fd, paths):
    """Write to ``fd`` a JSON list of what worked among remounts, writes and a new user namespace."""
    found = [f"remount {p}" for p in paths if os.path.exists(p) and remounts(p)]
    found += [f"write into {p}" for p in paths if os.path.isdir(p) and writes(p)]
    found += ["a new user namespace"] if new_user_namespace() else []
    os.write(fd, json.dumps(found).encode())
