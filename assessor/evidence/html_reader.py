"""Read HTML pages saved from vendor trust centers: the visible text only, with h1-h4 headings as sections."""

from __future__ import annotations

import codecs
import re
from collections import Counter
from html.parser import HTMLParser

from assessor.evidence.model import Extraction, IngestLimits
from assessor.evidence.normalize import normalize_text
from assessor.evidence.sections import MAX_HEADING
from assessor.text import UTF16_BOMS, decode_vendor_text

# Page furniture and machinery, never the vendor's statements; everything inside them is dropped.
SKIPPED_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "head",
        "svg",
        "iframe",
        "button",
        "select",
        "textarea",
        "object",
        "canvas",
    }
)
HEADINGS = frozenset({"h1", "h2", "h3", "h4"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "blockquote",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "body",
        "figure",
        "figcaption",
        "address",
        "details",
        "summary",
    }
)
_CELLS = frozenset({"td", "th"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SNIFF_BYTES = 4096
# html.parser runs at a few MB a second on tag soup; a saved trust-center page is far smaller than this.
MAX_HTML_BYTES = 10 * 1024 * 1024
_WHITESPACE = re.compile(r"\s+")
_FEED_CHARS = 64 * 1024  # the parser is fed this much at a time, so it can stop once it has enough text


def read_html(data: bytes, max_chars: int = IngestLimits.max_chars) -> Extraction:
    """Visible text of the page in reading order, up to ``max_chars`` characters, one page; headings h1-h4
    start sections."""
    if not data:
        return Extraction(problem="empty", detail="the file is empty (0 bytes); ask the vendor to send it again")
    if len(data) > MAX_HTML_BYTES:
        limit = MAX_HTML_BYTES // (1024 * 1024)
        return Extraction(problem="too_large", detail=f"is over the {limit} MB limit for HTML; ask for a PDF")
    text = _decode(data)
    if text is None:
        return Extraction(problem="unsupported", detail="named as HTML but holds binary data; ask for a PDF")
    parser = _VisibleText()
    cut = False
    try:
        for start in range(0, len(text), _FEED_CHARS):
            if parser.chars + parser.buffered > max_chars:
                cut = True
                break
            parser.feed(text[start : start + _FEED_CHARS])
        parser.close()
    except Exception as exc:  # noqa: BLE001 - html.parser is lenient; anything it still rejects is a broken file
        return Extraction(problem="corrupt", detail=f"is not readable HTML ({exc.__class__.__name__})")
    parser.end_block()
    parts: list[str] = []
    sections: list[tuple[int, int, str]] = []
    offset = 0
    for raw, heading in parser.blocks:
        block = normalize_text(raw)
        if not block:
            continue
        if parts:
            offset += 2
        if heading:
            sections.append((1, offset, " ".join(block.split())[:MAX_HEADING]))
        parts.append(block)
        offset += len(block)
    page = "\n\n".join(parts)
    if not page:
        return Extraction(problem="empty", detail="the page has no visible text; ask for a PDF of the page")
    title = " ".join(parser.title.split())
    return Extraction(pages=(page,), metadata_title=title, sections=tuple(sections), cut=cut).within(max_chars)


def _decode(data: bytes) -> str | None:
    if b"\x00" in data and not data.startswith(UTF16_BOMS):
        return None
    declared = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if declared and not data.startswith((codecs.BOM_UTF8, *UTF16_BOMS)):
        try:
            name = codecs.lookup(declared.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            name = ""
        if name and "utf-16" not in name and "utf-32" not in name:  # a byte-oriented page cannot be UTF-16 inside
            if name in ("latin-1", "iso8859-1", "ascii"):
                name = "cp1252"  # what browsers do with these labels
            try:
                return data.decode(name)
            except UnicodeDecodeError:
                pass
    try:
        return decode_vendor_text(data, cp1252_errors="replace")[0]
    except UnicodeDecodeError:
        return None


class _VisibleText(HTMLParser):
    """Collects (text, is_heading) blocks outside skipped and hidden elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool]] = []
        self.chars = 0  # characters in the finished blocks
        self.buffered = 0  # characters collected for the block being read
        self.title = ""
        self._stack: list[tuple[str, bool]] = []  # (tag, hides its content)
        self._open: Counter[str] = Counter()  # tags on the stack, so deep nesting costs no rescans
        self._hidden = 0
        self._in_title = False
        self._buffer: list[str] = []
        self._heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _VOID:
            if tag == "br" and not self._hidden:
                self._buffer.append("\n")
            return
        values = {name.lower(): (value or "") for name, value in attrs}
        hides = (
            tag in SKIPPED_TAGS
            or "hidden" in values
            or values.get("aria-hidden", "").strip().lower() == "true"
            or bool(_HIDDEN_STYLE.search(values.get("style", "")))
            or values.get("type", "").lower() == "hidden"
        )
        if tag in _BLOCKS and not self._hidden:
            self.end_block()
            self._heading = tag in HEADINGS
        elif tag in _CELLS and not self._hidden:
            self._buffer.append(" | ")
        self._stack.append((tag, hides))
        self._open[tag] += 1
        self._hidden += hides

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if not self._open[tag]:
            return  # a stray end tag closes nothing
        while self._stack:  # unclosed children (<p>, <li>) end with their parent
            open_tag, hides = self._stack.pop()
            self._open[open_tag] -= 1
            self._hidden -= hides
            if open_tag in _BLOCKS and not self._hidden:
                self.end_block()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if not self._hidden:
            # Source line breaks and indentation are not visible; only <pre> keeps them.
            self._buffer.append(data if self._open["pre"] else _WHITESPACE.sub(" ", data))
            self.buffered += len(self._buffer[-1])

    def end_block(self) -> None:
        text = "".join(self._buffer)
        self._buffer.clear()
        self.buffered = 0
        lines = []
        for line in text.split("\n"):
            cells = [" ".join(cell.split()) for cell in line.split(" | ")]
            lines.append(" | ".join(cell for cell in cells if cell))
        text = "\n".join(line for line in lines if line)
        if text:
            self.blocks.append((text, self._heading))
            self.chars += len(text) + 2
        self._heading = False
