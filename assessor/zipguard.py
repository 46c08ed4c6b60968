"""Check a zip container (XLSX, DOCX) before a parser inflates it, so a zip bomb is refused, not unpacked."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

MAX_MEMBERS = 10_000
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
# Office XML compresses well, but not a thousandfold; members below MIN_RATIO_BYTES are never bombs.
MAX_RATIO = 200
MIN_RATIO_BYTES = 1024 * 1024


def zip_problem(
    data: bytes,
    max_unpacked: int = MAX_UNPACKED_BYTES,
    max_ratio: int = MAX_RATIO,
    max_members: int = MAX_MEMBERS,
    max_part: Mapping[str, int] | None = None,
) -> str:
    """Why this zip must not be opened ("" when it looks safe), from its directory alone: not a zip,
    too many members, too many bytes once unpacked, a member that inflates suspiciously far, or a
    named member (``max_part``: name -> bytes, such as a workbook's shared strings) larger than its limit."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        return f"not a readable zip container ({exc.__class__.__name__})"
    if len(members) > max_members:
        return f"holds {len(members):,} parts, more than the limit of {max_members:,}"
    total = sum(member.file_size for member in members)
    if total > max_unpacked:
        return f"would unpack to {total / 1e6:,.0f} MB, more than the limit of {max_unpacked / 1e6:,.0f} MB"
    for member in members:
        limit = (max_part or {}).get(member.filename)
        if limit is not None and member.file_size > limit:
            return (
                f"part '{member.filename}' would unpack to {member.file_size / 1e6:,.0f} MB, "
                f"more than the limit of {limit / 1e6:,.0f} MB"
            )
        if member.file_size >= MIN_RATIO_BYTES and member.file_size > max_ratio * max(member.compress_size, 1):
            ratio = member.file_size / max(member.compress_size, 1)
            return f"part '{member.filename}' inflates {ratio:,.0f} times (limit {max_ratio}); it looks like a zip bomb"
    return ""
