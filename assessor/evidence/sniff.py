"""Tell what an evidence file is from its first bytes, whatever its extension says."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

HEAD_BYTES = 1024
WHAT = {"pdf": "a PDF", "docx": "a Word document", "xlsx": "an Excel workbook", "html": "an HTML page"}
READ_AS = {"pdf": "PDF", "docx": "a Word document", "xlsx": "an Excel workbook", "html": "HTML"}
_HTML_STARTS = (b"<!doctype html", b"<html")
_ZIP_MEMBERS = (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"))


def sniff_kind(head: bytes, path: Path, named: str) -> str:
    """The kind the content shows ("pdf", "docx", "xlsx", "html"), else ``named``, the kind its extension gives.

    ``head`` is the file's first ``HEAD_BYTES`` bytes. A file named .pdf with the PDF marker anywhere in its head
    stays a PDF (readers accept leading junk); any other file must start with the marker.
    """
    start = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if start.startswith(b"%PDF-"):
        return "pdf"
    if start[:16].lower().startswith(_HTML_STARTS):
        return "html"
    if named == "pdf" and b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(path) or named
    return named


def _office_kind(path: Path) -> str:
    """The Office kind ("docx", "xlsx") from the zip's directory, or "" when it is neither (or not a readable zip)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return ""
    return next((kind for member, kind in _ZIP_MEMBERS if member in names), "")
