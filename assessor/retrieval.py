"""Find the evidence behind an answer: similar passages, the documents it cites, the facts it states."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process, utils

from assessor.claims import COMPARED_BY_VALUE, Claim, extract_claims, normalize_name
from assessor.commitments import Commitment, commitments_in, might_commit
from assessor.embeddings import Embedder
from assessor.evidence import EvidenceDocument, EvidenceSet, Passage, cite
from assessor.evidence.passages import prose_spans
from assessor.stance import Stance, stance_of
from assessor.text import clause_spans, content_stems, sentence_spans, topic_units, window_around

REFERENCE_SPLIT = re.compile(r"[;\n]+|,\s+(?=[A-Z])")
PAGE_HINT = re.compile(r"\bp(?:age|p)?\.?\s*(\d{1,4})\b", re.I)
SECTION = re.compile(r"(?:§|\bsections?\s*|\bsec\.?\s*|\bclauses?\s*|\bpara(?:graph)?s?\.?\s*)(\d+(?:\.\d+)*)", re.I)
EXACT_KINDS = {"identifier", "standard", "role", "date", "version", "name"}
PASSAGE_KINDS = (*COMPARED_BY_VALUE, "standard", "date")
Fact = tuple[str, object]  # (dimension, comparable value) of a claim


@dataclass(frozen=True)
class EvidenceHit:
    """A passage that supports an answer, and why it was chosen."""

    passage: Passage
    score: float
    reason: str


@dataclass(frozen=True)
class ResolvedReference:
    """A document the vendor cites, resolved to a file and (when a section is named) a page."""

    reference: str
    doc: str  # the document's doc_id; "" when no document matches
    page: int | None
    score: float
    detail: str
    missing_section: str = ""  # the section the reference names that its document does not have


@dataclass(frozen=True)
class DocumentSection:
    """A numbered section of an evidence document, from its heading to the next heading of the same or a higher
    level (its subsections included), across page breaks; see ``section_text``."""

    doc: str  # the document's doc_id
    number: str  # "4.3"
    title: str  # "Escalation"; "" for a numbered paragraph ("5.2 Conversation logs are kept ...")
    pages: tuple[int, ...]  # the pages it spans, first to last
    text: str  # what follows the heading, up to the next section (running headers and footers left out)

    @property
    def page(self) -> int:
        return self.pages[0]

    @property
    def citation(self) -> str:
        """Where the section starts and what it is: ``"policy.pdf p.2 §4 Decision rights"``."""
        return f"{cite(self.doc, self.page)} §{self.number} {self.title}".rstrip()


@dataclass(frozen=True)
class Statement:
    """A quantity (duration, percentage, cadence or count) stated in the evidence, with its sentence (for display)
    and the words around it: what a number means depends on them, so they are compared by meaning."""

    claim: Claim
    sentence: str
    context: str
    passage: Passage
    sentence_facts: frozenset[Fact]  # every fact stated in the same sentence


@dataclass(frozen=True)
class EvidenceClause:
    """A sentence or one of its clauses: its words (stems) and its stance, for support and contradiction tests."""

    text: str
    stems: frozenset[str]
    stance: Stance


@dataclass(frozen=True)
class EvidenceSentence:
    """A prose sentence of a passage (headings state nothing), read once and shared by every answer's checks."""

    passage: Passage
    text: str
    units: tuple[EvidenceClause, ...]  # the whole sentence, then each clause when it has several


