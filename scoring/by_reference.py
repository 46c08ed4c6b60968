"""Answers by reference: "See attached policy section 4", "Refer to NW-POL-004 §3.2", or a bare "See attached."
with the section named in the evidence column.

Such an answer is judged by what it points to. Each section it names is read from its heading to the next
heading of the same or a higher level (``assessor.retrieval.section_text``); when the sections answer the
question (similar enough to it in meaning, and long enough to say something) their text is scored as the
answer, and the result is marked *answered by reference* with its citation. Its claims are then checked
against the evidence as any answer's are, so they are supported by the section itself with the authority of
its document (a policy counts as a signed policy).

An answer that is only a reference to something that is not there (no such document, or no such section in
it) says nothing: it is scored as no answer, earns no evidence, and is flagged ``reference_not_found``. So is
an answer pointing only to a section about something else, without the flag. References in the evidence
column that resolve to nothing are flagged on any answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import takewhile
from typing import TYPE_CHECKING

from assessor.alignment import AlignedAnswer, Alignment
from assessor.answer_doc import AnswerDoc, build_answer
from assessor.retrieval import (
    DOCUMENT_NOUNS,
    PAGE_HINT,
    POINTER,
    REFERENCE_SPLIT,
    DocumentSection,
    EvidenceIndex,
    section_numbers,
    section_text,
)
from assessor.text import content_stems, sentence_spans, word_count
from question_bank import Question, QuestionBank
from scoring.config import ScoringConfig
from scoring.followups import CRITERION_ASKS
from scoring.signals import is_non_answer
from scoring.vocabulary import FLAGS

if TYPE_CHECKING:  # scoring.results holds a ByReference: this module imports it (and the scorer) when used
    from scoring.question import QuestionContext
    from scoring.results import QuestionResult

NOT_FOUND = "reference_not_found"
# Every section a reference names: "§4", "section 4.3", "sections 3 and 5", "§3-§4", "clauses 2, 4".
SECTIONS = re.compile(
    r"(?:§§?|\bsections?\b|\bsecs?\b\.?|\bclauses?\b|\bparagraphs?\b|\bparas?\b\.?)[ \t]*(\d{1,3}(?:\.\d{1,3})*)"
    r"((?:[ \t]*(?:,|and|&|or|to|-|\u2013)[ \t]*(?:§[ \t]*)?\d{1,3}(?:\.\d{1,3})*\b)*)",
    re.I,
)
_LISTED = re.compile(r"(,|and|&|or|to|-|\u2013)[ \t]*(?:§[ \t]*)?(\d{1,3}(?:\.\d{1,3})*)", re.I)
_IDENTIFIER = re.compile(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b|\bv\d+(?:\.\d+)*\b")
# Words of a reference that neither name a document nor answer anything ("Please see our ... for details").
_WORDS_OF_REFERENCES = (
    "a an the our this that these those its it your you we please kindly also further more full fuller detail details"
    " information answer answers question response here herein below above attached enclosed copy latest current"
    " document documents doc docs file files section sections clause paragraph page pages which where for of in on"
    " to at and or with from as is are be been has have yes no see refer referred consult per according covers"
    " cover covered describes described explains explained addresses addressed sets set out outlines outlined"
    " provides provided included includes contains contained"
)
_REFERENCE_WORDS = frozenset(_WORDS_OF_REFERENCES.split())
_CONTRADICTION_ASK = re.compile(r"Your answer says '")  # scoring.vocabulary's contradicted_by_evidence asks
# A reference to a standard or a law, not to one of the vendor's documents.
_STANDARD = re.compile(r"\b(?:ISO|IEC|NIST|SOC\s*[12]|GDPR|AI\s+Act|Annex|Article|Art\.|Regulation|Directive)\b", re.I)
_MAX_RANGE = 6  # "sections 3-5" names 3, 4 and 5; a wider span is read as two sections
MAX_REFERENCE_SENTENCES = 20  # of one answer, resolved (a pasted document is not a list of references)


@dataclass(frozen=True)
class ByReference:
    """How an answer was answered by reference: the sections scored as the answer and the vendor's own words."""

    reference: str  # the vendor's words that point to the sections (the answer, or the evidence column)
    sections: tuple[DocumentSection, ...]
    similarity: float  # of the question to the sections' headings and text
    vendor_answer: str  # the answer as the vendor wrote it

    @property
    def citation(self) -> str:
        """``"policy.pdf p.2 §4 Decision rights"``; several sections are joined with "; "."""
        return "; ".join(section.citation for section in self.sections)


