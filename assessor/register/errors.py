"""The register's one error type: a message for the analyst, shown on one line."""


class RegisterError(ValueError):
    """A register request that cannot be met: unknown vendor, question, rating or flag code, a missing reason."""