class EvidenceIndex:
    """All passages of one vendor's evidence, embedded once, with the facts each one states."""

    def __init__(self, evidence: EvidenceSet, embedder: Embedder) -> None:
        self.evidence = evidence
        self.embedder = embedder
        self.documents = {doc.doc_id: doc for doc in evidence.documents}  # by doc_id, as passages name them
        self.passages: list[Passage] = [p for doc in evidence.documents for p in doc.passages]
        self.vectors = embedder.encode([p.text for p in self.passages]) if self.passages else None
        read = [_read_passage(p) for p in self.passages]
        self.passage_claims = [claims for claims, _, _ in read]
        self.passage_names = [name for _, name, _ in read]
        self.statements: list[Statement] = []
        statement_passages = []
        for number, (_, _, found) in enumerate(read):
            self.statements += found
            statement_passages += [number] * len(found)
        self.statement_passages = np.array(statement_passages, dtype=int)
        self._statement_vectors: dict[int, np.ndarray] = {}
        self._passage_scores: dict[str, np.ndarray] = {}
        self._named: dict[tuple[str, object, str], tuple[Passage, ...]] = {}

    def passages_sharing(self, stems: set[str], min_share: float, k: int) -> list[int]:
        """Numbers of the passages holding at least ``min_share`` of ``stems``, most shared first (at most ``k``):
        the lexical candidates beside the embedding's, for a passage whose headings pull its meaning elsewhere."""
        postings = [self._passages_by_stem[stem] for stem in stems if stem in self._passages_by_stem]
        if not postings:
            return []
        counts = np.bincount(np.concatenate(postings), minlength=len(self.passages))
        found = np.flatnonzero(counts >= min_share * len(stems))
        return [int(n) for n in found[np.lexsort((found, -counts[found]))][:k]]

    @functools.cached_property
    def _passages_by_stem(self) -> dict[str, np.ndarray]:
        """Passage numbers by each content stem they hold: an inverted index for lexical candidates."""
        found: dict[str, list[int]] = {}
        for number, passage in enumerate(self.passages):
            for stem in content_stems(passage.text):
                found.setdefault(stem, []).append(number)
        return {stem: np.array(numbers, dtype=np.int32) for stem, numbers in found.items()}

    def sentences_of(self, number: int) -> tuple[EvidenceSentence, ...]:
        """The prose sentences of passage ``number``, each with its clauses' stems and stance."""
        return _sentences(self.passages[number])

    def passage_scores(self, answer: str) -> np.ndarray:
        """Each passage's similarity to the answer or the closest of its sentences (empty when nothing to compare)."""
        if answer not in self._passage_scores:
            units = topic_units(answer)
            if not units or self.vectors is None:
                return np.zeros(0, dtype=np.float32)
            self._passage_scores[answer] = (self.embedder.encode(units) @ self.vectors.T).max(axis=0)
        return self._passage_scores[answer]

    def statements_near(self, answer: str, passages: int) -> np.ndarray:
        """Indices of the statements in the ``passages`` passages closest to the answer: where a number
        that supports or contradicts it can be (embedding every number's context would cost more than the
        passages themselves)."""
        scores = self.passage_scores(answer)
        if not len(scores) or not self.statements:
            return np.zeros(0, dtype=int)
        nearest = np.argsort(-scores, kind="stable")[:passages]
        return np.flatnonzero(np.isin(self.statement_passages, nearest))

    def statement_vectors(self, indices: np.ndarray) -> np.ndarray:
        """Embeddings of the words around the given statements (each embedded once, on first need)."""
        missing = [int(i) for i in indices if int(i) not in self._statement_vectors]
        if missing:
            vectors = self.embedder.encode([self.statements[i].context for i in missing])
            self._statement_vectors.update(zip(missing, vectors))
        return np.vstack([self._statement_vectors[int(i)] for i in indices])

    def similar(self, answer: str, k: int = 5, *, min_score: float) -> list[EvidenceHit]:
        """The ``k`` passages closest in meaning to the answer or any of its sentences, one per page, none less
        similar than ``min_score`` (the scoring config's ``evidence.min_passage_similarity``)."""
        scores = self.passage_scores(answer)
        hits, pages_seen = [], set()
        for index in np.argsort(-scores, kind="stable"):
            if scores[index] < min_score or len(hits) == k:
                break
            passage = self.passages[index]
            if (passage.doc, passage.page) in pages_seen:
                continue
            pages_seen.add((passage.doc, passage.page))
            hits.append(EvidenceHit(passage, round(float(scores[index]), 4), "similar in meaning to the answer"))
        return hits

    def resolve_references(self, references: str, settings: Mapping[str, float]) -> list[ResolvedReference]:
        """Resolve the vendor's own references ('AI Policy v2.3 §4; NW-SEC-011') to files and pages.

        Ids named inside the answer itself are facts, checked by ``passages_naming``. ``settings`` is the
        ``retrieval`` section of the scoring config.
        """
        wanted = [part.strip() for part in REFERENCE_SPLIT.split(references) if part.strip()]
        return [self._resolve(reference, settings["title_match_score"]) for reference in dict.fromkeys(wanted)]

    @functools.cached_property
    def statement_facts(self) -> tuple[dict[str, np.ndarray], dict[Fact, np.ndarray], dict[Fact, np.ndarray]]:
        """Masks over ``statements`` for fast look-ups: by dimension, by the statement's own (dimension, value),
        and by any (dimension, value) its sentence states."""
        count = len(self.statements)
        by_dimension: dict[str, np.ndarray] = {}
        own: dict[Fact, np.ndarray] = {}
        in_sentence: dict[Fact, np.ndarray] = {}
        for i, statement in enumerate(self.statements):
            by_dimension.setdefault(statement.claim.dimension, np.zeros(count, dtype=bool))[i] = True
            own.setdefault((statement.claim.dimension, statement.claim.value), np.zeros(count, dtype=bool))[i] = True
            for fact in statement.sentence_facts:
                in_sentence.setdefault(fact, np.zeros(count, dtype=bool))[i] = True
        return by_dimension, own, in_sentence

    @functools.cached_property
    def commitments(self) -> list[tuple[Passage, str, Commitment]]:
        """Every commitment the evidence makes, with its passage and sentence."""
        found = []
        for passage in self.passages:
            if not might_commit(passage.text):
                continue
            for start, end in sentence_spans(passage.text):
                sentence = passage.text[start:end]
                found += [(passage, sentence, commitment) for commitment in commitments_in(sentence)]
        return found

    def passages_naming(self, claim: Claim) -> tuple[Passage, ...]:
        """Passages that state the same value as ``claim`` or name it word for word (looked up once per fact)."""
        exact = claim.kind in EXACT_KINDS
        key = (claim.dimension, claim.value, normalize_name(claim.text) if exact else "")
        if key not in self._named:
            found = set(self._value_index.get(key[:2], ()))
            if exact:
                found |= self._passages_with_name(key[2])
            self._named[key] = tuple(self.passages[i] for i in sorted(found))
        return self._named[key]

    def _passages_with_name(self, name: str) -> set[int]:
        """Numbers of the passages whose normalised text holds ``name`` as whole words."""
        whole_word = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        # Only passages holding every word of the name can name it: the word index rules out almost all.
        words = re.findall(r"\w+", name)
        postings = [self._name_words.get(word, frozenset()) for word in words]
        candidates = frozenset.intersection(*postings) if postings else range(len(self.passage_names))
        texts = self.passage_names
        return {i for i in candidates if name in texts[i] and whole_word.search(texts[i])}

    @functools.cached_property
    def _name_words(self) -> dict[str, frozenset[int]]:
        """Passage numbers by each word of their normalised text (the words names and ids are looked up by)."""
        found: dict[str, set[int]] = {}
        for number, text in enumerate(self.passage_names):
            for word in set(re.findall(r"\w+", text)):
                found.setdefault(word, set()).add(number)
        return {word: frozenset(numbers) for word, numbers in found.items()}

    @functools.cached_property
    def _value_index(self) -> dict[Fact, list[int]]:
        """Passage numbers by each (dimension, value) they state."""
        index: dict[Fact, list[int]] = {}
        for number, claims in enumerate(self.passage_claims):
            for fact in dict.fromkeys((c.dimension, c.value) for c in claims):
                index.setdefault(fact, []).append(number)
        return index

    def _resolve(self, reference: str, title_match_score: float) -> ResolvedReference:
        named = POINTER.sub(" ", reference)  # "See the attached AI Policy §4": the document is "AI Policy"
        doc, score, detail = self._document_for(named, title_match_score)
        if doc is None and (sole := _sole_document(named, self.documents)) is not None:
            doc, score, detail = sole, title_match_score, f"the only document of that kind: {sole.doc_id}"
        if doc is None:
            return ResolvedReference(reference, "", None, score, "no evidence document matches this reference")
        section = SECTION.search(named)
        found = section_text(doc, section.group(1)) if section else None
        page = found.page if found else None
        if section and found is None:
            detail += f"; section {section.group(1)} not found in it"
        elif found:
            detail += f"; section {found.number} is on page {page}"
        hint = PAGE_HINT.search(SECTION.sub(" ", named))
        cited_page = int(hint.group(1)) if hint else None
        if cited_page and page is None and cited_page <= doc.page_count:
            page = cited_page
            detail += f"; page {page} as the vendor cites it"
        elif cited_page and page and cited_page != page:
            detail += f" (the vendor cites page {cited_page})"
        missing = section.group(1) if section and found is None else ""
        return ResolvedReference(reference, doc.doc_id, page, score, detail, missing)

    def _document_for(self, reference: str, title_match_score: float) -> tuple[EvidenceDocument | None, float, str]:
        lowered = reference.casefold()
        for doc_id in sorted(self.documents, key=lambda d: (-len(d), d)):  # longest first: 'hr/policy.pdf'
            if re.search(rf"(?<![\w/.-]){re.escape(doc_id.casefold())}(?![\w/-])", lowered):
                return self.documents[doc_id], 100.0, f"names the file {doc_id}"
        ids = [c for c in extract_claims(reference) if c.kind == "identifier"]
        for claim in ids:
            for doc in self.documents.values():
                if normalize_name(claim.text) in normalize_name(doc.pages[0] if doc.pages else ""):
                    return doc, 100.0, f"document id {claim.text} appears on the first page of {doc.doc_id}"
        # The title and the file's path without its extension: 'legal/policy.pdf' offers 'legal policy'.
        choices = {
            doc_id: f"{doc.title} {doc_id.rsplit('.', 1)[0].replace('/', ' ')}"
            for doc_id, doc in self.documents.items()
        }
        cleaned = SECTION.sub(" ", reference)
        best = process.extractOne(cleaned, choices, scorer=fuzz.token_set_ratio, processor=utils.default_process)
        if best and best[1] >= title_match_score:
            return self.documents[best[2]], round(best[1], 1), f"title matches {best[2]} ({best[1]:.0f}/100)"
        return None, round(best[1], 1) if best else 0.0, ""


