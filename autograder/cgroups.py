"""Whole-sandbox limits with Linux control groups: a cap on processes (fork bombs) and on memory.

``RLIMIT_AS`` bounds each process, but a sandbox that forks could multiply it. Where this process may
create control groups (cgroup v1 ``pids`` and ``memory`` controllers, or cgroup v2 with them enabled),
each sandbox gets its own group; elsewhere :func:`create` returns None and only the per-process limits
apply.
"""

import itertools
import os
import time
from pathlib import Path

__all__ = ["Group", "create"]

ROOT = Path("/sys/fs/cgroup")
PIDS_MAX = 64
_names = itertools.count()


def _own_path(controller):
    """This process's group in ``controller`` (v1), or in the unified hierarchy when ``controller`` is ''."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if controller in controllers.split(",") or (controller == "" and controllers == ""):
            return path.lstrip("/")
    return None


def _v1_dirs():
    dirs = [ROOT / c / (_own_path(c) or "") for c in ("pids", "memory")]
    return dirs if all((d / "cgroup.procs").exists() for d in dirs) else None


def _v2_dir():
    own = ROOT / (_own_path("") or "")
    controllers = (
        (own / "cgroup.subtree_control").read_text().split()
        if (own / "cgroup.subtree_control").exists()
        else []
    )
    return own if {"pids", "memory"} <= set(controllers) else None


class Group:
    """One sandbox's control group(s), named after the grader's pid (see :func:`sweep`)."""

    def __init__(self, dirs, memory_bytes):
        self.dirs = dirs
        for d in dirs:
            d.mkdir()
        for d in dirs:
            for name, value in (
                ("pids.max", PIDS_MAX),
                ("memory.limit_in_bytes", memory_bytes),
                ("memory.max", memory_bytes),
                ("memory.memsw.limit_in_bytes", memory_bytes),
            ):
                if (d / name).exists():
                    try:
                        (d / name).write_text(str(value))
                    except OSError:
                        pass  # swap accounting may be off

    @property
    def procs(self) -> list[Path]:
        """The files a process writes its pid to, to join the group."""
        return [d / "cgroup.procs" for d in self.dirs]

    def remove(self) -> None:
        for d in self.dirs:
            _remove(d)


def _remove(d):
    """Kill whatever is left in group ``d``, then delete it (waiting up to a second for the kills).

    A killed sandbox's last processes leave a memory group within a few milliseconds: it is tried again
    every millisecond, so that the grader's slot is free again as soon as the group is gone."""
    for _ in range(1000):
        if not d.exists():
            return
        for pid in (d / "cgroup.procs").read_text().split():
            try:
                os.kill(int(pid), 9)
            except OSError:
                pass
        try:
            d.rmdir()
            return
        except OSError:
            time.sleep(0.001)


def alive(pid):
    """True if a process with this pid exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep():
    """Delete the groups of graders that no longer run (killed before they could clean up)."""
    try:
        parents = _v1_dirs() or ([_v2_dir()] if _v2_dir() else [])
    except OSError:
        return
    for parent in parents:
        for d in parent.glob("pdml-sandbox-*-*"):
            pid = d.name.split("-")[2]
            if pid.isdigit() and not alive(int(pid)):
                _remove(d)


def create(memory_bytes: int) -> Group | None:
    """A new :class:`Group` for one sandbox, or None where control groups cannot be used."""
    name = f"pdml-sandbox-{os.getpid()}-{next(_names)}"
    try:
        v1 = _v1_dirs()
        parents = v1 if v1 else [_v2_dir()] if _v2_dir() else None
        return Group([p / name for p in parents], memory_bytes) if parents else None
    except OSError:
        return None
