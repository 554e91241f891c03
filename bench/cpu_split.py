"""Split a request's CPU time by what it was doing: building SQL, running it, rendering.

A page's cost on a busy server is its CPU time, and where that goes decides what can make
it cheaper: the ORM turning a query into SQL, the database driver sending it and reading
the answer, or Django's templates. Each part excludes the parts nested inside it (a query
a template runs counts as a query, not as rendering); "the rest" is the view itself, the
middleware and the response.

Used by `bench.profile_pages`; it patches Django's classes, so import it only in a
benchmark process.
"""

import time
from contextlib import contextmanager

from django.db.backends.utils import CursorWrapper
from django.db.models.sql import compiler
from django.template.base import Template

PARTS = ("building SQL", "running SQL", "templates")


class CpuSplit:
    def __init__(self):
        self.totals = dict.fromkeys(PARTS, 0.0)
        self._stack: list[list] = []  # [part, CPU time it was last charged from]
        self._recording = False

    def _wrap(self, part: str, function):
        def timed(*args, **kwargs):
            if not self._recording:
                return function(*args, **kwargs)
            now = time.process_time()
            if self._stack:
                outer = self._stack[-1]
                self.totals[outer[0]] += now - outer[1]
            self._stack.append([part, now])
            try:
                return function(*args, **kwargs)
            finally:
                end = time.process_time()
                inner = self._stack.pop()
                self.totals[inner[0]] += end - inner[1]
                if self._stack:
                    self._stack[-1][1] = end

        return timed

    def install(self) -> None:
        # Every compiler that writes its own SQL: SELECT, INSERT, UPDATE, DELETE, aggregates.
        for value in vars(compiler).values():
            if isinstance(value, type) and "as_sql" in vars(value):
                value.as_sql = self._wrap("building SQL", value.as_sql)
        CursorWrapper._execute = self._wrap("running SQL", CursorWrapper._execute)
        CursorWrapper._executemany = self._wrap("running SQL", CursorWrapper._executemany)
        Template.render = self._wrap("templates", Template.render)

    @contextmanager
    def recording(self):
        self._recording = True
        try:
            yield
        finally:
            self._recording = False


def split(action, repeat: int, cpu_split: CpuSplit) -> dict[str, float]:
    """Mean CPU milliseconds per run of `action`, by part, with "the rest" and "total"."""
    cpu_split.totals = dict.fromkeys(PARTS, 0.0)
    begin = time.process_time()
    with cpu_split.recording():
        for _ in range(repeat):
            action()
    total = time.process_time() - begin
    means = {part: spent * 1000 / repeat for part, spent in cpu_split.totals.items()}
    means["the rest"] = total * 1000 / repeat - sum(means.values())
    means["total"] = total * 1000 / repeat
    return means
