"""Run a student's code in a sandbox that holds no reference and sees no course file.

On Linux the sandbox is bubblewrap: a read-only system, the Python interpreter and its packages, a
private /tmp, no network, and none of the course directory. Resource limits (memory, CPU time, wall
clock, bytes of output and of files) apply inside it, and where control groups can be used, a cap on
the whole sandbox's processes and memory (see ``cgroups``). The sandboxed process only sends back
plain data (JSON events); a cell or call that hangs or kills the interpreter costs only itself: the
sandbox is started again with that item skipped.
"""
import json
import os
import select
import shlex
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import cgroups
from .sandbox.call import failed

__all__ = ["Run", "run_submission", "bwrap_available", "cgroups_available", "sweep", "ITEM_TIMEOUT"]

ITEM_TIMEOUT = 10.0          # seconds for one cell or one call
STARTUP_TIMEOUT = 30.0       # seconds before the sandbox must report its first event
SUBMISSION_TIMEOUT = 180.0   # seconds for all of one submission, restarts included
MAX_RESTARTS = 8
MEMORY_BYTES = 2 * 1024**3
CPU_SECONDS = 300
EVENT_BYTES = 16 * 1024**2   # more than this on the event channel is flooding: the sandbox is stopped
TMP_BYTES = 64 * 1024**2     # the sandbox's private /tmp (memory-backed), and the largest file it may write
PACKAGE = Path(__file__).parent / "sandbox"
STAGE_PREFIX = "pdml-sandbox-"  # temporary folders: pdml-sandbox-<grader pid>-<random>
ENV = {"MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1"}  # inside the sandbox, besides HOME
BOOT = ("import sys; sys.path[:0] = [{grader!r}, {site!r}]; "
        "from gradekit.runner import main; main({job!r}, {fd})")


@dataclass
class Run:
    """What came back from a sandbox: per-call outcomes, per-cell errors and notes for the student."""
    outcomes: dict = field(default_factory=dict)
    cell_errors: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    sandbox: str = "bubblewrap"


@lru_cache(maxsize=1)
def bwrap_available():
    """True when bubblewrap can start a process here (it may be installed but not permitted)."""
    if shutil.which("bwrap") is None:
        return False
    probe = ["bwrap", "--ro-bind", "/", "/", "--unshare-all", "--die-with-parent", "true"]
    return subprocess.run(probe, capture_output=True).returncode == 0


def cgroups_available():
    """True when each sandbox can get its own control group (process and memory caps)."""
    group = cgroups.create(MEMORY_BYTES)
    if group:
        group.remove()
    return group is not None


def sweep():
    """Remove what graders that were killed left behind: their temporary folders and control groups."""
    for folder in Path(tempfile.gettempdir()).glob(f"{STAGE_PREFIX}*-*"):
        pid = folder.name[len(STAGE_PREFIX):].split("-")[0]
        if pid.isdigit() and not cgroups.alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
    cgroups.sweep()


def _site_packages():
    return sysconfig.get_paths()["purelib"]


def _bwrap_command(stage, job, fd):
    base, site = sys.base_prefix, _site_packages()
    binds = [arg for path in ("/usr", "/lib", "/lib64", "/bin", base) if os.path.exists(path)
             for arg in ("--ro-bind", path, path)]
    boot = BOOT.format(grader="/grader", site="/opt/site", job="/grader/job.json", fd=fd)
    # A non-editable install would put this package (and its references) in site-packages: hide it.
    masks = [arg for name in ("autograder", "course") if os.path.isdir(os.path.join(site, name))
             for arg in ("--tmpfs", f"/opt/site/{name}")]
    return ["bwrap", *binds, "--ro-bind", site, "/opt/site", *masks, "--ro-bind", str(stage), "/grader",
            "--proc", "/proc", "--dev", "/dev", "--size", str(TMP_BYTES), "--tmpfs", "/tmp",
            "--unshare-all", "--die-with-parent",
            "--new-session", "--clearenv", "--setenv", "HOME", "/tmp",
            *[arg for name, value in ENV.items() for arg in ("--setenv", name, value)], "--chdir", "/tmp",
            f"{base}/bin/python3", "-I", "-S", "-c", boot]


def _fallback_command(stage, job, fd):
    boot = BOOT.format(grader=str(stage), site=_site_packages(), job=str(job), fd=fd)
    return [sys.executable, "-I", "-S", "-c", boot]


def _limited(command, group):
    """Wrap ``command`` so that it starts inside ``group`` and under resource limits.

    A shell moves itself into the control group and execs ``prlimit``, which sets the limits and
    execs the command: no Python code runs between fork and exec (``preexec_fn`` is not thread-safe).
    """
    limits = [f"--as={MEMORY_BYTES}", f"--cpu={CPU_SECONDS}", "--core=0", f"--fsize={TMP_BYTES}"]
    enter = "".join(f"echo $$ > {shlex.quote(str(path))} && " for path in (group.procs if group else []))
    return ["/bin/sh", "-c", enter + 'exec "$@"', "sh", "prlimit", *limits, "--", *command]


def _start(stage, job, use_bwrap, group):
    read_end, write_end = os.pipe()
    build = _bwrap_command if use_bwrap else _fallback_command
    command = _limited(build(stage, job, write_end), group)
    env = {"PATH": "/usr/bin:/bin", "HOME": tempfile.gettempdir(), **ENV}
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, pass_fds=(write_end,), env=env,
                            cwd=stage, start_new_session=True)
    os.close(write_end)
    return proc, read_end


