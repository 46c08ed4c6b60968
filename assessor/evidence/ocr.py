"""Read PDF pages that have no text layer: render them with pypdfium2, recognise the text with RapidOCR.

Runs inside the PDF worker processes (see ``workers``), under their time and memory limits. The
recognition models ship inside the ``rapidocr_onnxruntime`` wheel and are loaded from its own folder;
nothing is downloaded. The engine is loaded lazily, once per worker, on the first page that needs it,
so text PDFs never pay for it.
"""

from __future__ import annotations

import contextlib
import resource
from typing import Any

# 200 dpi reads a scanned A4 page's ordinary print reliably; 150 dpi already confuses "IEC" with "1EC".
RENDER_DPI = 200
# Bounds the rendered bitmap of a page with an absurd media box (a hostile PDF): about 3000 x 4200 pixels at most.
MAX_RENDER_SIDE_PX = 4200

# Address space the OCR runtime needs beyond a PDF worker's limit (``IngestLimits.memory_mb``). Measured here:
# onnxruntime and OpenCV map about 750 MB of libraries, thread arenas and model weights on loading (resident:
# about 250 MB), and reading a 200 dpi A4 page takes the process to about 1.1 GB more than a fresh worker's
# footprint, so the default 1024 MB limit alone fails with std::bad_alloc. The workers set their hard limit
# this much above the soft one, and the soft limit is raised to it only when OCR starts.
OCR_ALLOWANCE_MB = 1024

_engine: Any = None


def available() -> bool:
    """Whether the OCR packages are installed (they are in requirements.txt; a trimmed install may lack them)."""
    try:
        import pypdfium2  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def engine() -> Any:
    """The worker's RapidOCR engine, loaded on first use from the models inside the installed package."""
    global _engine
    if _engine is None:
        _widen_memory_limit()
        from rapidocr_onnxruntime import RapidOCR

        # One thread per session: the worker's CPU-time cap counts every thread, and the pool already
        # reads several PDFs at once.
        _engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
    return _engine


def read_pages(data: bytes, numbers: list[int]) -> dict[int, str]:
    """The OCR text of the given 1-based pages of the PDF in ``data`` (raw, one line per text line).

    A page where nothing is recognised maps to ``""``.
    """
    import numpy as np
    import pypdfium2 as pdfium

    texts: dict[int, str] = {}
    document = pdfium.PdfDocument(data)
    try:
        for number in numbers:
            page = document[number - 1]
            try:
                width, height = page.get_size()
                scale = min(RENDER_DPI / 72, MAX_RENDER_SIDE_PX / max(width, height, 1.0))
                bitmap = page.render(scale=scale, grayscale=False)
                try:
                    image = np.ascontiguousarray(bitmap.to_numpy()[:, :, :3])
                finally:
                    bitmap.close()
            finally:
                page.close()
            # A uniform bitmap (a blank page) has nothing to read: skip it without loading the engine.
            texts[number] = "" if image.min() == image.max() else _recognise(image)
    finally:
        document.close()
    return texts


def _recognise(image: Any) -> str:
    result, _ = engine()(image)
    return "\n".join(str(item[1]) for item in result or () if str(item[1]).strip())


def _widen_memory_limit() -> None:
    """Raise the soft address-space limit to the hard one the worker left room for (``OCR_ALLOWANCE_MB``)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft != hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
