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
from assessor.evidence import EvidenceDocument, EvidenceSet, Passage
from assessor.evidence.passages import prose_spans
from assessor.stance import Stance, stance_of
from assessor.text import clause_spans, content_stems, sentence_spans, topic_units, window_around

REFERENCE_SPLIT = re.compile(r"[;\n]+|,\s+(?=[A-Z])")
PAGE_HINT = re.compile(r"\bp(?:age|p)?\.?\s*(\d{1,4})\b", re.I)
SECTION = re.compile(r"(?:§|\bsection\s*|\bsec\.?\s*|\bclause\s*|\bpara(?:graph)?\.?\s*)(\d+(?:\.\d+)*)", re.I)
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

    def passages_naming(self, claim: Claim) -> list[Passage]:
        """Passages that state the same value as ``claim`` or name it word for word."""
        found = set(self._value_index.get((claim.dimension, claim.value), ()))
        if claim.kind in EXACT_KINDS:
            name = normalize_name(claim.text)
            whole_word = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
            # The substring test is cheap and rules out almost every passage before the regex runs.
            found |= {i for i, text in enumerate(self.passage_names) if name in text and whole_word.search(text)}
        return [self.passages[i] for i in sorted(found)]

    @functools.cached_property
    def _value_index(self) -> dict[Fact, list[int]]:
        """Passage numbers by each (dimension, value) they state."""
        index: dict[Fact, list[int]] = {}
        for number, claims in enumerate(self.passage_claims):
            for fact in dict.fromkeys((c.dimension, c.value) for c in claims):
                index.setdefault(fact, []).append(number)
        return index

    def _resolve(self, reference: str, title_match_score: float) -> ResolvedReference:
        doc, score, detail = self._document_for(reference, title_match_score)
        if doc is None:
            return ResolvedReference(reference, "", None, score, "no evidence document matches this reference")
        section = SECTION.search(reference)
        page = _page_of_section(doc, section.group(1)) if section else None
        if section and page is None:
            detail += f"; section {section.group(1)} not found in it"
        elif page:
            detail += f"; section {section.group(1)} is on page {page}"
        hint = PAGE_HINT.search(SECTION.sub(" ", reference))
        cited_page = int(hint.group(1)) if hint else None
        if cited_page and page is None and cited_page <= doc.page_count:
            page = cited_page
            detail += f"; page {page} as the vendor cites it"
        elif cited_page and page and cited_page != page:
            detail += f" (the vendor cites page {cited_page})"
        return ResolvedReference(reference, doc.doc_id, page, score, detail)

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


def _page_of_section(doc: EvidenceDocument, number: str) -> int | None:
    """First page where section ``number`` starts: a heading line ('4.3 Decision rights'),
    else a numbered paragraph ('5.2 Conversation logs are kept ...').

    Single numbers must be headings: '5. Record the rollback ...' is a numbered step.
    """
    start = rf"^[ \t]*(?:section[ \t]+|§[ \t]*)?{re.escape(number)}\.?[ \t]+"
    heading = re.compile(start + r"([A-Z][^\n]{0,80})$", re.I | re.M)
    paragraph = re.compile(start + r"\S", re.I | re.M)
    for page_number, text in enumerate(doc.pages, start=1):
        for match in heading.finditer(text):
            title = match.group(1).strip()
            if len(title.split()) <= 8 and not title.endswith("."):
                return page_number
    if "." in number:
        for page_number, text in enumerate(doc.pages, start=1):
            if paragraph.search(text):
                return page_number
    return None
