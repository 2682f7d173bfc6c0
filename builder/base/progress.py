"""Progress lines for long commands: what is happening now, and how long each step took."""

from __future__ import annotations

import sys
import time


def seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " s"


class Progress:
    def __init__(self, steps: int, quiet: bool = False, stream=None):
        self.steps = steps
        self.done = 0
        self.quiet = quiet
        self.stream = stream or sys.stdout
        self.started = time.perf_counter()
        self._step_started = self.started

    def step(self, text: str) -> None:
        self.done += 1
        self._step_started = time.perf_counter()
        self._write(f"[{self.done}/{self.steps}] {text} …")

    def result(self, text: str) -> None:
        self._write(f"      {text} ({seconds(time.perf_counter() - self._step_started)})")

    def finish(self, text: str) -> None:
        self._write(f"{text} ({seconds(time.perf_counter() - self.started)} totalt)")

    def _write(self, line: str) -> None:
        if not self.quiet:
            print(line, file=self.stream, flush=True)