def index_for(evidence: EvidenceSet, embedder: Embedder) -> EvidenceIndex:
    """The index of ``evidence``: the last one built, when it was built from the same evidence with the same
    embedder (re-assessing a vendor finds its look-up tables built), else a new one."""
    last = _last_index[0] if _last_index else None
    if last is None or last.embedder is not embedder or last.evidence != evidence:
        _last_index[:] = [EvidenceIndex(evidence, embedder)]
    return _last_index[0]


_last_index: list[EvidenceIndex] = []  # at most one: the index ``index_for`` built last


def forget_read_passages() -> None:
    """Drop what this process has read from passages (a batch does so after each vendor: memory stays flat)."""
    for cached in (_read_passage, _sentences, _section_lines):
        cached.cache_clear()
    _last_index.clear()


@functools.lru_cache(maxsize=100_000)
def _read_passage(passage: Passage) -> tuple[list[Claim], str, list[Statement]]:
    """What the index reads from one passage, kept for the process: re-scoring the same evidence (the app,
    a batch re-run) reads nothing again. Names, ids, roles and versions are looked up word for word in the
    normalised text; only the kinds compared by value are extracted."""
    claims = extract_claims(passage.text, PASSAGE_KINDS)
    return claims, normalize_name(passage.text), _statements(passage, claims)


