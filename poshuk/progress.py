"""Progress of a long command: rich's live bar in a terminal; outside one (a log file, a
pipe) plain lines, one per tenth of the work or per ``EVERY_S`` seconds, and one at the end."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

EVERY_S = 10.0

Advance = Callable[..., None]  # advance(n=1, name="")


class _PerSecond(ProgressColumn):
    """Completed items per second (rich's own speed column speaks in bytes)."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        shown = f"{speed:.1f}" if speed else "–"
        return Text(f"{shown} {self.unit}/s", style="progress.data.speed")


@contextmanager
def progress(
    console: Console, label: str, total: int | None, unit: str, *, disable: bool = False
) -> Iterator[Advance]:
    """Yield ``advance(n=1, name="")``, called as items are done."""
    if disable:
        yield lambda n=1, name="": None
    elif console.is_terminal:
        with _bar(console, label, total, unit) as advance:
            yield advance
    else:
        lines = _Lines(console, label, total, unit)
        yield lines.advance
        lines.write(final=True)


@contextmanager
def _bar(console: Console, label: str, total: int | None, unit: str) -> Iterator[Advance]:
    columns = (
        TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(), _PerSecond(unit),
        TextColumn("ETA"), TimeRemainingColumn(), TimeElapsedColumn(),
        TextColumn("{task.fields[name]}"),
    )
    with Progress(*columns, console=console) as bar:
        task = bar.add_task(label, total=total or None, name="")
        yield lambda n=1, name="": bar.update(task, advance=n, name=name[:40])


class _Lines:
    def __init__(self, console: Console, label: str, total: int | None, unit: str) -> None:
        self.console, self.label, self.total, self.unit = console, label, total, unit
        self.done = 0
        self.started = self.last = time.monotonic()
        self.step = 0  # tenths of the total written so far

    def advance(self, n: int = 1, name: str = "") -> None:
        self.done += n
        if self.total and self.done >= self.total:
            return  # the closing line says it
        step = self.done * 10 // self.total if self.total else 0
        if step > self.step or time.monotonic() - self.last >= EVERY_S:
            self.step = step
            self.write()

    def write(self, final: bool = False) -> None:
        self.last = time.monotonic()
        elapsed = self.last - self.started
        speed = self.done / elapsed if elapsed > 0 else 0.0
        of = f"/{self.total}" if self.total else ""
        line = f"{self.label}: {self.done}{of} {self.unit}, {speed:.1f} {self.unit}/s"
        if final:
            line += f", done in {elapsed:.1f} s"
        elif self.total and speed:
            line += f", about {(self.total - self.done) / speed:.0f} s left"
        self.console.print(line, highlight=False, markup=False, soft_wrap=True)