@dataclass(frozen=True)
class MissingReference:
    """A reference that resolves to nothing: no such document, or no such section in the document."""

    reference: str
    doc: str = ""  # the document found, when only its section is missing
    section: str = ""

    @property
    def reason(self) -> str:
        if self.doc:
            return f"'{self.reference}': {self.doc} has no section {self.section}"
        return f"'{self.reference}': no evidence document matches it"

    def ask(self) -> str:
        definition = FLAGS[NOT_FOUND]
        reference = " ".join(self.reference.split())
        if self.doc:
            return definition.ask("missing_section", reference=reference, document=self.doc)
        return definition.ask("missing_document", reference=reference)


@dataclass(frozen=True)
class Reading:
    """One answer read for its references: the answer object to score, and what the references came to."""

    doc: AnswerDoc  # what is scored: the sections' text when answered by reference, else the vendor's answer
    vendor_answer: str
    by_reference: ByReference | None = None
    missing: tuple[MissingReference, ...] = ()
    no_answer: str = ""  # why an answer that is only a reference is scored as no answer ("" when it is not)


@dataclass(frozen=True)
class _Target:
    reference: str
    doc: str  # "" when no document matches
    sections: tuple[DocumentSection, ...]
    missing: tuple[MissingReference, ...]


def read_answers(bank: QuestionBank, alignment: Alignment, context: QuestionContext) -> dict[str, Reading]:
    """Each matched answer read for its references, by question id (``score_vendor`` scores ``reading.doc``)."""
    return {qid: read_answer(bank.get(qid), aligned, context) for qid, aligned in alignment.matched.items()}


def read_answer(question: Question, aligned: AlignedAnswer | None, context: QuestionContext) -> Reading:
    """The answer to score for ``question``: the sections the answer points to when it is (mostly) a reference
    and they answer the question; no answer when it only points to nothing (or to something else); else the
    vendor's answer as written."""
    from scoring.question import scoring_text

    text = scoring_text(aligned)
    refs = aligned.answer.evidence_refs if aligned else ""
    plain = Reading(build_answer(text), text)
    if not text.strip():
        return plain
    index, config = context.index, context.config
    settings = config["by_reference"]
    column = _targets(refs, index, config, inherited="")
    if is_non_answer(text):  # "See attached.", "Please refer to the attached policy": the column says where
        source, targets = refs, column
    elif _is_reference(text, settings["max_own_words"]):
        column_docs = {target.doc for target in column if target.doc}
        inherited = next(iter(column_docs)) if len(column_docs) == 1 else ""
        source, targets = text, _targets(_reference_text(text), index, config, inherited)
        if not any(target.sections for target in targets) and any(target.sections for target in column):
            source, targets = refs, [*targets, *column]  # "Please see our Incident Response Plan." + "IRP §4"
    else:  # the answer speaks for itself: only a section missing from a document it names is flagged here
        named = _targets(_reference_text(text), index, config, inherited="")
        missing = tuple(m for target in named for m in target.missing if _surely_missing(m, target, index))
        return replace(plain, missing=missing)
    missing = tuple(dict.fromkeys(m for target in targets for m in target.missing))
    sections = tuple(dict.fromkeys(s for target in targets for s in target.sections))
    if not sections:
        if missing:
            return Reading(build_answer(""), text, None, missing, _points_nowhere(missing))
        return replace(plain, missing=missing)
    similarities = _similarities(question.text, sections, index)
    answering = [s for s, value in zip(sections, similarities) if value >= settings["min_similarity"]]
    joined = "\n\n".join(section.text for section in answering)
    if answering and word_count(joined) >= settings["min_section_words"]:
        best = max(value for value in similarities if value >= settings["min_similarity"])
        found = ByReference(source, tuple(answering), round(best, 3), text)
        return Reading(build_answer(joined), text, found, missing)
    citation = "; ".join(section.citation for section in sections)
    size = sum(word_count(section.text) for section in sections)
    reason = (
        f"the answer only points to {citation}, which does not answer the question "
        f"(similarity {max(similarities):.2f}, {size} words)"
    )
    return Reading(build_answer(""), text, None, missing, reason)