@functools.lru_cache(maxsize=100_000)
def _sentences(passage: Passage) -> tuple[EvidenceSentence, ...]:
    found = []
    for start, end in prose_spans(passage.text):
        text = passage.text[start:end]
        clauses = clause_spans(text)
        spans = [(0, len(text)), *clauses] if len(clauses) > 1 else [(0, len(text))]
        found.append(EvidenceSentence(passage, text, tuple(_unit(text[a:b]) for a, b in spans)))
    return tuple(found)


def _unit(text: str) -> EvidenceClause:
    return EvidenceClause(text, frozenset(content_stems(text)), stance_of(text))


def _statements(passage: Passage, claims: list[Claim]) -> list[Statement]:
    """Each quantity of a passage with its sentence, the words around it and its sentence's other facts."""
    spans = sentence_spans(passage.text)
    statements = []
    for claim in (c for c in claims if c.kind in COMPARED_BY_VALUE):
        start, end = next(((a, b) for a, b in spans if a <= claim.start < b), (claim.start, claim.end))
        neighbours = frozenset((c.dimension, c.value) for c in claims if start <= c.start < end)
        sentence = passage.text[start : max(end, claim.end)]
        context = window_around(passage.text, claim.start, claim.end, sentence=(start, end))
        statements.append(Statement(claim, sentence, context, passage, neighbours))
    return statements


