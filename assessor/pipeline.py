"""Assess one vendor end to end. The CLI, batch runs and the app are thin shells over this module.

Two stages, so that changing weights re-scores without re-reading PDFs or re-embedding:
``prepare`` reads the answers and the evidence and embeds the passages; ``score`` judges them with
one scoring config, from aligning the answer rows with the bank to the ratings.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime
import gc
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assessor import __version__
from assessor.alignment import align_answers
from assessor.answer_limits import AnswerLimits, limits_of
from assessor.answer_reader_process import read_answers_isolated
from assessor.answers import AnswerSheet, LayoutOverrides
from assessor.embeddings import Embedder
from assessor.evidence import EvidenceSet, IngestLimits, ingest
from assessor.evidence.ingest import forget_read_documents
from assessor.matching import ClauseMatcher
from assessor.retrieval import EvidenceIndex, forget_read_passages, index_for
from question_bank import Catalog, QuestionBank, load_bank, load_catalog
from scoring.config import ScoringConfig, load_config
from scoring.question import QuestionContext
from scoring.results import VendorResult
from scoring.vendor import score_vendor

Progress = Callable[[str, float], None]  # (step description, fraction done 0..1)
# The phases a run reports through ``progress``, in order; its other messages are steps within a phase.
PHASES = ("reading the answers", "reading the evidence", "embedding the evidence passages",
          "matching clauses and scoring answers")  # fmt: skip


@dataclass
class Engine:
    """The loaded model and the embedded catalog: expensive, so built once and shared."""

    embedder: Embedder
    matcher: ClauseMatcher
    catalog: Catalog

    @classmethod
    def load(cls, model: str | None = None, backend: str | None = None) -> Engine:
        """``backend``: "torch" or "onnx-int8"; None means ``$ASSESSOR_BACKEND``, else the measured default."""
        embedder = Embedder(model, backend=backend)
        catalog = load_catalog()
        return cls(embedder, ClauseMatcher(embedder, catalog), catalog)


@dataclass(frozen=True)
class PreparedVendor:
    """A vendor's inputs read and indexed: everything scoring needs."""

    vendor: str
    bank: QuestionBank
    sheet: AnswerSheet
    evidence: EvidenceSet
    index: EvidenceIndex


@dataclass(frozen=True)
class Assessment:
    prepared: PreparedVendor
    result: VendorResult
    config: ScoringConfig
    as_of: datetime.date
    provenance: dict


def prepare(
    vendor: str,
    answers_path: str | Path,
    evidence_paths: Iterable[str | Path],
    engine: Engine,
    bank: QuestionBank | None = None,
    limits: IngestLimits | None = None,
    workers: int = 2,
    progress: Progress | None = None,
    layout: LayoutOverrides | None = None,
    retry_timeouts: bool = False,
    answer_limits: AnswerLimits | None = None,
) -> PreparedVendor:
    """Read answers and evidence; an unreadable answers file raises InputError, bad evidence files become problems.

    The answers file is read in a child process within ``answer_limits`` (the packaged ones by default);
    evidence files that timed out on an earlier run are skipped unless ``retry_timeouts``."""
    report = progress or (lambda step, fraction: None)
    bank = bank or load_bank()
    report("reading the answers", 0.0)
    sheet = read_answers_isolated(answers_path, layout, answer_limits)
    report("reading the evidence", 0.1)
    evidence = ingest(
        list(evidence_paths),
        limits=limits,
        workers=workers,
        retry_timeouts=retry_timeouts,
        progress=lambda done, total, name: report(f"read {name} ({done}/{total})", 0.1 + 0.5 * done / max(total, 1)),
    )
    report("embedding the evidence passages", 0.6)
    index = index_for(evidence, engine.embedder)
    return PreparedVendor(vendor, bank, sheet, evidence, index)