class _Stream:
    """The events of one sandbox run as they arrive, and which item is running since when."""

    def __init__(self):
        self.events, self.buffer, self.total = [], b"", 0
        self.current, self.since, self.ended = None, time.monotonic(), False

    def feed(self, chunk):
        self.total += len(chunk)
        *lines, self.buffer = (self.buffer + chunk).split(b"\n")
        for event in filter(None, map(_parse, lines)):
            self.events.append(event)
            if "start" in event:
                self.current, self.since = event["start"], time.monotonic()
            elif "done" in event and event["done"] == self.current:
                self.current = None
            self.ended = self.ended or bool(event.get("end"))

    def overdue(self, now, deadline):
        """Why to stop waiting now, or None."""
        limit = STARTUP_TIMEOUT if self.current is None and not self.events else ITEM_TIMEOUT + 2.0
        if now - self.since > limit:
            return "time limit"
        if now > deadline:
            return "submission time limit"
        return "flooded its output" if self.total > EVENT_BYTES else None


def _read_events(proc, read_end, deadline):
    """Collect events until the sandbox ends, hangs on one item, floods, or runs out of time.

    Returns (events, stuck_item, reason): ``stuck_item`` is the item that never finished, if any.
    """
    stream, exited = _Stream(), None
    try:
        while not stream.ended:
            now = time.monotonic()
            reason = stream.overdue(now, deadline)
            if reason:
                return stream.events, stream.current, reason
            if select.select([read_end], [], [], 0.05)[0]:
                chunk = os.read(read_end, 65536)
                if not chunk:  # every writer is gone
                    break
                stream.feed(chunk)
            elif proc.poll() is not None:  # the process is gone: drain what it wrote, briefly
                exited = exited or now
                if now - exited > 1.0:
                    break
        return stream.events, None if stream.ended else stream.current, None if stream.ended else "crashed"
    finally:
        _stop(proc, read_end)


def _parse(line):
    try:
        event = json.loads(line)
    except ValueError:
        return None
    return event if isinstance(event, dict) else None


def _stop(proc, read_end):
    """Kill the sandbox's whole process group (a fallback run has no pid namespace to end it)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    proc.wait()
    os.close(read_end)


def _write_stage(stage, cells, calls, skip):
    package = stage / "gradekit"
    if not package.exists():
        shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    job = {"cells": cells, "calls": calls, "skip": sorted(skip), "item_timeout": ITEM_TIMEOUT}
    (stage / "job.json").write_text(json.dumps(job))
    return stage / "job.json"


def _record(run, events, calls_done):
    for event in events:
        item = event.get("done")
        if not isinstance(item, str):
            continue
        if item.startswith("call:") and isinstance(event.get("outcome"), dict):
            run.outcomes[item[5:]] = event["outcome"]
            calls_done.add(item)
        elif item.startswith("cell:") and event.get("error"):
            run.cell_errors[int(item[5:])] = str(event["error"])[:300]


def _blame(run, item, reason, calls):
    """Record a cell or call that never finished; return the items not to run again.

    A call that had to be killed takes the rest of its function's calls with it.
    """
    message = {"time limit": f"TimeoutError: ran longer than {ITEM_TIMEOUT:g} s",
               "crashed": "SystemExit: stopped the Python process (exit, kill or crash)",
               "flooded its output": "OSError: flooded the output"}.get(reason, f"Error: {reason}")
    run.notes.append(f"{_describe(item)}: {message}")
    if item.startswith("cell:"):
        run.cell_errors[int(item[5:])] = message
        return {item}
    function = next((c["function"] for c in calls if f"call:{c['id']}" == item), None)
    dropped = {f"call:{c['id']}" for c in calls if c["function"] == function} - {f"call:{k}" for k in run.outcomes}
    for name in dropped | {item}:
        run.outcomes[name[5:]] = failed(message)
    return dropped | {item}


def _describe(item):
    kind, _, name = item.partition(":")
    return f"code cell {int(name) + 1}" if kind == "cell" else f"call {name}"


def _attempt(stage, job, use_bwrap, deadline):
    """One start of the sandbox, in a control group of its own where possible."""
    group = cgroups.create(MEMORY_BYTES)
    try:
        proc, read_end = _start(stage, job, use_bwrap, group)
        return _read_events(proc, read_end, deadline)
    finally:
        if group:
            group.remove()


def run_submission(cells, calls, sandbox=True):
    """Run ``cells`` (code strings) then ``calls`` (dicts with id, function, args, kwargs) sandboxed.

    Returns a :class:`Run`. Never raises for anything the student's code does.
    """
    use_bwrap = sandbox and bwrap_available()
    run = Run(sandbox="bubblewrap" if use_bwrap else "none (no bubblewrap: weaker isolation)")
    deadline = time.monotonic() + SUBMISSION_TIMEOUT
    skip, calls_done = set(), set()
    with tempfile.TemporaryDirectory(prefix=f"{STAGE_PREFIX}{os.getpid()}-") as tmp:
        stage = Path(tmp)
        for _ in range(MAX_RESTARTS + 1):
            job = _write_stage(stage, cells, calls, skip | calls_done)
            events, stuck, reason = _attempt(stage, job, use_bwrap, deadline)
            _record(run, events, calls_done)
            if reason is None:
                break
            if stuck is None:  # died between items: try again while that still makes progress
                if not any("done" in e for e in events):
                    run.notes.append(f"the sandbox stopped: {reason}")
                    break
                continue
            skip.update(_blame(run, stuck, reason, calls))
            if time.monotonic() > deadline:
                break
    _fill_missing(run, calls)
    return run


def _fill_missing(run, calls):
    for spec in calls:
        run.outcomes.setdefault(spec["id"], failed(
            "Error: not run (the submission's time or restart limit was reached)"))
