"""The feedback process: every student's feedback pages, made while the class is graded.

:class:`Pages` forks a process when grading starts, before any thread or database connection: it
builds the exporter (``feedback.Renderer``), sets up the gradebook's models and renders the last
release while the class is read, then renders each batch of students as soon as the gradebook has
recorded it. The grades of a group of up to :data:`GROUP` students are read in one query, and their
pages made one student after another in a forked child; no student's pages may take more than
:data:`SECONDS`. A child stopped on one student (its time, its memory, a crash) costs only that
student: the group's students after it get a new child.

The rendering itself (nbconvert) is imported where it runs, in the forked process.
"""

import json
import os
import resource
import select
import signal
import time
import traceback
from collections.abc import Iterable, Sequence
from pathlib import Path

__all__ = ["Pages", "generate", "SECONDS", "GROUP"]

SECONDS = 60.0  # wall clock for one student's pages
GROUP = 16  # students whose pages one forked child makes, one after another
SMALLEST_GROUP = 4  # a group is not split below this to use more children: a fork costs about a page
MEMORY_BYTES = 2 * 1024**3
GRACE = 1.0  # seconds the parent waits past a child's own time limit before killing it itself


def _child(renderer, students, assignment, grades, report):
    """In a forked process: limits, then each student's pages in turn, each reported on ``report`` as a
    JSON line (null, or what went wrong); never returns. A student's pages that take longer than
    :data:`SECONDS` end the process (SIGALRM), whenever its parent looks."""
    from .feedback import PAGE_BYTES

    status = 1
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
        cpu = max(1, int(SECONDS * len(students)))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        for student in students:
            signal.setitimer(signal.ITIMER_REAL, SECONDS)
            too_large = renderer.render(student, assignment, grades[student])
            signal.setitimer(signal.ITIMER_REAL, 0)
            problem = f"a page was larger than {PAGE_BYTES // 1024**2} MB and was replaced by a note"
            os.write(report, json.dumps(problem if too_large else None).encode() + b"\n")
        status = 0
    finally:
        os._exit(status)  # the parent's open files and database connections are not ours to close


class _Child:
    """A forked child making a group's pages: which student it is on, and until when it may be."""

    def __init__(self, pid, students, report):
        self.pid, self.students, self.report = pid, list(students), report
        self.deadline, self.buffer, self.killed = time.monotonic() + SECONDS + GRACE, b"", False
        self.eof = False

    def finished(self):
        """{student: problem or None} for the students the child has reported since the last call."""
        try:
            chunk = os.read(self.report, 1 << 12)
            self.buffer += chunk
            self.eof = self.eof or not chunk
        except BlockingIOError:
            pass
        *lines, self.buffer = self.buffer.split(b"\n")
        if lines:
            self.deadline = time.monotonic() + SECONDS + GRACE  # each student has SECONDS of its own
        done = {}
        for line in lines:
            try:
                problem = json.loads(line)
            except ValueError:
                problem = "the page could not be reported"
            done[self.students.pop(0)] = None if problem is None else str(problem)[:300]
        return done

    def ended(self):
        """False while the child runs; else why it stopped before its last student (if it did).

        Kills it past the current student's deadline, should its own timer not have ended it."""
        late = f"rendering took longer than {SECONDS:g} s"
        done, status = os.waitpid(self.pid, os.WNOHANG)
        if done == 0:
            if time.monotonic() < self.deadline:
                return False
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
            self.killed = True
            return late
        code = os.waitstatus_to_exitcode(status)
        return late if code == -signal.SIGALRM else f"rendering failed (exit status {code or 1})"


class _Inbox:
    """The students sent to the feedback process, one JSON list per line, read without blocking."""

    def __init__(self, fd):
        self.fd, self.buffer, self.queue, self.closed = fd, b"", [], False

    def take(self):
        """Queue the students that came (the pipe is readable)."""
        chunk = os.read(self.fd, 1 << 16)
        self.closed = not chunk
        self.buffer += chunk
        *lines, self.buffer = self.buffer.split(b"\n")
        for line in lines:
            students = json.loads(line)
            self.closed = self.closed or students is None  # the end, said (others may hold the pipe open)
            self.queue.extend(str(s) for s in students or [])


