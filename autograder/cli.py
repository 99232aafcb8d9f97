"""Command line: ``python -m autograder release|grade`` (see ``--help``)."""

import argparse
import filecmp
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]

BANNER = """
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!! THE SANDBOX IS NOT IN USE (bwrap is not available, or --no-sandbox was given): student code  !!
!! runs in a separate process with resource limits but WITHOUT the filesystem and network       !!
!! isolation, so it could read course files. Install bubblewrap (apt-get install bubblewrap).    !!
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
"""


def course_root(start=None):
    """The folder holding nbgrader_config.py, looking up from ``start`` (default: here)."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "nbgrader_config.py").is_file():
            return folder
    raise SystemExit("no nbgrader_config.py here or above: run from the course folder or pass --root")


def assignments(root):
    return sorted(p.name for p in (root / "solutions").iterdir() if p.is_dir() and not p.name.startswith("."))


def release(root, names, release_dir="exercises"):
    """Regenerate the student copies with nbgrader; returns the release folder."""
    from .record import Gradebook

    book = Gradebook(root)
    try:
        for name in names:
            book.release(name, release_dir)
    except RuntimeError as exc:
        raise SystemExit(str(exc)) from None
    return root / release_dir


def stale(root, names):
    """Names of released notebooks that differ from a fresh release of ``solutions/``."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = release(root, names, Path(tmp))
        return [
            f"{n}/{p.name}"
            for n in names
            for p in sorted((fresh / n).glob("*.ipynb"))
            if not (root / "exercises" / n / p.name).is_file()
            or not filecmp.cmp(p, root / "exercises" / n / p.name, shallow=False)
        ]


def cmd_release(args):
    from .instructor import key

    root = course_root(args.root)
    names = assignments(root) if args.all else [args.assignment]
    if args.check:
        bad = [f"exercises/{b}" for b in stale(root, names)]
        bad += [f"autograder/public_key.json ({name})" for name in key.stale()]
        print("\n".join(f"stale: {b}" for b in bad) or "exercises/ and the public key are in sync")
        return 1 if bad else 0
    release(root, names)
    registered(root, names)
    key.write()
    print(f"released {', '.join(names)} into exercises/ and wrote the public answer key")
    return 0


def registered(root, names):
    """Put the assignments in the gradebook as ``grade`` needs them, so that grading the class after a
    release does not release again."""
    from .record import Gradebook

    book = Gradebook(root)
    try:
        for name in names:
            book.register(name)
    except RuntimeError as exc:
        raise SystemExit(str(exc)) from None
    finally:
        book.close()


SANDBOX_FILES = ["__init__.py", "call.py", "codec.py", "testfns.py"]
"""The modules of ``sandbox/`` the student side uses (the runner stays with the grader)."""


