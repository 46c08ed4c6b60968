"""Progress for long runs over many items: a bar with an ETA on a terminal, plain lines elsewhere.

Everything goes to one stream (stderr by default) so that stdout stays clean for results.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from typing import TextIO

import click

from assessor import strict_json
from assessor.cleantext import terminal_safe

REDRAW_EVERY_S = 0.1
BAR_WIDTH = 24
NAME_WIDTH = 40
_NON_ASCII = re.compile(r"[^\x20-\x7e\n]")  # outside JSON strings there is only printable ASCII and line breaks


def printable(text: object, width: int = NAME_WIDTH) -> str:
    """One line safe to show on a terminal (:func:`terminal_safe`: escape sequences shown, not acted on),
    at most ``width`` characters."""
    cleaned = terminal_safe(text)
    return cleaned if len(cleaned) <= width else cleaned[: width - 1] + "…"


def printable_lines(text: object) -> str:
    """Text of several lines safe to show on a terminal: each line as :func:`terminal_safe` shows it."""
    return "\n".join(terminal_safe(line) for line in str(text).split("\n"))


def printable_json(value: object, **options) -> str:
    """``json.dumps(value)`` that keeps non-ASCII text but writes what a terminal would act on as ``\\uXXXX``."""
    text = strict_json.dumps(value, ensure_ascii=False, **options)
    return _NON_ASCII.sub(
        lambda m: m.group() if terminal_safe(m.group()) == m.group() else f"\\u{ord(m.group()):04x}", text
    )


def echo(text: object = "", err: bool = False) -> None:
    """``click.echo`` of :func:`printable_lines` (stderr when ``err``): the one way commands print."""
    click.echo(printable_lines(text), err=err)


def duration(seconds: float) -> str:
    """'8s', '2m05s', '1h02m'."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class BatchProgress:
    """Report progress through ``total`` items.

    The ETA is the mean time of the items finished so far times the items left, so it
    settles after the first item instead of swinging with each step inside an item.
    ``clock`` is injectable for tests.
    """

    def __init__(
        self,
        total: int,
        stream: TextIO | None = None,
        interactive: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        if interactive is None:
            interactive = _is_terminal(self.stream)
        self.interactive = interactive
        self.clock = clock
        self.done = 0
        self.timed = 0  # items that count for the ETA
        self.timed_seconds = 0.0
        self.item_started = clock()
        self.name = ""
        self.step_text = ""
        self.fraction = 0.0
        self._drawn = 0.0
        self._bar_shown = False

    # -- public ---------------------------------------------------------------------------------------------------

    def message(self, text: str) -> None:
        """A line that stays (above the bar on a terminal); escape sequences in it are shown, not acted on."""
        self._clear_bar()
        print(printable_lines(text), file=self.stream, flush=True)
        self._draw(force=True)

    def start(self, name: str) -> None:
        """An item begins."""
        self.item_started = self.clock()
        self.name, self.step_text, self.fraction = name, "starting", 0.0
        if not self.interactive:
            print(f"{self._counter(self.done + 1)} {printable(name)}: started", file=self.stream, flush=True)
        self._draw(force=True)

    def step(self, text: str, fraction: float) -> None:
        """Progress inside the current item (``fraction`` 0..1); shown on a terminal only."""
        self.step_text, self.fraction = text, min(max(fraction, 0.0), 1.0)
        self._draw()

    def finish(self, outcome: str, timed: bool = True) -> None:
        """The current item ended; ``outcome`` says how (a score, or why it failed).

        ``timed=False`` leaves an item that was settled without real work (say, rejected
        before it started) out of the ETA, so it does not make the rest look quick.
        """
        self.done += 1
        took = self.clock() - self.item_started
        if timed:
            self.timed += 1
            self.timed_seconds += took
        line = f"{self._counter(self.done)} {printable(self.name)}: {outcome} ({duration(took)})"
        if self.done < self.total:
            line += f"; ETA {self.eta()}"
        self.name, self.step_text, self.fraction = "", "", 0.0
        self.message(line)

    def eta(self) -> str:
        if not self.timed:
            return "--"
        return duration(self.timed_seconds / self.timed * (self.total - self.done))

    def close(self) -> None:
        self._clear_bar()

    # -- drawing --------------------------------------------------------------------------------------------------

    def _counter(self, number: int) -> str:
        width = len(str(self.total))
        return f"[{number:>{width}}/{self.total}]"

    def _draw(self, force: bool = False) -> None:
        if not self.interactive or self.done >= self.total and not self.name:
            return
        now = self.clock()
        if not force and now - self._drawn < REDRAW_EVERY_S:
            return
        self._drawn = now
        overall = (self.done + self.fraction) / max(self.total, 1)
        filled = int(overall * BAR_WIDTH)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        text = f"[{bar}] {self.done}/{self.total} {overall:4.0%} ETA {self.eta()}"
        if self.name:
            text += f"  {printable(self.name, 30)}: {printable(self.step_text, 60)}"
        columns = shutil.get_terminal_size((80, 24)).columns
        text = text[: max(columns - 1, 10)]
        self.stream.write("\r" + text.ljust(columns - 1))
        self.stream.flush()
        self._bar_shown = True

    def _clear_bar(self) -> None:
        if self._bar_shown:
            columns = shutil.get_terminal_size((80, 24)).columns
            self.stream.write("\r" + " " * (columns - 1) + "\r")
            self.stream.flush()
            self._bar_shown = False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


class PhaseClock:
    """How long each phase of a run took, from its progress messages.

    ``mark(step)`` is called with every message; a message that names one of ``phases`` starts that phase
    and returns the one it ends with its seconds (other messages are steps within the current phase).
    """

    def __init__(self, phases: tuple[str, ...], clock: Callable[[], float] = time.monotonic) -> None:
        self._phases = frozenset(phases)
        self._clock = clock
        self._current: tuple[str, float] | None = None

    def mark(self, step: str) -> tuple[str, float] | None:
        if step not in self._phases:
            return None
        return self._switch(step)

    def stop(self) -> tuple[str, float] | None:
        """End the current phase (the run is over)."""
        return self._switch(None)

    def _switch(self, step: str | None) -> tuple[str, float] | None:
        now = self._clock()
        ended = (self._current[0], now - self._current[1]) if self._current else None
        self._current = (step, now) if step else None
        return ended
