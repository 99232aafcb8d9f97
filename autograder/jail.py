"""Run a student's code in a sandbox that holds no reference and sees no course file.

On Linux the sandbox is bubblewrap: a read-only system, the Python interpreter and its packages, a
private size-limited /tmp and /dev/shm, no network, and none of the course directory. It holds when
the grader runs as root: the sandbox runs as an unprivileged user with every capability dropped and
no way to make a user namespace, so nothing bound into it can be remounted or written
(:func:`probe` checks that before grading). Resource limits (memory, CPU time, wall clock, bytes of
output and of files) apply inside it, and where control groups can be used, a cap on the whole
sandbox's processes and memory (see ``cgroups``).

The job is never a file: the cells go over a pipe, then each call only once the previous one is done
(see ``sandbox.runner``). What comes back is read as hostile data (``events``); a cell or call that
hangs, kills the interpreter or sends garbage costs only itself: the sandbox is started again without it.
"""

import atexit
import compileall
import contextlib
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
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import cgroups, events
from .sandbox.call import failed

__all__ = [
    "Limits",
    "Run",
    "SandboxUnsafe",
    "run_submission",
    "probe",
    "bwrap_available",
    "cgroups_available",
    "sweep",
]

PACKAGE = Path(__file__).parent / "sandbox"
STAGE_PREFIX = "pdml-sandbox-"  # temporary folders: pdml-sandbox-<grader pid>-<random>
ENV = {"MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1"}  # inside the sandbox, besides HOME
NOBODY = "65534"
BOOT = "import sys; sys.path[:0] = [{grader!r}, {site!r}]; from gradekit.{module} import main; main({args})"
PROBED = ("/opt/site", "/usr", "/lib", "/bin", "/grader", "/", "/dev", "/proc/sys")


@dataclass(frozen=True)
class Limits:
    """Every limit of a sandboxed run, in seconds and bytes.

    Attributes:
        item: One cell or one call.
        function: All the calls of one function together: the rest of them are not made.
        submission: All of one notebook, restarts included: one student's share of the batch.
        startup: Until the sandbox's first event.
        restarts: Starts of the sandbox after the first.
        memory: Address space of each process (and of the whole control group).
        cpu: CPU seconds of each process.
        events: Bytes on the event channel before the sandbox counts as flooding it.
        tmp: Size of /tmp and of /dev/shm, and the largest file the sandbox may write.
    """

    item: float = 10.0
    function: float = 30.0
    submission: float = 60.0
    startup: float = 30.0
    restarts: int = 8
    memory: int = 2 * 1024**3
    cpu: int = 300
    events: int = 16 * 1024**2
    tmp: int = 64 * 1024**2

    @classmethod
    def for_item(cls, seconds: float) -> "Limits":
        """Limits scaled to ``seconds`` per cell or call (the defaults are ``for_item(10)``)."""
        return cls(item=seconds, function=3 * seconds, submission=max(60.0, 6 * seconds))


@dataclass
class Run:
    """What came back from a sandbox: per-call outcomes, per-cell errors and notes for the student.

    ``threads`` maps a code cell's index, or a function's name, to a note that it left a thread running.
    """

    outcomes: dict = field(default_factory=dict)
    cell_errors: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    threads: dict = field(default_factory=dict)
    sandbox: str = "bubblewrap"


class SandboxUnsafe(RuntimeError):
    """The probe sandbox could do something no sandbox may: grading would not be honest."""


@lru_cache(maxsize=1)
def bwrap_available():
    """True when bubblewrap can start a process here (it may be installed but not permitted)."""
    if shutil.which("bwrap") is None:
        return False
    probe_run = [
        "bwrap",
        "--ro-bind",
        "/",
        "/",
        "--unshare-all",
        "--unshare-user",
        "--disable-userns",
        "--cap-drop",
        "ALL",
        "--die-with-parent",
        "true",
    ]
    return subprocess.run(probe_run, capture_output=True).returncode == 0


def cgroups_available(limits: Limits = Limits()) -> bool:
    """True when each sandbox can get its own control group (process and memory caps)."""
    group = cgroups.create(limits.memory)
    if group:
        group.remove()
    return group is not None


