import pytest

from assessor.claims import extract_claims


def kinds_and_values(text):
    return [(c.kind, c.value) for c in extract_claims(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We notify customers within 24 hours.", [("duration", 24.0)]),
        ("Logs are deleted after thirty days", [("duration", 720)]),
        ("a 2-hour window", [("duration", 2.0)]),
        ("within 3 business days", [("duration", 72.0)]),
        ("accuracy below 92% or 92.5 percent", [("percentage", 92.0), ("percentage", 92.5)]),
        ("certified to ISO/IEC 42001 and ISO 27001", [("standard", "ISO 42001"), ("standard", "ISO 27001")]),
        ("SOC 2 Type II and GDPR", [("standard", "SOC 2"), ("standard", "GDPR")]),
        (
            "See NW-POL-001 and certificate AIMS-2025-0113",
            [("identifier", "nw pol 001"), ("identifier", "aims 2025 0113")],
        ),
        ("issued on 2025-06-01", [("date", "2025-06-01")]),
    ],
)
def test_claims_are_extracted_with_comparable_values(text, expected):
    assert kinds_and_values(text) == expected


def test_roles_drop_leading_articles_and_keep_offsets():
    text = "Our Chief AI Risk Officer and the Data Protection Officer report to the CISO."
    roles = [c for c in extract_claims(text) if c.kind == "role"]
    assert [c.text for c in roles] == ["Chief AI Risk Officer", "Data Protection Officer", "CISO"]
    assert all(text[c.start : c.end] == c.text for c in roles)


def test_vague_text_has_no_claims():
    assert extract_claims("We take AI safety very seriously and act as appropriate.") == []
