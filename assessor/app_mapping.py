"""The app's column-mapping step: read an uploaded questionnaire's layout, preview its rows, offer corrections.

The analyst sees which sheet, header row and columns the reader chose, the first rows under that header,
and can name other ones; the corrections are a ``LayoutOverrides`` handed to the same reader the run uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from assessor.answer_reader_process import read_answers_isolated, read_raw_sheets_isolated
from assessor.answers import OVERRIDE_KEYS, AnswerSheet, LayoutOverrides, column_letter
from assessor.errors import InputError
from assessor.tabular import RawSheet

PREVIEW_ROWS = 5  # rows shown under a detected header
TOP_ROWS = 12  # rows shown from the top when no header was found, so the analyst can point at it
ROLE_LABELS = {
    "id_col": "Question id",
    "question_col": "Question",
    "answer_col": "Answer (or yes/no)",
    "comment_col": "Comment",
    "evidence_col": "Evidence",
}
HEADER_GUESS_ROWS = 30  # as many rows as the reader searches for a header
MAX_LABEL = 60  # a header cell is a short label, not a question or an answer
DETECTED = ""  # the select-box value meaning "keep what the reader detected"


@dataclass(frozen=True)
class SheetPreview:
    """One sheet's header row and first data rows, columns labelled "A · Ref"."""

    sheet: str
    header_row: int
    frame: pd.DataFrame
    choices: dict[str, str]  # column letter -> "A · Ref", for the correction boxes


@dataclass(frozen=True)
class MappingPreview:
    """What the reader made of the file with the given overrides, or the problem that stopped it."""

    overrides: LayoutOverrides
    sheet_names: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    rows: int = 0
    error: str = ""
    sheets: tuple[SheetPreview, ...] = field(default_factory=tuple)


def preview_mapping(path: Path, overrides: LayoutOverrides) -> MappingPreview:
    """Read the file as a run would and keep what the analyst needs to check the mapping."""
    try:
        raw = read_raw_sheets_isolated(path)
    except InputError as exc:
        return MappingPreview(overrides, error=str(exc))
    names = tuple(sheet.name for sheet in raw if sheet.name)
    try:
        sheet = read_answers_isolated(path, overrides)
    except InputError as exc:
        fallback = [s for s in raw if not overrides.sheet or s.name.casefold() == overrides.sheet.casefold()]
        previews = tuple(
            _sheet_preview(s, overrides.header_row or _likely_header(s), TOP_ROWS) for s in fallback[:1] if s.rows
        )
        return MappingPreview(overrides, names, error=str(exc), sheets=previews)
    by_name = {s.name: s for s in raw}
    previews = tuple(
        _sheet_preview(by_name[layout.sheet], layout.header_row) for layout in sheet.layouts if layout.sheet in by_name
    )
    return _summary(sheet, overrides, names, previews)


def overrides_from(values: dict[str, object]) -> LayoutOverrides:
    """The correction boxes' values (sheet name, header row, column letters; blanks = detected) as overrides."""
    kept = {key: values.get(key) for key in OVERRIDE_KEYS if values.get(key) not in (None, DETECTED, 0)}
    return LayoutOverrides(**kept)


def _summary(
    sheet: AnswerSheet, overrides: LayoutOverrides, names: tuple[str, ...], previews: tuple[SheetPreview, ...]
) -> MappingPreview:
    return MappingPreview(
        overrides=overrides,
        sheet_names=names,
        lines=tuple(sheet.mapping_lines()),
        notes=sheet.notes,
        rows=len(sheet.answers),
        sheets=previews,
    )


def _likely_header(sheet: RawSheet) -> int:
    """Where a header probably is when none was recognised: the first row of several short labels (0: none)."""
    for line, cells in sheet.rows[:HEADER_GUESS_ROWS]:
        filled = [cell for cell in cells if cell]
        if len(filled) >= 2 and all(len(cell) <= MAX_LABEL for cell in filled):
            return line
    return 0


def _sheet_preview(sheet: RawSheet, header_row: int, limit: int = PREVIEW_ROWS) -> SheetPreview:
    """The rows under ``header_row`` (0: from the top, unlabelled), at most ``limit`` of them."""
    header = next((cells for line, cells in sheet.rows if line == header_row), [])
    body = [(line, cells) for line, cells in sheet.rows if line > header_row][:limit]
    filled = [i for cells in (header, *(cells for _, cells in body)) for i, cell in enumerate(cells) if cell]
    width = max(filled, default=-1) + 1  # workbooks pad rows with empty cells up to their widest row
    labels = [f"{column_letter(i)} · {header[i]}" if i < len(header) and header[i] else column_letter(i)
              for i in range(width)]  # fmt: skip
    frame = pd.DataFrame(
        [[cells[i] if i < len(cells) else "" for i in range(width)] for _, cells in body],
        columns=labels,
        index=pd.Index([line for line, _ in body], name="row"),
    )
    return SheetPreview(sheet.name, header_row, frame, {column_letter(i): labels[i] for i in range(width)})