def sweep() -> None:
    """Remove what graders that were killed left behind: their temporary folders and control groups."""
    for folder in Path(tempfile.gettempdir()).glob(f"{STAGE_PREFIX}*-*"):
        pid = folder.name[len(STAGE_PREFIX) :].split("-")[0]
        if pid.isdigit() and not cgroups.alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
    cgroups.sweep()


def _site_packages():
    return sysconfig.get_paths()["purelib"]


HARDENING = ["--unshare-user", "--disable-userns", "--uid", NOBODY, "--gid", NOBODY, "--cap-drop", "ALL"]


def _bwrap_command(stage, module, args, limits, hardening=HARDENING):
    """bubblewrap around ``gradekit.<module>.main(*args)``; ``hardening`` is only ever weakened by tests."""
    base, site = sys.base_prefix, _site_packages()
    binds = [
        arg
        for path in ("/usr", "/lib", "/lib64", "/bin", base)
        if os.path.exists(path)
        for arg in ("--ro-bind", path, path)
    ]
    boot = BOOT.format(grader="/grader", site="/opt/site", module=module, args=", ".join(map(repr, args)))
    # A non-editable install would put this package (and its references) in site-packages: hide it.
    masks = [
        arg
        for name in ("autograder", "course")
        if os.path.isdir(os.path.join(site, name))
        for arg in ("--tmpfs", f"/opt/site/{name}")
    ]
    return [
        "bwrap",
        "--unshare-all",
        *hardening,
        "--die-with-parent",
        "--new-session",
        *binds,
        "--ro-bind",
        site,
        "/opt/site",
        *masks,
        "--ro-bind",
        str(stage),
        "/grader",
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--size",
        str(limits.tmp),
        "--tmpfs",
        "/dev/shm",
        "--size",
        str(limits.tmp),
        "--tmpfs",
        "/tmp",
        "--remount-ro",
        "/dev",
        "--remount-ro",
        "/",
        "--clearenv",
        "--setenv",
        "HOME",
        "/tmp",
        *[arg for name, value in ENV.items() for arg in ("--setenv", name, value)],
        "--chdir",
        "/tmp",
        f"{base}/bin/python3",
        "-I",
        "-S",
        "-c",
        boot,
    ]


def _fallback_command(stage, module, args, limits):
    boot = BOOT.format(
        grader=str(stage), site=_site_packages(), module=module, args=", ".join(map(repr, args))
    )
    return [sys.executable, "-I", "-S", "-c", boot]


def _limited(command, group, limits):
    """Wrap ``command`` so that it starts inside ``group`` and under resource limits.

    A shell moves itself into the control group and execs ``prlimit``, which sets the limits and
    execs the command: no Python code runs between fork and exec (``preexec_fn`` is not thread-safe).
    """
    caps = [f"--as={limits.memory}", f"--cpu={limits.cpu}", "--core=0", f"--fsize={limits.tmp}"]
    enter = "".join(f"echo $$ > {shlex.quote(str(path))} && " for path in (group.procs if group else []))
    return ["/bin/sh", "-c", enter + 'exec "$@"', "sh", "prlimit", *caps, "--", *command]


_compiling = threading.Lock()


@lru_cache(maxsize=1)
def _compiled():
    """This process's copy of the sandbox package, compiled, removed at exit: bound read-only at /grader
    in every sandbox it starts (no job, nothing written back), so none compiles it again. What killed
    graders left (a Dask worker's copy, say) is swept first."""
    sweep()
    tmp = tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{os.getpid()}-")
    atexit.register(shutil.rmtree, tmp, True)
    shutil.copytree(PACKAGE, Path(tmp) / "gradekit", ignore=shutil.ignore_patterns("__pycache__"))
    compileall.compile_dir(Path(tmp) / "gradekit", quiet=2)
    return Path(tmp)


@contextlib.contextmanager
def _stage(shared):
    """The folder to bind at /grader: the compiled copy when ``shared``, else (no bubblewrap: the student's
    code could write to it) a copy of it for this run only."""
    with _compiling:
        compiled = _compiled()
    if shared:
        yield compiled
        return
    with tempfile.TemporaryDirectory(prefix=f"{STAGE_PREFIX}{os.getpid()}-") as tmp:
        shutil.copytree(compiled / "gradekit", Path(tmp) / "gradekit")
        yield Path(tmp)