def student_package(dest):
    """Copy the student side (``student/``, the package's ``__init__`` and ``SANDBOX_FILES``) to ``dest``."""
    package = Path(__file__).parent
    target = Path(dest) / "autograder"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(package / "student", target / "student", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(package / "__init__.py", target / "__init__.py")
    (target / "sandbox").mkdir()
    for name in SANDBOX_FILES:
        shutil.copy(package / "sandbox" / name, target / "sandbox" / name)
    return target


def cmd_student_package(args):
    target = student_package(args.dest)
    print(f"wrote the student copy of the package to {target}: self-checks work, answers are not in it")
    return 0


class _BarSafeHandler(logging.Handler):
    """Log records on stderr through ``tqdm.write``: it clears the progress bar, then draws it again below."""

    def emit(self, record):
        from tqdm import tqdm

        try:
            tqdm.write(self.format(record), file=sys.stderr)
        except Exception:
            self.handleError(record)


def show_warnings(level: int = logging.WARNING) -> logging.Handler:
    """Show the ``autograder`` loggers' messages of ``level`` and above on stderr, around the progress bar
    (e.g. a student recorded through nbgrader's preprocessors because the direct path failed on them).

    Returns the handler, for :func:`logging.Logger.removeHandler`.
    """
    handler = _BarSafeHandler(level)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logging.getLogger("autograder").addHandler(handler)
    return handler


def cmd_grade(args):
    handler = show_warnings()
    try:
        return _grade(args)
    finally:
        logging.getLogger("autograder").removeHandler(handler)


def _grade(args):
    from . import report

    root = course_root(args.root)
    plot = report.SummaryPlot()  # forked first: matplotlib is imported while the grader is
    try:
        return _grade_with(args, root, plot)
    finally:
        plot.cancel()  # refused, or failed: no picture (nothing once the picture was waited for)


def _grade_with(args, root, plot):
    from . import jail

    limits = jail.Limits.for_item(args.timeout) if args.timeout else jail.Limits()
    sandboxed = not args.no_sandbox and jail.bwrap_available()
    probe = _Probe(jail) if sandboxed else None  # runs while the grader is imported

    from tqdm import tqdm

    from . import grading, report

    if not sandboxed:
        print(BANNER, file=sys.stderr)
    elif not probe.holds():
        return 2
    if not jail.cgroups_available(limits):
        print(
            "note: control groups are not available here: each sandboxed process is limited, but not "
            "the number of processes a submission may start",
            file=sys.stderr,
        )
    out = Path(args.out)
    bar = lambda n: tqdm(total=n, unit="student", desc=f"grading {args.assignment}", file=sys.stderr)
    results = grading.grade_class(
        root,
        args.assignment,
        workers=args.workers,
        use_sandbox=not args.no_sandbox,
        progress=bar,
        limits=limits,
        scheduler=args.scheduler,
        feedback=not args.no_feedback,
        graded=lambda graded: plot.send(graded, out.with_suffix(".png")),  # drawn while pages finish
    )
    if not results:
        print(
            f"no submissions: put them in {root / 'submitted'}/<student>/{args.assignment}/", file=sys.stderr
        )
    report.write_csv(results, out)
    plot.wait()
    print(report.format_summary(results))
    print(f"{len(results)} students graded: scores in {out}, class summary plot in {out.with_suffix('.png')}")
    return 0


UNSAFE = """
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!! NOT GRADING: a probe sandbox could {found}.
!! Student code could then change the grader itself. Check the bubblewrap version (0.8 or later
!! is needed for --disable-userns and --cap-drop) and how this machine allows user namespaces.
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
"""


class _Probe(threading.Thread):
    """A probe sandbox, started at once in a thread of its own (it mostly waits for the sandbox)."""

    def __init__(self, jail):
        super().__init__(daemon=True)
        self.jail, self.found = jail, None
        self.start()

    def run(self):
        try:
            self.found = self.jail.probe()
        except self.jail.SandboxUnsafe as exc:
            self.found = [str(exc)]
        except Exception as exc:
            self.found = [f"not be probed ({type(exc).__name__}: {exc})"]

    def holds(self):
        """Wait for the probe; print a loud refusal and return False if it could escape its bounds."""
        self.join()
        if self.found:
            print(UNSAFE.format(found=", ".join(self.found)), file=sys.stderr)
        return not self.found


def _positive(text):
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text}")
    return value


def parser():
    p = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    p.add_argument("--root", help="course folder (default: the one holding nbgrader_config.py)")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("release", help="regenerate exercises/ASSIGNMENT from solutions/ with nbgrader")
    r.add_argument("assignment", nargs="?")
    r.add_argument("--all", action="store_true", help="every assignment in solutions/")
    r.add_argument("--check", action="store_true", help="only report released notebooks that are stale")
    r.set_defaults(run=cmd_release)
    s = sub.add_parser(
        "student-package",
        help="write the package students need for self-checks, "
        "without the reference, variants or hidden cases",
    )
    s.add_argument("dest", help="folder to write autograder/ into (put it on the students' PYTHONPATH)")
    s.set_defaults(run=cmd_student_package)
    g = sub.add_parser("grade", help="grade every submitted/<student>/ASSIGNMENT")
    g.add_argument("assignment")
    g.add_argument("--out", default="grades.csv", help="CSV of scores (a .png summary goes beside it)")
    g.add_argument(
        "--workers", type=int, default=None, help="parallel sandboxes (default: one more than the cores)"
    )
    g.add_argument("--timeout", type=_positive, default=None, help="seconds allowed per cell or call")
    g.add_argument("--no-sandbox", action="store_true", help="do not use bubblewrap (weaker isolation)")
    g.add_argument("--no-feedback", action="store_true", help="skip generating feedback/")
    g.add_argument(
        "--scheduler",
        default=None,
        metavar="tcp://HOST:8786",
        help="run the sandboxes on this Dask scheduler's workers (default: DASK_SCHEDULER_ADDRESS "
        "if set, else this machine)",
    )
    g.set_defaults(run=cmd_grade)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so temporary folders and control groups are cleaned up.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if args.command == "release" and not (args.all or args.assignment):
        parser().error("release needs an ASSIGNMENT or --all")
    # nbgrader creates its gradebook with the `alembic` command: make the interpreter's bin/ visible.
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return args.run(args)