def apply_readings(
    results: Sequence[QuestionResult], readings: Mapping[str, Reading], config: ScoringConfig
) -> tuple[QuestionResult, ...]:
    """The scored results with what the readings found: the by-reference citation, the vendor's own words for
    an answer scored as no answer, and ``reference_not_found`` (with its follow-up) for every reference in the
    answer or the evidence column that resolves to nothing."""
    return tuple(_apply(result, readings.get(result.question.id), config) for result in results)


def _apply(result: QuestionResult, reading: Reading | None, config: ScoringConfig) -> QuestionResult:
    from scoring.results import Flag

    if reading is None:
        return result
    changes: dict[str, object] = {}
    flags = list(result.flags)
    if reading.by_reference is not None:
        changes["by_reference"] = reading.by_reference
        # The answer is a document's section: "which document governs this?" is answered by the citation.
        changes["follow_ups"] = tuple(ask for ask in result.follow_ups if ask != CRITERION_ASKS["named_document"])
    if reading.no_answer:
        changes["answer"] = reading.vendor_answer
        flags = [Flag(f.code, reading.no_answer) if f.code == "no_answer" else f for f in flags]
    column = [
        MissingReference(ref.reference, ref.doc, ref.missing_section)
        for ref in result.evidence.references
        if not ref.doc or ref.missing_section
    ]
    missing = list(dict.fromkeys([*reading.missing, *column]))
    if missing and NOT_FOUND not in result.flag_codes:
        flags.append(Flag(NOT_FOUND, "; ".join(m.reason for m in missing[:4])))
        asks = [ask for ask in dict.fromkeys(m.ask() for m in reading.missing) if ask not in result.follow_ups]
        # Scored as no answer, the one other ask is "please answer": where the reference points goes first.
        kept = list(changes.get("follow_ups", result.follow_ups))
        # After the contradictions (the most serious asks), before what the answer lacks.
        at = 0 if "no_answer" in result.flag_codes else len(list(takewhile(_CONTRADICTION_ASK.match, kept)))
        follow = [*kept[:at], *asks, *kept[at:]]
        changes["follow_ups"] = tuple(follow[: config["followups"]["max_per_question"]])
    if flags != list(result.flags):
        changes["flags"] = tuple(flags)
    return replace(result, **changes) if changes else result


def _is_reference(text: str, max_own_words: int) -> bool:
    """The answer is (mostly) a reference: it points somewhere ("see", "refer to", "set out in", "§4") and says at
    most ``max_own_words`` content words of its own besides the names of what it points to."""
    if not (POINTER.search(text) or SECTIONS.search(text)):
        return False
    own = set()
    for start, end in sentence_spans(text) or [(0, len(text))]:
        sentence = text[start:end]
        pointing = bool(POINTER.search(sentence) or SECTIONS.search(sentence))
        own |= _own_stems(sentence, drop_names=pointing)
    return len(own) <= max_own_words


def _own_stems(sentence: str, drop_names: bool) -> set[str]:
    """Content stems of a sentence that are not the words of a reference; in a sentence that points somewhere,
    capitalised words are the name of what it points to ("our Vendor Risk Policy")."""
    cleaned = SECTIONS.sub(" ", POINTER.sub(" ", sentence))
    cleaned = _IDENTIFIER.sub(" ", PAGE_HINT.sub(" ", cleaned))
    words = re.findall(r"[A-Za-z][\w'-]*", cleaned)
    kept = [
        word
        for word in words
        if word.casefold() not in _REFERENCE_WORDS
        and word.casefold() not in DOCUMENT_NOUNS
        and not (drop_names and word[0].isupper())
    ]
    return content_stems(" ".join(kept))


def _reference_text(text: str) -> str:
    """The sentences of the answer that point somewhere, one a line (each resolved on its own)."""
    spans = sentence_spans(text) or [(0, len(text))]
    found = [text[a:b] for a, b in spans if POINTER.search(text[a:b]) or SECTIONS.search(text[a:b])]
    return "\n".join(found[:MAX_REFERENCE_SENTENCES])