def _spawn(command, stage, pass_fds):
    env = {"PATH": "/usr/bin:/bin", "HOME": tempfile.gettempdir(), **ENV}
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=pass_fds,
        env=env,
        cwd=stage,
        start_new_session=True,
    )


def _start(stage, use_bwrap, group, limits):
    """Start the runner; returns (process, event channel's read end, job channel's write end)."""
    event_read, event_write = os.pipe()
    job_read, job_write = os.pipe()
    build = _bwrap_command if use_bwrap else _fallback_command
    command = _limited(build(stage, "runner", (event_write, job_read), limits), group, limits)
    proc = _spawn(command, stage, (event_write, job_read))
    os.close(event_write)
    os.close(job_read)
    os.set_blocking(job_write, False)
    return proc, event_read, job_write


def probe(
    use_bwrap: bool = True, limits: Limits = Limits(), hardening: Sequence[str] = HARDENING
) -> list[str]:
    """What a probe sandbox could do that no sandbox may (remount, write a bound path, new user
    namespace); empty when the sandbox holds.

    Raises:
        SandboxUnsafe: When the probe did not report at all.
    """
    with _stage(use_bwrap) as stage:
        read_end, write_end = os.pipe()
        paths = list(PROBED) + [sys.base_prefix]
        args = (write_end, paths)
        command = (
            _bwrap_command(stage, "probe", args, limits, hardening)
            if use_bwrap
            else _fallback_command(stage, "probe", args, limits)
        )
        proc = _spawn(command, stage, (write_end,))
        os.close(write_end)
        try:
            proc.wait(timeout=limits.startup)
            report = os.read(read_end, 65536)
        finally:
            _stop(proc, read_end)
    try:
        return [str(x) for x in json.loads(report)]
    except ValueError:
        raise SandboxUnsafe("the probe sandbox did not report") from None