# ------------------------------------------------------------------------------------------------ sections
# Words that point to a document rather than name it: "Please see the attached", "as set out in".
POINTER = re.compile(
    r"\b(?:please\s+)?(?:see|refer(?:ence)?\s+to|refer|consult)\b|\b(?:as\s+)?(?:described|set\s+out|detailed"
    r"|documented|defined|specified|outlined|covered|explained|stated)\s+in\b|\b(?:attached|enclosed|herewith)\b",
    re.I,
)
# A numbered line: "4 Decision rights", "4.3 Escalation", "4. Scope", "Section 4: Decision rights", "§4 - Roles".
_NUMBERED_LINE = re.compile(
    r"^[ \t]*(?P<prefix>(?i:section|sect\.|sec\.)[ \t]*|§[ \t]*)?(?P<number>\d{1,3}(?:\.\d{1,3})*)"
    r"(?:\.(?!\d)|[ \t]*[:)\u2013\u2014-])?(?:[ \t]+(?P<rest>\S[^\n]*))?$"
)
MAX_HEADING_CHARS = 160  # a longer line is prose, whatever it starts with
_TOC_ENTRY = re.compile(r"(?:\.{3,}|\u2026|\t|\s{3,})\s*\d{0,4}$")  # "4 Decision rights ....... 5"
# Back matter ends the last section: "Appendix A: Severity matrix", "Revision history" (a line of its own).
_BACK_MATTER = re.compile(
    r"^[ \t]*(?:(?:appendix|annex|schedule)[ \t]+(?-i:[A-Z0-9]{1,3})\b[^.\n]{0,60}"
    r"|document control|revision history|version history|change history)[ \t]*$",
    re.I,
)
_PAGE_LINE = re.compile(r"^[\s\u2013\u2014-]*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[\s\u2013\u2014-]*$", re.I)
MAX_HEADING_WORDS = 8
# The nouns that say what kind of document is meant ("the attached policy"), by document type.
DOCUMENT_NOUNS = {
    "policy": "policy",
    "policies": "policy",
    "procedure": "procedure",
    "runbook": "procedure",
    "playbook": "procedure",
    "plan": "plan",
    "certificate": "certificate",
    "contract": "contract",
    "agreement": "contract",
    "dpa": "contract",
    "terms": "contract",
    "report": "report",
}
_FILLER = frozenset(
    {"a", "an", "the", "our", "this", "that", "its", "your", "copy", "current", "latest", "full", "please", "v"}
    | {"document", "documents", "doc", "file", "of", "in", "to", "at", "for", "on", "and", "attached", "enclosed"}
)


@dataclass(frozen=True)
class _Line:
    page: int
    text: str
    number: tuple[int, ...] | None  # of a numbered line
    heading: bool  # a numbered heading ("4.3 Escalation"), not a numbered sentence ("5. Record the rollback.")
    title: str  # the heading's words after its number, or the numbered sentence's text


def section_text(doc: EvidenceDocument, number: str) -> DocumentSection | None:
    """Section ``number`` of ``doc``: from its heading to the next heading of the same or a higher level, so
    "4" holds "4.1" ... "4.9" and ends at "5" (or an appendix), and "4.3" ends at "4.4" or "5"; across pages.

    A section starts at a heading line ("4.3 Escalation", "Section 4: Decision rights": at most eight words, not
    ending in a full stop); a dotted number may also start a numbered paragraph ("5.2 Conversation logs are kept
    ..."). Single numbers must be headings: "5. Record the rollback ..." is a numbered step, and a list that
    counts 1, 2, 3 inside a section does not end it. Where the heading appears more than once (a table of
    contents), the occurrence with the longest text is the section. None when the document has no such section.
    """
    wanted = tuple(int(part) for part in number.strip(".").split("."))
    lines = _section_lines(doc)
    starts = [i for i, line in enumerate(lines) if line.number == wanted and line.heading]
    if not starts and len(wanted) > 1:
        starts = [i for i, line in enumerate(lines) if line.number == wanted]
    best = None
    for start in starts:
        end = _section_end(lines, start, wanted)
        body = [line for line in lines[start + 1 : end] if line.text.strip()]
        if not lines[start].heading:  # a numbered paragraph: its own text is the section's first line
            body.insert(0, _Line(lines[start].page, lines[start].title, None, False, ""))
        size = sum(len(line.text.split()) for line in body)
        if best is None or size > best[0]:
            best = (size, start, body)
    if best is None:
        return None
    _, start, body = best
    head = lines[start]
    pages = tuple(range(head.page, (body[-1].page if body else head.page) + 1))
    title = head.title if head.heading else ""
    text = "\n".join(line.text.strip() for line in body)
    return DocumentSection(doc.doc_id, ".".join(map(str, wanted)), title, pages, text)


def section_numbers(doc: EvidenceDocument) -> tuple[str, ...]:
    """The numbers of the document's section headings, in order ("1", "2", "2.1", ...); () when it has none."""
    found = (".".join(map(str, line.number)) for line in _section_lines(doc) if line.number and line.heading)
    return tuple(dict.fromkeys(found))