def score(
    prepared: PreparedVendor,
    engine: Engine,
    config: ScoringConfig | None = None,
    as_of: datetime.date | None = None,
    progress: Progress | None = None,
) -> Assessment:
    """Judge a prepared vendor; fast, so the app can re-run it when settings change."""
    config = config or load_config()
    as_of = as_of or datetime.date.today()
    report = progress or (lambda step, fraction: None)
    report("matching clauses and scoring answers", 0.7)
    # Cheap: wording is compared by rapidfuzz; rows it leaves unmatched are embedded once (vectors are cached).
    limits = limits_of(config)
    alignment = align_answers(
        prepared.sheet, prepared.bank, config["alignment"], engine.embedder.similarity, limits.max_meaning_rows
    )
    context = QuestionContext(prepared.index, engine.matcher, engine.catalog, config, as_of)
    notes = [*prepared.sheet.notes, *alignment.notes(limits.max_row_notes)]
    notes += [problem.message for problem in prepared.evidence.problems]
    result = score_vendor(
        prepared.vendor,
        prepared.bank,
        alignment,
        context,
        notes,
        progress=lambda done, total, qid: report(f"scored {qid} ({done}/{total})", 0.7 + 0.3 * done / total),
    )
    report("done", 1.0)
    return Assessment(prepared, result, config, as_of, _provenance(prepared, engine, config, as_of))


def release(engine: Engine) -> None:
    """Forget what the last vendor left in this process (read documents and passages, vectors in memory), so
    that scoring a portfolio one vendor after another holds one vendor's working set at a time."""
    forget_read_documents()
    forget_read_passages()
    engine.embedder.forget_recent()
    gc.collect()
    _trim_heap()


def _trim_heap() -> None:
    """Hand the heap's free pages back to the system (glibc), so one vendor's peak is not the next one's floor."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def assess(
    vendor: str,
    answers_path: str | Path,
    evidence_paths: Sequence[str | Path],
    engine: Engine,
    bank: QuestionBank | None = None,
    config: ScoringConfig | None = None,
    as_of: datetime.date | None = None,
    limits: IngestLimits | None = None,
    workers: int = 2,
    progress: Progress | None = None,
    layout: LayoutOverrides | None = None,
    retry_timeouts: bool = False,
) -> Assessment:
    prepared = prepare(
        vendor, answers_path, evidence_paths, engine, bank, limits, workers, progress, layout, retry_timeouts
    )
    return score(prepared, engine, config, as_of, progress)


def _provenance(prepared: PreparedVendor, engine: Engine, config: ScoringConfig, as_of: datetime.date) -> dict:
    identity = engine.embedder.identity
    return {
        "tool": "ai-vendor-assessor",
        "tool_version": __version__,
        "model": identity.name,
        "model_weights_sha256": identity.weights_sha256,
        "model_backend": getattr(identity, "backend", "torch"),  # a stand-in embedder may not say
        "model_onnx_sha256": getattr(identity, "onnx_sha256", "") or None,
        "bank": _bank_provenance(prepared.bank),
        "config": {"source": config.source, "sha256": config.sha256},
        "as_of": as_of.isoformat(),
        "inputs": {
            "answers": {
                "file": Path(prepared.sheet.path).name,
                "sha256": prepared.sheet.sha256,
                "layout": prepared.sheet.mapping(),
            },
            "evidence": [{"file": doc.doc_id, "sha256": doc.sha256} for doc in prepared.evidence.documents],
            "evidence_problems": [{"file": p.doc_id, "code": p.code} for p in prepared.evidence.problems],
        },
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


def _bank_provenance(bank: QuestionBank) -> dict:
    """The bank file's identity; with suggested ISO ids, the model that suggested them and the ids."""
    described = {"name": bank.name, "version": bank.version, "sha256": bank.sha256}
    if bank.suggested:
        described["suggested_by"] = bank.suggested_by
        described["suggested_iso42001"] = {q.id: list(q.iso42001_suggested) for q in bank.suggested}
    return described
