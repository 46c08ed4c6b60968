"""How ``score`` and ``batch`` record each assessment they make in the register."""

from __future__ import annotations

from assessor.errors import InputError
from assessor.register.errors import RegisterError


class Recorder:
    """Records assessments in the register at ``url``, opened on first use with the assessment's config."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url
        self._register = None

    def record(self, assessment, risk_tier: str | None = None) -> int:
        """Record one assessment; any storage problem becomes a RegisterError."""
        from sqlalchemy.exc import SQLAlchemyError

        from assessor.register.store import Register

        if self._register is None:
            self._register = Register.open(self.url, assessment.config)
        try:
            return self._register.record(assessment, risk_tier=risk_tier)
        except SQLAlchemyError as exc:
            problem = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise RegisterError(f"not recorded in the register: {problem}") from exc

    def record_vendor(self, assessment, vendor) -> None:
        """Record a batch vendor's assessment with its vendor.yaml ``risk_tier``; a problem fails that vendor."""
        from assessor.batch import vendor_risk_tier

        try:
            self.record(assessment, vendor_risk_tier(vendor.folder))
        except RegisterError as exc:
            raise InputError(vendor.folder, str(exc)) from exc

    @property
    def where(self) -> str:
        """The register's URL, without a password."""
        from sqlalchemy.engine import make_url

        from assessor.register.location import register_url

        return make_url(register_url(self.url)).render_as_string(hide_password=True)

    def close(self) -> None:
        if self._register is not None:
            self._register.close()