def _targets(references: str, index: EvidenceIndex, config: ScoringConfig, inherited: str) -> list[_Target]:
    """Each reference resolved to its document and the sections it names. A part that names no document of its
    own ("§4" after "AI Policy §3,", "see section 4" beside an evidence column naming one document) is read in
    the document before it, else in ``inherited``."""
    targets: list[_Target] = []
    previous = inherited
    for part in (p.strip() for p in REFERENCE_SPLIT.split(references)):
        if not part:
            continue
        doc = _document_of(part, index, config)
        if not doc and previous and not _names_document(part):
            doc = previous
        numbers, quoted = _section_numbers(part), _quoted(part)
        if not doc:
            if numbers or _names_document(part):
                targets.append(_Target(part, "", (), (MissingReference(quoted),)))
            continue
        previous = doc
        sections, missing = [], []
        for number in numbers:
            found = section_text(index.documents[doc], number)
            if found is None:
                missing.append(MissingReference(quoted, doc, number))
            else:
                sections.append(found)
        targets.append(_Target(part, doc, tuple(sections), tuple(missing)))
    return targets


def _document_of(part: str, index: EvidenceIndex, config: ScoringConfig) -> str:
    """The doc_id a reference names, "" when none matches: the whole part, else only its name (capitalised words,
    ids and kinds of document), which the vendor's own words around it ("our approach is set out in") blur."""
    for reference in (part, _name_in(part)):
        resolved = index.resolve_references(reference, config["retrieval"]) if reference.strip() else []
        if resolved and resolved[0].doc:
            return resolved[0].doc
    return ""


def _name_in(part: str) -> str:
    cleaned = _IDENTIFIER.sub(lambda m: f" {m.group(0)} ", SECTIONS.sub(" ", POINTER.sub(" ", part)))
    words = re.findall(r"[A-Za-z][\w'/.-]*\w|[A-Za-z]", cleaned)
    named = [
        word
        for word in words
        if word.casefold() not in _REFERENCE_WORDS
        and (word[0].isupper() or word.casefold() in DOCUMENT_NOUNS or _IDENTIFIER.fullmatch(word))
    ]
    return " ".join(named)


def _quoted(part: str) -> str:
    """The reference as the vendor is quoted back: from the first pointer on ("see runbook §9" gives
    "runbook §9"; "As described in section 4 of our plan" gives "section 4 of our plan")."""
    quoted, pointer = part, POINTER.search(part)
    while pointer and quoted[pointer.end() :].strip(" .,;:"):  # "See attached ...": past every pointer in a row
        quoted = quoted[pointer.end() :].lstrip()
        pointer = POINTER.match(quoted)
    return " ".join(quoted.split()).strip(" .,;:")


def _surely_missing(missing: MissingReference, target: _Target, index: EvidenceIndex) -> bool:
    """In an answer of the vendor's own words, a section reference is missing only from a document that has
    numbered sections, and not when it cites a standard ("ISO/IEC 42001 clause 9.3" is not in the certificate)."""
    if not missing.doc or _STANDARD.search(target.reference):
        return False
    return bool(section_numbers(index.documents[missing.doc]))


def _names_document(part: str) -> bool:
    """The part names a document of its own: words beyond pointers, section numbers and kinds of document."""
    return bool(_own_stems(part, drop_names=False)) or bool(_IDENTIFIER.search(part))


def _section_numbers(part: str) -> list[str]:
    """The section numbers a reference names, in order: "sections 3-5 and 7.2" gives 3, 4, 5 and 7.2."""
    numbers: list[str] = []
    for match in SECTIONS.finditer(part):
        previous = match.group(1)
        numbers.append(previous)
        for separator, number in _LISTED.findall(match.group(2)):
            if separator.casefold() in {"-", "\u2013", "to"} and "." not in previous + number:
                low, high = int(previous), int(number)
                if 0 < high - low <= _MAX_RANGE:
                    numbers += [str(n) for n in range(low + 1, high)]
            numbers.append(number)
            previous = number
    return list(dict.fromkeys(numbers))


def _similarities(question: str, sections: Sequence[DocumentSection], index: EvidenceIndex) -> list[float]:
    """Cosine similarity of the question to each section's heading and text."""
    texts = [f"{section.title}\n{section.text}".strip() for section in sections]
    vectors = index.embedder.encode([question, *texts])
    return [round(float(value), 4) for value in vectors[1:] @ vectors[0]]


def _points_nowhere(missing: Sequence[MissingReference]) -> str:
    named = "; ".join(m.reason for m in missing[:3])
    return f"the answer only refers to what the evidence does not hold ({named})"
