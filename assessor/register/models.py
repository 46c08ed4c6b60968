"""The register's tables, as SQLAlchemy ORM classes; the migrations in ``migrations/`` create them."""

from __future__ import annotations

import datetime

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, String, Text, TypeDecorator, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware datetime stored as UTC; SQLite, which keeps no zone, hands it back as UTC too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the register stores timezone-aware datetimes only")
        return value.astimezone(datetime.UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=datetime.UTC) if value.tzinfo is None else value.astimezone(datetime.UTC)


class Base(DeclarativeBase):
    pass


class Vendor(Base):
    __tablename__ = "vendors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    risk_tier: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utc_now)

    assessments: Mapped[list[Assessment]] = relationship(back_populates="vendor", order_by="Assessment.id")


class Assessment(Base):
    """One scoring run of one vendor, with what it was scored with and the full JSON report."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utc_now)
    as_of: Mapped[datetime.date] = mapped_column(Date)
    bank_name: Mapped[str] = mapped_column(String(300))
    bank_version: Mapped[str] = mapped_column(String(100))
    bank_sha256: Mapped[str] = mapped_column(String(64))
    config_sha256: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(300))
    model_sha256: Mapped[str] = mapped_column(String(64))
    input_hashes: Mapped[dict] = mapped_column(JSON)  # {"answers": {file, sha256}, "evidence": [{file, sha256}]}
    overall: Mapped[float] = mapped_column(Float)
    rating: Mapped[str] = mapped_column(String(40))
    red_flags: Mapped[int] = mapped_column(Integer)
    report: Mapped[dict] = mapped_column(JSON)

    vendor: Mapped[Vendor] = relationship(back_populates="assessments")
    questions: Mapped[list[QuestionResult]] = relationship(
        back_populates="assessment", order_by="QuestionResult.position", cascade="all, delete-orphan"
    )


class QuestionResult(Base):
    """One bank question's machine result, copied out of the report so queries need not parse it."""

    __tablename__ = "question_results"
    __table_args__ = (UniqueConstraint("assessment_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # the question's place in the bank
    question_id: Mapped[str] = mapped_column(String(100))
    weight: Mapped[float] = mapped_column(Float)
    answer: Mapped[str] = mapped_column(Text)
    specificity_score: Mapped[float] = mapped_column(Float)
    evidence_score: Mapped[float] = mapped_column(Float)
    overall_score: Mapped[float] = mapped_column(Float)
    rating: Mapped[str] = mapped_column(String(40))
    flags: Mapped[list] = mapped_column(JSON)  # [{"code", "label", "reason"}]
    claim_checks: Mapped[list] = mapped_column(JSON)  # ClaimCheck.to_dict() of each claim

    assessment: Mapped[Assessment] = relationship(back_populates="questions")


class Review(Base):
    """An analyst's current view of one question; the machine's rating stays in question_results."""

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("assessment_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(100))
    analyst_rating: Mapped[str | None] = mapped_column(String(40))
    analyst_note: Mapped[str | None] = mapped_column(Text)
    added_flags: Mapped[list] = mapped_column(JSON, default=list)
    dismissed_flags: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utc_now)


class AuditEvent(Base):
    """One change an analyst made: who, when, which field from what to what, and why."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str | None] = mapped_column(String(100))  # None for a decision
    analyst: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utc_now)
    field: Mapped[str] = mapped_column(String(100))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)


class Decision(Base):
    """The analyst's decision on an assessment; a later row supersedes an earlier one."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(40))
    conditions: Mapped[list] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    analyst: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utc_now)
    suggested: Mapped[str] = mapped_column(String(40))
    next_review: Mapped[datetime.date | None] = mapped_column(Date)
