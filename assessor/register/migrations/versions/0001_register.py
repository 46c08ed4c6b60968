"""The register: vendors, assessments, question results, reviews, audit events and decisions.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "vendors",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(300), nullable=False, unique=True),
        sa.Column("risk_tier", sa.String(40), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("vendor_id", sa.Integer, sa.ForeignKey("vendors.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("bank_name", sa.String(300), nullable=False),
        sa.Column("bank_version", sa.String(100), nullable=False),
        sa.Column("bank_sha256", sa.String(64), nullable=False),
        sa.Column("config_sha256", sa.String(64), nullable=False),
        sa.Column("model", sa.String(300), nullable=False),
        sa.Column("model_sha256", sa.String(64), nullable=False),
        sa.Column("input_hashes", sa.JSON, nullable=False),
        sa.Column("overall", sa.Float, nullable=False),
        sa.Column("rating", sa.String(40), nullable=False),
        sa.Column("red_flags", sa.Integer, nullable=False),
        sa.Column("report", sa.JSON, nullable=False),
    )
    op.create_index("ix_assessments_vendor_id", "assessments", ["vendor_id"])
    op.create_table(
        "question_results",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("weight", sa.Float, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("specificity_score", sa.Float, nullable=False),
        sa.Column("evidence_score", sa.Float, nullable=False),
        sa.Column("overall_score", sa.Float, nullable=False),
        sa.Column("rating", sa.String(40), nullable=False),
        sa.Column("flags", sa.JSON, nullable=False),
        sa.Column("claim_checks", sa.JSON, nullable=False),
        sa.UniqueConstraint("assessment_id", "question_id"),
    )
    op.create_index("ix_question_results_assessment_id", "question_results", ["assessment_id"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("analyst_rating", sa.String(40), nullable=True),
        sa.Column("analyst_note", sa.Text, nullable=True),
        sa.Column("added_flags", sa.JSON, nullable=False),
        sa.Column("dismissed_flags", sa.JSON, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.UniqueConstraint("assessment_id", "question_id"),
    )
    op.create_index("ix_reviews_assessment_id", "reviews", ["assessment_id"])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=True),
        sa.Column("analyst", sa.String(200), nullable=False),
        sa.Column("at", UTC_DATETIME, nullable=False),
        sa.Column("field", sa.String(100), nullable=False),
        sa.Column("old_value", sa.Text, nullable=True),
        sa.Column("new_value", sa.Text, nullable=True),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_events_assessment_id", "audit_events", ["assessment_id"])
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("decision", sa.String(40), nullable=False),
        sa.Column("conditions", sa.JSON, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("analyst", sa.String(200), nullable=False),
        sa.Column("decided_at", UTC_DATETIME, nullable=False),
        sa.Column("suggested", sa.String(40), nullable=False),
        sa.Column("next_review", sa.Date, nullable=True),
    )
    op.create_index("ix_decisions_assessment_id", "decisions", ["assessment_id"])


def downgrade() -> None:
    for table in ("decisions", "audit_events", "reviews", "question_results", "assessments", "vendors"):
        op.drop_table(table)