class _Process:
    """The feedback process's work: render every student it is sent, ``workers`` children at a time, each
    child a group of up to :data:`GROUP` students."""

    def __init__(self, root, assignment, workers):
        from .record import Gradebook

        self.book, self.assignment, self.workers = Gradebook(root), assignment, workers
        self.gradebook, self.problems, self.running = None, {}, []

    def run(self, inbox):
        from sqlalchemy.orm import configure_mappers

        from .feedback import Renderer, copy_mathjax
        from .record import STAGE

        copy_mathjax(self.book.root, self.book.root / self.book.coursedir.feedback_directory)
        renderer = Renderer(self.book)
        configure_mappers()  # the gradebook's models, set up before the first students come
        release = self.book.root / STAGE / "release" / self.assignment
        learnt = release.is_dir() and _learn(renderer, release)  # the last release, if there is one
        while not inbox.closed or inbox.queue or self.running:
            if inbox.queue and not learnt:  # the release is there once a student is recorded
                learnt = _learn(renderer, release)
            while inbox.queue and len(self.running) < self.workers:
                share = -(-len(inbox.queue) // (self.workers - len(self.running)))
                size = min(GROUP, max(SMALLEST_GROUP, share))
                group, inbox.queue[:size] = inbox.queue[:size], []
                self._start(renderer, group)
            self._wait(inbox)
            self._reap_all(inbox)
        if self.gradebook is not None:
            self.gradebook.close()
        return self.problems

    def _wait(self, inbox):
        """Sleep until students come, a child reports or ends, or a child's time is up."""
        fds = ([] if inbox.closed else [inbox.fd]) + [c.report for c in self.running if not c.eof]
        timeout = min((c.deadline for c in self.running), default=None)
        timeout = None if timeout is None else max(0.0, timeout - time.monotonic())
        if any(c.eof for c in self.running):  # a child that closed its report is ending: reap it soon
            timeout = 0.001
        if fds or timeout is not None:
            ready = select.select(fds, [], [], timeout)[0]
            if inbox.fd in ready and not inbox.closed:
                inbox.take()

    def _grades(self, students):
        """({student: grades} of those with a submission, why the others have none)."""
        from .feedback import stored_grades_of
        from .record import open_gradebook

        try:
            if self.gradebook is None:
                self.gradebook = open_gradebook(self.book.db_url, self.book.coursedir.course_id)
            return stored_grades_of(self.gradebook, self.assignment, students), "MissingEntry"
        except Exception as exc:
            self.gradebook.db.rollback() if self.gradebook is not None else None
            return {}, type(exc).__name__

    def _start(self, renderer, students):
        grades, why = self._grades(students)
        for student in students:
            if student not in grades:
                self.problems[student] = f"its grades could not be read ({why})"
        students = [s for s in students if s in grades]
        if not students:
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            _child(renderer, students, self.assignment, grades, write)
        os.close(write)
        os.set_blocking(read, False)
        self.running.append(_Child(pid, students, read))

    def _reap_all(self, inbox):
        """Take what each child reported; a child that stopped costs its current student, and the
        group's students after that one go back to the front of the queue."""
        for child in list(self.running):
            self.problems.update({s: p for s, p in child.finished().items() if p})
            why = child.ended()
            if why is False:
                continue
            late = child.finished()  # what it reported before it stopped
            self.problems.update({s: p for s, p in late.items() if p})
            if late and child.killed:  # the student it was stopped on had only just begun
                inbox.queue[:0] = child.students
            elif child.students:
                self.problems[child.students[0]] = why
                inbox.queue[:0] = child.students[1:]
            os.close(child.report)
            self.running.remove(child)


def _learn(renderer, release):
    """Render the release once (see ``Renderer.learn``); True, even when that failed: it is only a head
    start, the children render those cells themselves."""
    try:
        renderer.learn(release)
    except Exception:
        pass
    return True


class Pages:
    """The feedback process: forked now, it renders the students :meth:`send` names, as they are sent.

    Fork it before this process opens the gradebook or starts threads. :meth:`finish` returns
    {student: problem} for every student whose pages could not be made.
    """

    def __init__(self, root: str | Path, assignment: str, workers: int | None = None):
        self.sent, self.over = [], False
        inbox, self._to = os.pipe()
        self._from, outbox = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self._to)
            os.close(self._from)
            _feedback_process(root, assignment, workers or os.cpu_count() or 1, inbox, outbox)
        os.close(inbox)
        os.close(outbox)

    def send(self, students: Iterable[str]) -> None:
        """Render these students' pages (their grades are in the gradebook, committed)."""
        students = list(students)
        if students:
            self.sent += students
            try:
                os.write(self._to, json.dumps(students).encode() + b"\n")
            except BrokenPipeError:  # the process has stopped: finish() says so for each student
                pass

    def finish(self) -> dict[str, str]:
        """Wait for every page; {student: what went wrong}."""
        self.over = True
        try:
            os.write(self._to, b"null\n")
        except BrokenPipeError:
            pass
        os.close(self._to)
        with os.fdopen(self._from, "rb") as answer:
            text = answer.read()
        _, status = os.waitpid(self.pid, 0)
        try:
            problems = json.loads(text)
        except ValueError:
            why = f"the feedback process stopped (exit status {os.waitstatus_to_exitcode(status)})"
            problems = {student: why for student in self.sent}
        return {str(k): str(v) for k, v in problems.items()}

    def stop(self) -> None:
        """Stop the process without waiting for its pages (grading was interrupted); nothing once it
        is over."""
        if self.over:
            return
        self.over = True
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        for fd in (self._to, self._from):
            try:
                os.close(fd)
            except OSError:
                pass


def _feedback_process(root, assignment, workers, inbox, outbox):
    """The forked feedback process's life: render, answer {student: problem}, exit."""
    status = 1
    try:
        problems = _Process(root, assignment, workers).run(_Inbox(inbox))
        with os.fdopen(outbox, "wb") as answer:  # the parent reads it in finish(), after the last send
            answer.write(json.dumps(problems).encode())
        status = 0
    except BaseException:
        traceback.print_exc()  # to the grader's stderr; the parent then notes every page as not made
    finally:
        os._exit(status)


def generate(
    root: str | Path, assignment: str, students: Sequence[str], workers: int | None = None
) -> dict[str, str]:
    """Render every student's feedback, ``workers`` processes at a time; returns {student: problem}."""
    if not students:
        return {}
    pages = Pages(root, assignment, workers)
    pages.send(students)
    return pages.finish()
