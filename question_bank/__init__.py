"""ISO/IEC 42001 catalog and buyer question banks."""

from question_bank.bank import CRITERIA, EVIDENCE_TYPES, MissingIsoIds, Question, QuestionBank, load_bank
from question_bank.catalog import Catalog, CatalogNode, load_catalog

__all__ = [
    "CRITERIA",
    "EVIDENCE_TYPES",
    "Catalog",
    "CatalogNode",
    "MissingIsoIds",
    "Question",
    "QuestionBank",
    "load_bank",
    "load_catalog",
]