def _section_end(lines: list[_Line], start: int, wanted: tuple[int, ...]) -> int:
    """Index of the line that ends the section starting at ``start``: the next numbered heading (or, for a
    dotted section, numbered paragraph) after it that is not one of its subsections, or back matter."""
    counting = 0  # the last item of a list of short lines counting 1, 2, 3 ... inside the section
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line.number is None:
            if _BACK_MATTER.match(line.text) and len(line.text.split()) <= MAX_HEADING_WORDS:
                return i
            continue
        single = len(line.number) == 1
        if single and not line.heading:
            continue  # a numbered step ("5. Record the rollback ...") is not a section
        if single and (line.number[0] == 1 or (counting and line.number[0] == counting + 1)):
            counting = line.number[0]  # "1 Detect", "2 Triage": a list, not the next section
            continue
        if line.number[: len(wanted)] == wanted or line.number < wanted:
            continue  # a subsection ("4.3.1" in "4.3"), or a list counting from below
        return i
    return len(lines)


@functools.lru_cache(maxsize=256)
def _section_lines(doc: EvidenceDocument) -> list[_Line]:
    """Every line of the document with its page and, for a numbered line, its number; running headers and
    footers (the same first or last line on several pages, page numbers) are left out."""
    running = _running_lines(doc.pages)
    found = []
    for page, text in enumerate(doc.pages, start=1):
        for raw in text.split("\n"):
            key = re.sub(r"\d+", "#", raw.strip())
            if not raw.strip() or key in running or _PAGE_LINE.match(raw):
                continue
            match = _NUMBERED_LINE.match(raw)
            if match is None:
                found.append(_Line(page, raw, None, False, ""))
                continue
            rest, prefixed = (match.group("rest") or "").rstrip(), bool(match.group("prefix"))
            if not rest and not prefixed:
                found.append(_Line(page, raw, None, False, ""))  # a bare number: a table cell, not a heading
                continue
            contents = len(rest) <= MAX_HEADING_CHARS and bool(_TOC_ENTRY.search(rest))
            heading = (
                (prefixed or rest[0].isupper())
                and len(rest) <= MAX_HEADING_CHARS
                and len(rest.split()) <= MAX_HEADING_WORDS
                and not rest.endswith((".", ",", ";"))
                and not contents
            )
            if contents:
                found.append(_Line(page, raw, None, False, ""))  # a contents entry starts nothing and ends nothing
                continue
            number = tuple(int(part) for part in match.group("number").split("."))
            found.append(_Line(page, raw, number, heading, rest))
    return _without_contents(found)


def _without_contents(lines: list[_Line]) -> list[_Line]:
    """The lines with a table of contents read as plain text: three or more headings in a row that are not each
    the first subsection of the one before ("1 Purpose / 2 Scope / 3 Roles"; not "4 Roles / 4.1 Owner / 4.1.1")."""
    found = list(lines)
    start = 0
    while start < len(found):
        end = start
        while end < len(found) and found[end].heading:
            end += 1
        run = found[start:end]
        nested = all(b.number[: len(a.number)] == a.number for a, b in zip(run, run[1:]))
        if len(run) >= 3 and not nested:
            found[start:end] = [_Line(line.page, line.text, None, False, "") for line in run]
        start = max(end, start + 1)
    return found


def _running_lines(pages: tuple[str, ...]) -> frozenset[str]:
    """The first and last lines repeated on two or more pages (digits ignored): running headers and footers."""
    if len(pages) < 2:
        return frozenset()
    seen: dict[str, int] = {}
    for text in pages:
        filled = [line.strip() for line in text.split("\n") if line.strip()]
        for line in {*filled[:1], *filled[-1:]}:
            key = re.sub(r"\d+", "#", line)
            seen[key] = seen.get(key, 0) + 1
    return frozenset(key for key, count in seen.items() if count >= 2)


def _sole_document(reference: str, documents: Mapping[str, EvidenceDocument]) -> EvidenceDocument | None:
    """The document a generic reference means: "the attached policy, section 4" is the one policy among the
    evidence, and "attached, section 4" the one document. None when the reference names more than a kind of
    document ("Vendor Risk Policy") or several documents fit."""
    words = re.findall(r"[a-z]+", PAGE_HINT.sub(" ", SECTION.sub(" ", reference)).casefold())
    words = [word for word in words if word not in _FILLER]
    kinds = {DOCUMENT_NOUNS.get(word) for word in words}
    if None in kinds or len(kinds) > 1:
        return None
    fitting = [doc for doc in documents.values() if not kinds or doc.doc_type in kinds]
    return fitting[0] if len(fitting) == 1 else None
