"""The assessment register: every recorded assessment, the analysts' reviews and decisions, and their audit trail."""

from __future__ import annotations

import datetime
import getpass
from dataclasses import asdict, dataclass

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from assessor.register import decisions
from assessor.register.errors import RegisterError
from assessor.register.location import connect, writer
from assessor.register.migrate import upgrade
from assessor.register.models import Assessment, AuditEvent, Decision, QuestionResult, Review, Vendor, utc_now
from scoring.config import ScoringConfig, load_config
from scoring.vocabulary import FLAGS, RATINGS


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded assessment as the history lists it, with its current decision."""

    assessment_id: int
    vendor: str
    created_at: datetime.datetime
    as_of: datetime.date
    overall: float
    rating: str
    red_flags: int
    decision: str | None
    next_review: datetime.date | None
    risk_tier: str = ""  # the vendor's tier, which scales its review schedule

    def to_dict(self) -> dict:
        values = asdict(self)
        for key in ("created_at", "as_of", "next_review"):
            values[key] = values[key].isoformat() if values[key] else None
        return values


def default_analyst() -> str:
    """The operating-system user, who is the analyst unless one is named."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


class Register:
    """A register on one database; ``Register.open`` creates or upgrades the schema first."""

    def __init__(self, engine: Engine, config: ScoringConfig | None = None) -> None:
        self.engine = engine
        self.config = config or load_config()
        self._reads = sessionmaker(engine, expire_on_commit=False)
        self._writes = sessionmaker(writer(engine), expire_on_commit=False)

    @classmethod
    def open(cls, url: str | None = None, config: ScoringConfig | None = None) -> Register:
        """The register at ``url`` (default: ``$ASSESSOR_REGISTER``, else the SQLite file beside the caches)."""
        engine = connect(url)
        try:
            upgrade(engine)
        except SQLAlchemyError as exc:
            engine.dispose()
            where = engine.url.render_as_string(hide_password=True)
            problem = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise RegisterError(f"cannot open the register {where}: {problem}") from exc
        return cls(engine, config)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- recording ---------------------------------------------------------------------------------------------

    def record(self, assessment, report: dict | None = None, risk_tier: str | None = None) -> int:
        """Record a pipeline Assessment (its ``report_dict`` unless ``report`` is given); returns its id."""
        if report is None:
            from assessor.exports import report_dict

            report = report_dict(assessment)
        return self.record_report(report, risk_tier)

    def record_report(self, report: dict, risk_tier: str | None = None) -> int:
        """Record a JSON report with one row per question, all in one transaction; returns the assessment id."""
        if risk_tier is not None:
            decisions.check_tier(risk_tier, self.config)
        try:
            return self._record(report, risk_tier)
        except IntegrityError:  # another analyst added the same new vendor at the same moment: it exists now
            return self._record(report, risk_tier)

    def _record(self, report: dict, risk_tier: str | None) -> int:
        provenance = report["provenance"]
        inputs = provenance["inputs"]
        with self._writes.begin() as session:
            vendor = self._vendor(session, report["vendor"], create=True)
            vendor.risk_tier = risk_tier or vendor.risk_tier
            row = Assessment(
                vendor=vendor,
                as_of=datetime.date.fromisoformat(provenance["as_of"]),
                bank_name=provenance["bank"]["name"],
                bank_version=str(provenance["bank"]["version"]),
                bank_sha256=provenance["bank"]["sha256"],
                config_sha256=provenance["config"]["sha256"],
                model=provenance["model"],
                model_sha256=provenance["model_weights_sha256"] or "",
                input_hashes={
                    "answers": {key: inputs["answers"][key] for key in ("file", "sha256")},
                    "evidence": inputs["evidence"],
                },
                overall=report["overall_score"],
                rating=report["rating"],
                red_flags=report["red_flags"],
                report=report,
            )
            session.add(row)
            session.flush()  # the vendor and assessment rows are written before the questions'
            for position, question in enumerate(report["questions"]):
                session.add(
                    QuestionResult(
                        assessment_id=row.id,
                        position=position,
                        question_id=question["question_id"],
                        weight=question["weight"],
                        answer=question["answer"],
                        specificity_score=question["specificity"]["score"],
                        evidence_score=question["evidence"]["score"],
                        overall_score=question["overall_score"],
                        rating=question["rating"],
                        flags=question["flags"],
                        claim_checks=question["evidence"]["claim_checks"],
                    )
                )
            return row.id

    def _vendor(self, session: Session, name: str, create: bool = False) -> Vendor:
        vendor = session.scalars(select(Vendor).where(Vendor.name == name)).one_or_none()
        if vendor is None and create:
            vendor = Vendor(name=name, risk_tier=self.config["review_schedule"]["default_tier"])
            session.add(vendor)
        if vendor is None:
            raise RegisterError(f"no assessment of vendor '{name}' in the register")
        return vendor

    # -- reading -----------------------------------------------------------------------------------------------

    def vendors(self) -> list[str]:
        with self._reads() as session:
            return list(session.scalars(select(Vendor.name).order_by(Vendor.name)))

    def history(self, vendor: str | None = None) -> list[HistoryEntry]:
        """Recorded assessments, oldest first: every vendor's, or one vendor's."""
        with self._reads() as session:
            query = select(Assessment).join(Assessment.vendor).order_by(Assessment.created_at, Assessment.id)
            if vendor is not None:
                query = query.where(Assessment.vendor_id == self._vendor(session, vendor).id)
            return [self._entry(session, row) for row in session.scalars(query)]

    def latest(self, vendor: str) -> HistoryEntry | None:
        entries = self.history(vendor)
        return entries[-1] if entries else None

    def previous(self, vendor: str, before_id: int) -> HistoryEntry | None:
        """The vendor's assessment recorded just before assessment ``before_id``."""
        earlier = [entry for entry in self.history(vendor) if entry.assessment_id < before_id]
        return earlier[-1] if earlier else None

    def report(self, assessment_id: int) -> dict:
        with self._reads() as session:
            return self._assessment(session, assessment_id).report

    def vendor_of(self, assessment_id: int) -> str:
        with self._reads() as session:
            return self._assessment(session, assessment_id).vendor.name

    def _entry(self, session: Session, row: Assessment) -> HistoryEntry:
        current = self._decision(session, row.id)
        return HistoryEntry(
            assessment_id=row.id,
            vendor=row.vendor.name,
            created_at=row.created_at,
            as_of=row.as_of,
            overall=row.overall,
            rating=row.rating,
            red_flags=row.red_flags,
            decision=current.decision if current else None,
            next_review=current.next_review if current else None,
            risk_tier=row.vendor.risk_tier,
        )

    @staticmethod
    def _assessment(session: Session, assessment_id: int, lock: bool = False) -> Assessment:
        """The assessment row; ``lock`` makes concurrent changes to one assessment wait their turn (PostgreSQL)."""
        row = session.get(Assessment, assessment_id, with_for_update=lock)
        if row is None:
            raise RegisterError(f"no assessment {assessment_id} in the register")
        return row

    # -- reviews -----------------------------------------------------------------------------------------------

    def review(
        self,
        assessment_id: int,
        question_id: str,
        *,
        rating: str | None = None,
        add_flag: str | None = None,
        dismiss_flag: str | None = None,
        note: str | None = None,
        reason: str,
        analyst: str | None = None,
    ) -> dict:
        """Override a question's rating, add or dismiss a flag, or note something; one audit row per change.

        The machine's rating and flags stay as recorded; the review is laid over them (see ``overlay``).
        """
        reason = _required_reason(reason)
        if rating is None and add_flag is None and dismiss_flag is None and note is None:
            raise RegisterError("nothing to review: give a rating, a flag to add or dismiss, or a note")
        if rating is not None and rating not in RATINGS:
            raise RegisterError(f"unknown rating '{rating}'; use one of {', '.join(RATINGS)}")
        for code in (add_flag, dismiss_flag):
            if code is not None and code not in FLAGS:
                raise RegisterError(f"unknown flag '{code}'; use one of {', '.join(FLAGS)}")
        analyst = analyst or default_analyst()
        with self._writes.begin() as session:
            machine = self._question(session, assessment_id, question_id)
            review = session.scalars(
                select(Review).where(Review.assessment_id == assessment_id, Review.question_id == question_id)
            ).one_or_none()
            if review is None:
                review = Review(
                    assessment_id=assessment_id, question_id=question_id, added_flags=[], dismissed_flags=[]
                )
                session.add(review)
            flagged = _open_flags(machine, review)
            changes = []
            if rating is not None and rating != review.analyst_rating:
                changes.append(("analyst_rating", review.analyst_rating, rating))
                review.analyst_rating = rating
            if note is not None and note != review.analyst_note:
                changes.append(("analyst_note", review.analyst_note, note))
                review.analyst_note = note
            if add_flag is not None:
                if add_flag in flagged:
                    raise RegisterError(f"{question_id} already has the flag '{add_flag}'")
                if add_flag in review.dismissed_flags:
                    review.dismissed_flags = [code for code in review.dismissed_flags if code != add_flag]
                else:
                    review.added_flags = [*review.added_flags, add_flag]
                changes.append(("flag", None, add_flag))
            if dismiss_flag is not None:
                if dismiss_flag not in flagged:
                    raise RegisterError(f"{question_id} has no open flag '{dismiss_flag}'")
                if dismiss_flag in review.added_flags:
                    review.added_flags = [code for code in review.added_flags if code != dismiss_flag]
                else:
                    review.dismissed_flags = [*review.dismissed_flags, dismiss_flag]
                changes.append(("flag", dismiss_flag, None))
            now = utc_now()
            review.updated_at = now
            for field, old, new in changes:
                session.add(
                    AuditEvent(
                        assessment_id=assessment_id,
                        question_id=question_id,
                        analyst=analyst,
                        at=now,
                        field=field,
                        old_value=old,
                        new_value=new,
                        reason=reason,
                    )
                )
            return _overlay_entry(review)

    def overlay(self, assessment_id: int) -> dict[str, dict]:
        """The analysts' view laid over the machine's, for each reviewed question."""
        with self._reads() as session:
            self._assessment(session, assessment_id)
            reviews = session.scalars(select(Review).where(Review.assessment_id == assessment_id))
            return {review.question_id: _overlay_entry(review) for review in reviews}

    def audit(self, assessment_id: int) -> list[dict]:
        """Every change made to the assessment, oldest first: who, when, what (field, old, new) and why."""
        with self._reads() as session:
            self._assessment(session, assessment_id)
            events = session.scalars(
                select(AuditEvent).where(AuditEvent.assessment_id == assessment_id).order_by(AuditEvent.id)
            )
            return [
                {
                    "question_id": e.question_id,
                    "analyst": e.analyst,
                    "at": e.at,
                    "field": e.field,
                    "old": e.old_value,
                    "new": e.new_value,
                    "reason": e.reason,
                }
                for e in events
            ]

    def _question(self, session: Session, assessment_id: int, question_id: str) -> QuestionResult:
        self._assessment(session, assessment_id, lock=True)
        row = session.scalars(
            select(QuestionResult).where(
                QuestionResult.assessment_id == assessment_id, QuestionResult.question_id == question_id
            )
        ).one_or_none()
        if row is None:
            raise RegisterError(f"assessment {assessment_id} has no question '{question_id}'")
        return row

    # -- decisions ---------------------------------------------------------------------------------------------

    def suggest_decision(self, assessment_id: int) -> tuple[str, list[str], str]:
        """(decision, conditions, the rule that gave it), by the ``decisions`` rules of the config."""
        with self._reads() as session:
            row = self._assessment(session, assessment_id)
            reviews = {
                r.question_id: r for r in session.scalars(select(Review).where(Review.assessment_id == assessment_id))
            }
            states = [
                decisions.QuestionState(
                    question_id=q.question_id,
                    weight=q.weight,
                    open_flags=_open_flags(q, reviews.get(q.question_id)),
                    claim_checks=q.claim_checks,
                    claims_dismissed="unsupported_claim" in _dismissed(reviews.get(q.question_id)),
                )
                for q in row.questions
            ]
            suggestion = decisions.suggest(row.overall, states, self.config)
        return suggestion.decision, suggestion.conditions, suggestion.rule

    def decide(
        self,
        assessment_id: int,
        decision: str,
        conditions: list[str],
        reason: str,
        analyst: str | None = None,
        on: datetime.date | None = None,
    ) -> dict:
        """Record the analyst's decision, beside the suggested one, with the next review date; audited.

        The review interval counts from ``on`` (default: today, UTC).
        """
        decisions.check_decision(decision)
        reason = _required_reason(reason)
        suggested, _, _ = self.suggest_decision(assessment_id)
        analyst = analyst or default_analyst()
        now = utc_now()
        with self._writes.begin() as session:
            row = self._assessment(session, assessment_id, lock=True)
            before = self._decision(session, assessment_id)
            decided_on = on or now.date()
            record = Decision(
                assessment_id=assessment_id,
                decision=decision,
                conditions=list(conditions),
                reason=reason,
                analyst=analyst,
                decided_at=now,
                suggested=suggested,
                next_review=decisions.next_review(decision, row.vendor.risk_tier, decided_on, self.config),
            )
            session.add(record)
            session.add(
                AuditEvent(
                    assessment_id=assessment_id,
                    question_id=None,
                    analyst=analyst,
                    at=now,
                    field="decision",
                    old_value=before.decision if before else None,
                    new_value=decision,
                    reason=reason,
                )
            )
            session.flush()
            return _decision_dict(record)

    def decision(self, assessment_id: int) -> dict | None:
        """The assessment's current decision, or None."""
        with self._reads() as session:
            self._assessment(session, assessment_id)
            current = self._decision(session, assessment_id)
            return _decision_dict(current) if current else None

    def due(self, as_of: datetime.date) -> list[dict]:
        """Vendors whose latest decision's review date is on or before ``as_of``, most overdue first."""
        with self._reads() as session:
            latest = (
                select(Assessment.vendor_id, func.max(Decision.id).label("decision_id"))
                .join(Decision, Decision.assessment_id == Assessment.id)
                .group_by(Assessment.vendor_id)
                .subquery()
            )
            rows = session.execute(
                select(Vendor.name, Decision)
                .join(latest, latest.c.vendor_id == Vendor.id)
                .join(Decision, Decision.id == latest.c.decision_id)
                .where(Decision.next_review.is_not(None), Decision.next_review <= as_of)
                .order_by(Decision.next_review, Vendor.name)
            )
            return [
                {
                    "vendor": name,
                    "assessment_id": decision.assessment_id,
                    "decision": decision.decision,
                    "next_review": decision.next_review,
                    "days_overdue": (as_of - decision.next_review).days,
                }
                for name, decision in rows
            ]

    @staticmethod
    def _decision(session: Session, assessment_id: int) -> Decision | None:
        query = select(Decision).where(Decision.assessment_id == assessment_id).order_by(Decision.id.desc()).limit(1)
        return session.scalars(query).first()


def _required_reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise RegisterError("a reason is required")
    return reason.strip()


def _dismissed(review: Review | None) -> list[str]:
    return list(review.dismissed_flags) if review else []


def _open_flags(machine: QuestionResult, review: Review | None) -> dict[str, str]:
    """The question's flags after the review: the machine's not dismissed, then the analyst's added (code -> reason)."""
    dismissed = _dismissed(review)
    flags = {flag["code"]: flag.get("reason", "") for flag in machine.flags if flag["code"] not in dismissed}
    for code in review.added_flags if review else []:
        flags.setdefault(code, "")
    return flags


def _overlay_entry(review: Review) -> dict:
    return {
        "analyst_rating": review.analyst_rating,
        "analyst_note": review.analyst_note,
        "dismissed_flags": list(review.dismissed_flags),
        "added_flags": list(review.added_flags),
    }


def _decision_dict(record: Decision) -> dict:
    return {
        "decision": record.decision,
        "conditions": list(record.conditions),
        "reason": record.reason,
        "analyst": record.analyst,
        "at": record.decided_at,
        "suggested": record.suggested,
        "next_review": record.next_review,
    }
