"""Read a vendor's questionnaire sent back as a Word (DOCX) document.

Each table becomes a ``RawSheet`` named "table N" (rows numbered within the table) for the same header detection
as workbook sheets. Questions written as paragraphs (a numbered or bold question, then its answer paragraphs)
become ``ParagraphQuestion`` rows, with ``line`` the paragraph's number among the body paragraphs (1-based,
blank ones counted) and ``section`` the heading above it. Both come back in document order.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from assessor.answer_limits import AnswerLimits, packaged_limits
from assessor.cleantext import strip_controls
from assessor.errors import InputError
from assessor.tabular import RawSheet, capped_bytes
from assessor.zipguard import zip_problem

DOCX_SUFFIXES = {".docx", ".docm"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_NUMBERED = re.compile(
    r"(?P<id>Q\s?\d+[a-z]?|[A-Z]{2,6}[-_]\d+(?:\.\d+)*[a-z]?|[A-Z]{1,6}\.\d+(?:\.\d+)*|\d+(?:\.\d+)*)"
    r"(?P<sep>[.):]\s*|\s+)(?P<text>\S.*)"
)
_ANSWER_LABEL = re.compile(r"(?:vendor |supplier )?(?:answer|response)\s*[:\-–]\s*", re.IGNORECASE)


@dataclass(frozen=True)
class ParagraphQuestion:
    """A question written as a paragraph and the answer paragraphs under it ("" when there are none)."""

    line: int
    question_id: str
    question: str
    answer: str
    section: str


def is_word_file(path: Path) -> bool:
    """A .docx/.doc name, or a zip holding ``word/document.xml`` whatever it is called."""
    if path.suffix.lower() in DOCX_SUFFIXES | {".doc"}:
        return True
    try:
        with path.open("rb") as handle:
            if handle.read(4) != b"PK\x03\x04":
                return False
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return False


def read_docx_parts(
    path: Path, limits: AnswerLimits | None = None, notes: list[str] | None = None
) -> list[RawSheet | ParagraphQuestion]:
    """The document's tables and paragraph questions in document order; InputError for an unusable file.

    Tables past ``limits.max_sheets`` are not read; that is added to ``notes`` when given.
    """
    limits = limits or packaged_limits()
    data = _checked_bytes(path, limits)
    place = ""
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        parts: list[RawSheet | ParagraphQuestion] = []
        reader = _ParagraphReader()
        tables = paragraphs = 0
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                tables += 1
                place = f"table {tables}"
                parts.extend(reader.finish())
                if tables <= limits.max_sheets:
                    parts.append(RawSheet(place, _table_rows(item), kind="table"))
            else:
                paragraphs += 1
                place = f"paragraph {paragraphs}"
                parts.extend(reader.feed(paragraphs, item))
        parts.extend(reader.finish())
        if tables > limits.max_sheets and notes is not None:
            notes.append(f"tables {limits.max_sheets + 1}-{tables} not read (more than {limits.max_sheets} tables)")
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise many types for a broken file
        problem = f"not a readable Word document ({exc.__class__.__name__}); save it again as .docx"
        raise InputError(path, problem, place) from exc
    return parts


def _checked_bytes(path: Path, limits: AnswerLimits) -> bytes:
    data = capped_bytes(path, limits.max_file_bytes)
    if path.suffix.lower() == ".doc" or data.startswith(_OLE_MAGIC):
        raise InputError(path, "this is a legacy Word .doc file, which cannot be read; save it as .docx")
    problem = zip_problem(data, max_unpacked=int(limits.max_unpacked_mb * 1024 * 1024))
    if problem:
        raise InputError(path, f"not a safe Word document: {problem}")
    return data


def _table_rows(table) -> list[tuple[int, list[str]]]:
    """Rows numbered 1.. within the table, blank rows left out; a merged cell's text is kept once, in its first
    column, so the other columns keep their letters."""
    rows = []
    for number, row in enumerate(table.rows, start=1):
        cells = [""] * row.grid_cols_before
        previous = None
        for cell in row.cells:
            cells.append("" if cell is previous else _cell_text(cell))
            previous = cell
        if any(cells):
            rows.append((number, cells))
    return rows


def _cell_text(cell) -> str:
    lines = (" ".join(strip_controls(p.text).split()) for p in cell.paragraphs)
    return "\n".join(line for line in lines if line)


class _ParagraphReader:
    """Groups body paragraphs into questions and their answers, keeping the heading above as the section."""

    def __init__(self) -> None:
        self.section = ""
        self.question: tuple[int, str, str] | None = None  # (line, id, text)
        self.answer: list[str] = []
        self.last_number: tuple[int, ...] = ()
        self.list_id = ""  # the Word list the questions are numbered in

    def feed(self, line: int, paragraph) -> list[ParagraphQuestion]:
        text = " ".join(strip_controls(paragraph.text).split())
        if not text:
            return []
        style = (getattr(paragraph.style, "name", "") or "").casefold()
        heading = style.startswith("heading")
        question = self._question(paragraph, text, heading)
        if question:
            done = self.finish()
            self.question = (line, *question)
            return done
        if heading:
            done = self.finish()
            self.section, self.last_number = text, ()
            return done
        answer = _ANSWER_LABEL.sub("", text, count=1) if _ANSWER_LABEL.match(text) else text
        if self.question and answer:
            self.answer.append(answer)
        return []

    def finish(self) -> list[ParagraphQuestion]:
        """The question being read, if any, now that its answer has ended."""
        if not self.question:
            return []
        line, question_id, text = self.question
        self.question, answer, self.answer = None, "\n".join(self.answer), []
        return [ParagraphQuestion(line, question_id, text, answer, self.section)]

    def _question(self, paragraph, text: str, heading: bool) -> tuple[str, str] | None:
        """(id, question text) when this paragraph asks a question."""
        numbered = self._numbered(text)
        if heading:
            return (numbered or ("", text)) if text.endswith("?") else None
        if numbered:
            return numbered
        list_id = _list_id(paragraph)
        if list_id and (list_id == self.list_id or not self.question or text.endswith("?")):
            self.list_id = list_id
            return "", text
        if text.endswith("?") and _bold(paragraph):
            return "", text
        return None

    def _numbered(self, text: str) -> tuple[str, str] | None:
        """(id, text) for "GOV-02 ...", "Q3 ..." or "3.1 ..."; a plain number must go past the last question's
        (or end in "?"), so "1. We encrypt..." under question 3 stays part of the answer."""
        found = _NUMBERED.fullmatch(text)
        if not found or _ANSWER_LABEL.match(text):
            return None
        qid, rest = found["id"], found["text"]
        if qid[0].isdigit():
            number = tuple(int(n) for n in qid.split("."))
            if qid.isdigit() and not found["sep"].strip() or not rest[0].isupper():
                return None  # "10 engineers review it", "1.5 million users"
            if number <= self.last_number and not text.endswith("?"):
                return None
            self.last_number = number
        return qid, rest


def _list_id(paragraph) -> str:
    """'numId/level' of a Word-numbered paragraph (numbered directly or by its style, e.g. "List Number");
    "" for other paragraphs and for bullets."""
    style = paragraph.style.element if paragraph.style is not None else None
    for ppr in (paragraph._p.pPr, style.pPr if style is not None else None):
        num = ppr.numPr if ppr is not None else None
        if num is not None and num.numId is not None:
            level = num.ilvl.val if num.ilvl is not None else 0
            return "" if _number_format(paragraph, num.numId.val, level) == "bullet" else f"{num.numId.val}/{level}"
    return ""


def _number_format(paragraph, num_id: int, level: int) -> str:
    """The list level's format in the numbering part: "decimal", "bullet", ... ("" when not defined)."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    try:
        numbering = paragraph.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
    except KeyError:  # numbered paragraphs in a document without numbering definitions
        return ""
    abstract = numbering.xpath(f'w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
    if not abstract:
        return ""
    found = numbering.xpath(f'w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl[@w:ilvl="{level}"]/w:numFmt/@w:val')
    return found[0] if found else ""


def _bold(paragraph) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    return bool(runs) and all(run.bold or (run.bold is None and style_bold) for run in runs)
