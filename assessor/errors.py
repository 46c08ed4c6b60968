"""One error type for bad input, always naming the file and the problem."""

from __future__ import annotations

from pathlib import Path


class InputError(ValueError):
    """A user-supplied file could not be used.

    ``where`` narrows the place inside the file (a row, a question id, a page)
    so the analyst can go straight to it.
    """

    def __init__(self, path: str | Path, problem: str, where: str = "") -> None:
        self.path = str(path)
        self.problem = problem
        self.where = where
        location = f"{Path(self.path).name}" + (f" ({where})" if where else "")
        super().__init__(f"{location}: {problem}")