def _stop(proc, read_end, write_end=None):
    """Kill the sandbox's whole process group (a fallback run has no pid namespace to end it)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    proc.wait()
    for fd in (read_end, write_end):
        if fd is not None:
            os.close(fd)


def _job_line(data):
    return (json.dumps(data) + "\n").encode()


class _Session:
    """One start of the sandbox: sends the job, reads events, and decides what runs next.

    Only the trusted side chooses what a call is and which call is running: the sandbox answers
    call numbers, and an answer to any other call than the one running is ignored.
    """

    def __init__(self, sub):
        self.sub, self.outbox, self.buffer, self.total = sub, bytearray(), b"", 0
        self.current, self.since, self.started, self.ended = None, time.monotonic(), False, False
        self.last_done, self.tainted, self.skipping, self.last_start = None, set(), False, -1
        first = {"cells": sub.cells, "skip": sorted(sub.skip), "item_timeout": sub.limits.item}
        self.outbox += _job_line(first)

    def feed(self, chunk):
        self.total += len(chunk)
        *lines, self.buffer = (self.buffer + chunk).split(b"\n")
        for line in lines:
            skipped, self.skipping = self.skipping, False
            if not skipped and line:
                self.handle(events.parse(line, len(self.sub.cells), len(self.sub.calls)))
        if len(self.buffer) > events.MAX_LINE:  # an endless line: drop it, blame the running item
            self.buffer, self.skipping = b"", True
            self.handle(events.Malformed("an event larger than the limit"))

    def handle(self, event):
        now = time.monotonic()
        self.started = True
        if isinstance(event, events.Start) and event.index > self.last_start:  # cells run in order, once
            self.current, self.since, self.last_start = f"cell:{event.index}", now, event.index
        elif isinstance(event, events.CellDone):
            self.sub.cell_done(event, self.current == f"cell:{event.index}")
            self.finish(f"cell:{event.index}", event.threads, now)
        elif isinstance(event, events.Ready) and self.current is None:
            self.send_next(now)
        elif isinstance(event, events.CallDone) and self.current == f"call:{event.n}":
            if self.current not in self.tainted:
                self.sub.call_done(event.n, event.outcome, now - self.since)
            self.sub.threads_after(f"call:{event.n}", event.threads)
            self.finish(self.current, event.threads, now)
            self.send_next(now)
        elif isinstance(event, events.ThreadStarted) and self.current:
            self.sub.threads_after(self.current, 1)
        elif isinstance(event, events.End):
            self.ended = True
        elif isinstance(event, events.Malformed) and self.current:
            self.tainted.add(self.current)
            self.sub.malformed(self.current, event.reason)

    def finish(self, item, threads, now):
        if self.current == item:
            self.current = None
        self.last_done, self.since = (item, threads), now

    def send_next(self, now):
        number = self.sub.next_call()
        self.outbox += _job_line({"end": True} if number is None else self.sub.call_message(number))
        self.current, self.since = (None if number is None else f"call:{number}"), now

    def overdue(self, now, deadline):
        """Why to stop waiting now, or None."""
        limit = self.sub.limits.startup if not self.started else self.sub.limits.item + 2.0
        if now - self.since > limit:
            return "time limit"
        if now > deadline:
            return "submission time limit"
        return "flooded its output" if self.total > self.sub.limits.events else None

    def stuck(self):
        """The item to blame for a stop: the running one, or the one before that left a thread."""
        if self.current is None and self.last_done and self.last_done[1]:
            return self.last_done[0]
        return self.current

    def write(self, job_write):
        try:
            written = os.write(job_write, self.outbox[:65536])
        except BlockingIOError:
            return
        except OSError:  # the sandbox closed its end: nothing more can be sent
            written = len(self.outbox)
        del self.outbox[:written]


def _exchange(session, proc, read_end, job_write, deadline):
    """Talk to the sandbox until it ends, hangs on one item, floods, or runs out of time.

    Returns (stuck_item, reason), both None when the sandbox finished its job.
    """
    exited = None
    try:
        while not session.ended:
            now = time.monotonic()
            reason = session.overdue(now, deadline)
            if reason:
                return session.stuck(), reason
            writers = [job_write] if session.outbox else []
            readable, writable, _ = select.select([read_end], writers, [], 0.05)
            if writable:
                session.write(job_write)
            if readable:
                chunk = os.read(read_end, 65536)
                if not chunk:  # every writer is gone
                    break
                session.feed(chunk)
            elif proc.poll() is not None:  # the process is gone: drain what it wrote, briefly
                exited = exited or now
                if now - exited > 1.0:
                    break
        return (None, None) if session.ended else (session.stuck(), "crashed")
    finally:
        _stop(proc, read_end, job_write)


def _attempt(sub, use_bwrap, deadline):
    """One start of the sandbox, in a control group of its own where possible."""
    group = cgroups.create(sub.limits.memory)
    try:
        session = _Session(sub)
        proc, read_end, job_write = _start(sub.stage, use_bwrap, group, sub.limits)
        stuck, reason = _exchange(session, proc, read_end, job_write, deadline)
        return stuck, reason, session.last_done is not None
    finally:
        if group:
            group.remove()


class _Submission:
    """What the trusted side knows of one submission across restarts: what ran, what is left, and why."""

    def __init__(self, cells, calls, limits, stage, run):
        self.cells, self.calls, self.limits, self.stage, self.run = (
            list(cells),
            list(calls),
            limits,
            stage,
            run,
        )
        self.skip, self.finished, self.spent = set(), set(), {}

    def call_message(self, number):
        """What the sandbox is told of a call: its number, function and inputs (no id, nothing hidden)."""
        spec = self.calls[number]
        return {"n": number, "function": spec["function"], "args": spec["args"], "kwargs": spec["kwargs"]}

    def next_call(self):
        """The next call to make, or None; calls of a function past its time budget are not made."""
        for number, spec in enumerate(self.calls):
            if number in self.finished:
                continue
            if self.spent.get(spec["function"], 0.0) > self.limits.function:
                self._fail(
                    number,
                    f"TimeoutError: not run (the calls of {spec['function']} together ran "
                    f"longer than {self.limits.function:g} s)",
                )
                continue
            return number
        return None

    def _fail(self, number, message):
        self.run.outcomes[self.calls[number]["id"]] = failed(message)
        self.finished.add(number)

    def call_done(self, number, outcome, seconds):
        spec = self.calls[number]
        self.spent[spec["function"]] = self.spent.get(spec["function"], 0.0) + seconds
        if outcome["error"] is not None:
            error = events.student_error(
                outcome["error"], outcome["where"], self.cells, spec.get("hidden", True)
            )
            outcome = {**outcome, "error": error}
        self.run.outcomes[spec["id"]] = {k: v for k, v in outcome.items() if k != "where"}
        self.finished.add(number)

    def cell_done(self, event, was_running):
        if event.error is not None and was_running:
            self.run.cell_errors[event.index] = events.student_error(
                event.error, event.where, self.cells, False
            )
        self.threads_after(f"cell:{event.index}", event.threads)

    def threads_after(self, item, threads):
        if threads <= 0:
            return
        kind, _, name = item.partition(":")
        what = (
            f"code cell {int(name) + 1}"
            if kind == "cell"
            else f"a call of {self.calls[int(name)]['function']}"
        )
        note = (
            f"{what} started a thread that may still run after it: such threads compete with every "
            "later cell and call for time (one that holds the interpreter makes later items run out of time)"
        )
        self.run.threads.setdefault(int(name) if kind == "cell" else self.calls[int(name)]["function"], note)

    def malformed(self, item, reason):
        self.run.notes.append(f"{self.describe(item)}: the sandbox sent malformed data ({reason})")
        kind, _, name = item.partition(":")
        if kind == "cell":
            self.run.cell_errors[int(name)] = "Error: the sandbox sent malformed data during this cell"
        else:
            self._fail(int(name), "Error: the sandbox sent malformed data during this call")

    def describe(self, item):
        kind, _, name = item.partition(":")
        return f"code cell {int(name) + 1}" if kind == "cell" else f"call {self.calls[int(name)]['id']}"

    def blame(self, item, reason):
        """Record a cell or call that never finished, so the next start skips it.

        A call that had to be stopped takes the rest of its function's calls with it.
        """
        limits = self.limits
        message = {
            "time limit": f"TimeoutError: ran longer than {limits.item:g} s",
            "submission time limit": (
                f"TimeoutError: the whole notebook ran longer than {limits.submission:g} s"
            ),
            "crashed": "SystemExit: stopped the Python process (exit, kill or crash)",
            "flooded its output": "OSError: flooded the output",
        }.get(reason, f"Error: {reason}")
        self.run.notes.append(f"{self.describe(item)}: {message}")
        kind, _, name = item.partition(":")
        if kind == "cell":
            self.run.cell_errors[int(name)] = message
            self.skip.add(item)
            return
        function = self.calls[int(name)]["function"]
        for number, spec in enumerate(self.calls):
            if spec["function"] == function and number not in self.finished or number == int(name):
                self._fail(number, message)

    def fill_missing(self):
        for number in range(len(self.calls)):
            if number not in self.finished:
                self._fail(number, "Error: not run (the submission's time or restart limit was reached)")


def run_submission(
    cells: Sequence[str], calls: Sequence[dict], sandbox: bool = True, limits: Limits = Limits()
) -> Run:
    """Run ``cells`` (code strings) then ``calls`` sandboxed.

    Args:
        cells: The student's code cells, in order.
        calls: Dicts with ``id``, ``function``, ``args``, ``kwargs`` (encoded) and ``hidden``; only the
            function and inputs reach the sandbox, one call at a time.
        sandbox: False to run without bubblewrap (weaker isolation).
        limits: A :class:`Limits`.

    Returns:
        A :class:`Run`. Never raises for anything the student's code does.
    """
    use_bwrap = sandbox and bwrap_available()
    run = Run(sandbox="bubblewrap" if use_bwrap else "none (no bubblewrap: weaker isolation)")
    deadline = time.monotonic() + limits.submission
    with _stage(use_bwrap) as stage:
        sub = _Submission(cells, calls, limits, stage, run)
        for _ in range(limits.restarts + 1):
            stuck, reason, progressed = _attempt(sub, use_bwrap, deadline)
            if reason is None:
                break
            if stuck is None:  # died between items: try again while that still makes progress
                if not progressed:
                    run.notes.append(f"the sandbox stopped: {reason}")
                    break
                continue
            sub.blame(stuck, reason)
            if time.monotonic() > deadline:
                break
        sub.fill_missing()
    return run
