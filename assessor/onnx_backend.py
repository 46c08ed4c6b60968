"""The ``onnx-int8`` encoding backend: the bundled (or named) model exported to ONNX and quantized to int8.

The export happens on this machine, from the model's own weights, the first time the backend is used: the
transformer, mean pooling and normalisation are traced into one ONNX graph (torch's exporter), whose weights
onnxruntime then quantizes dynamically (the matrix products' weights to int8, their inputs per run). The result
is cached under ``<cache>/onnx/<weights hash>-<settings hash>/`` and reused; it is written to a temporary folder and
renamed into place only when complete, and a folder whose manifest or model file does not check out is rebuilt.
Nothing is downloaded. sentence-transformers' own ONNX path needs ``optimum-onnx``, which the pinned
transformers release cannot be installed with, so tokenizing and batching are done here.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import uuid
import warnings
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from assessor import cache_health
from assessor.errors import InputError
from assessor.settings import cache_dir

TORCH = "torch"
ONNX_INT8 = "onnx-int8"
BACKENDS = (TORCH, ONNX_INT8)
BACKEND_ENV = "ASSESSOR_BACKEND"
# The default, chosen by measurement (benchmarks/backend_agreement.py against the thresholds in scoring/defaults.yaml
# ``backend_choice``): onnx-int8 encodes about 2.5x faster, but int8 moves similarity scores by 0.01-0.02 (median),
# more than the gap between neighbouring candidates in most rankings, so its top-3 clauses match fp32's on 0.6-0.7
# of the texts and its top-5 citations on 0.4 of the answers, far under the 0.99 asked: torch stays the default.
DEFAULT_BACKEND = TORCH

FOLDER = "onnx"  # under the cache folder; one subfolder per export
MODEL_FILE = "model_qint8.onnx"
MANIFEST_FILE = "export.json"
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
# Everything that shapes the exported file besides the weights: part of the cache folder's name.
EXPORT_SETTINGS = {
    "format": 1,
    "opset": 17,
    "pooling": "mean",
    "normalize": True,
    "weights": "qint8",
    "per_channel": True,
    "reduce_range": False,
    # Only the matrix products: the token-embedding look-up (Gather) stays fp32. Measured against quantizing
    # every op onnxruntime can: as fast, and closer to fp32 (top-3 clauses identical 0.69 against 0.62).
    "quantized_ops": ["MatMul"],
}


def resolve_backend(backend: str | None = None) -> str:
    """The backend asked for, else ``$ASSESSOR_BACKEND``, else the measured default; an unknown name is an error."""
    chosen = backend or os.environ.get(BACKEND_ENV) or DEFAULT_BACKEND
    if chosen not in BACKENDS:
        raise InputError(chosen, f"unknown encoding backend; choose one of {', '.join(BACKENDS)}")
    return chosen


def settings_digest() -> str:
    return hashlib.sha256(json.dumps(EXPORT_SETTINGS, sort_keys=True).encode()).hexdigest()[:12]


def export_folder(weights_sha256: str) -> Path:
    """Where the export of these weights with today's settings lives."""
    return cache_dir() / FOLDER / f"{weights_sha256[:16]}-{settings_digest()}"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ensure_export(model_path: str | Path, weights_sha256: str) -> tuple[Path, str]:
    """The quantized ONNX file for these weights and its SHA-256: reused when complete, else exported now."""
    folder = export_folder(weights_sha256)
    found = _checked(folder, weights_sha256)
    if found:
        return found
    staging = folder.parent / f".{folder.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.partial"
    staging.mkdir(parents=True)
    try:
        digest = _export(Path(model_path), staging, weights_sha256)
        if folder.exists():
            found = _checked(folder, weights_sha256)
            if found:  # another process finished first: use its export
                return found
            shutil.rmtree(folder, ignore_errors=True)  # broken or partial: replaced
        try:
            os.replace(staging, folder)
        except OSError:  # another process renamed its export into place in between
            found = _checked(folder, weights_sha256)
            if not found:
                raise
            return found
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return folder / MODEL_FILE, digest


def _checked(folder: Path, weights_sha256: str) -> tuple[Path, str] | None:
    """The folder's model file and digest when its manifest names these weights and the file's hash."""
    model, manifest = folder / MODEL_FILE, folder / MANIFEST_FILE
    if not (model.is_file() and manifest.is_file()):
        return None
    try:
        described = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(described, dict) or described.get("weights_sha256") != weights_sha256:
        return None
    digest = file_sha256(model)
    if described.get("onnx_sha256") != digest:
        return None
    cache_health.mark_used(model)  # so ``cache prune`` does not take an export in use for an old one
    return model, digest


def _pooling_config(model_path: Path) -> int:
    """The model's maximum sequence length; refuses models this backend cannot reproduce (not mean-pooled)."""
    modules = json.loads((model_path / "modules.json").read_text(encoding="utf-8"))
    kinds = [str(module.get("type", "")).rsplit(".", 1)[-1] for module in modules]
    pooling = next((m for m in modules if str(m.get("type", "")).endswith("Pooling")), None)
    config = json.loads((model_path / pooling["path"] / "config.json").read_text(encoding="utf-8")) if pooling else {}
    others = [key for key, on in config.items() if key.startswith("pooling_mode_") and on and "mean_tokens" not in key]
    if kinds[:3] != ["Transformer", "Pooling", "Normalize"] or not config.get("pooling_mode_mean_tokens") or others:
        raise InputError(model_path, f"the {ONNX_INT8} backend needs a mean-pooled, normalised model; use torch")
    settings_file = model_path / "sentence_bert_config.json"
    settings = json.loads(settings_file.read_text(encoding="utf-8")) if settings_file.is_file() else {}
    return int(settings.get("max_seq_length") or 512)


def _export(model_path: Path, staging: Path, weights_sha256: str) -> str:
    """Trace the model with pooling into ONNX, quantize it, write the manifest last; returns the file's hash."""
    import onnxruntime
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel, AutoTokenizer

    max_length = _pooling_config(model_path)
    tokenizer = AutoTokenizer.from_pretrained(str(model_path), local_files_only=True)
    transformer = AutoModel.from_pretrained(str(model_path), local_files_only=True, attn_implementation="eager").eval()

    class Pooled(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids=None):
            hidden = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    sample = tokenizer(["an example", "a second, longer example sentence"], padding=True, return_tensors="pt")
    full = staging / "model_fp32.onnx"
    names = [name for name in INPUT_NAMES if name in sample]  # some tokenizers give no token_type_ids
    axes = {name: {0: "batch", 1: "sequence"} for name in names}
    with torch.no_grad(), _quiet():
        torch.onnx.export(
            Pooled(transformer),
            tuple(sample[name] for name in names),
            str(full),
            input_names=names,
            output_names=["sentence_embedding"],
            dynamic_axes={**axes, "sentence_embedding": {0: "batch"}},
            opset_version=EXPORT_SETTINGS["opset"],
            dynamo=False,
        )
    model = staging / MODEL_FILE
    with _quiet():
        quantize_dynamic(
            str(full),
            str(model),
            weight_type=QuantType.QInt8,
            per_channel=EXPORT_SETTINGS["per_channel"],
            reduce_range=EXPORT_SETTINGS["reduce_range"],
            op_types_to_quantize=EXPORT_SETTINGS["quantized_ops"],
        )
    full.unlink()
    digest = file_sha256(model)
    manifest = {
        "weights_sha256": weights_sha256,
        "onnx_sha256": digest,
        "settings": EXPORT_SETTINGS,
        "max_seq_length": max_length,
        "torch": torch.__version__,
        "onnxruntime": onnxruntime.__version__,
    }
    (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return digest


@contextlib.contextmanager
def _quiet():
    """The exporter's and quantizer's advice (tracer warnings, 'run pre-processing') is for their developers."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.setLevel(level)


class OnnxEncoder:
    """Runs the quantized graph with onnxruntime; ``encode`` mirrors the part of SentenceTransformer's we use."""

    def __init__(self, model_path: str | Path, onnx_file: str | Path) -> None:
        import onnxruntime
        from transformers import AutoTokenizer

        self.max_length = _pooling_config(Path(model_path))
        self.tokenizer = AutoTokenizer.from_pretrained(str(model_path), local_files_only=True)
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        # One text per run means a new input shape each time; the arena would keep every size it met
        # (measured: 954 MB after 1,500 passages against 361 MB without it, and no slower).
        options.enable_cpu_mem_arena = False
        # A short text keeps two threads of one run mostly waiting: one thread a run, and one run a core at once
        # (measured on 2 cores: 225 passages/s against 159, the same vectors).
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        self._inputs = {item.name for item in self.session.get_inputs()}
        self._dimension = int(self.session.get_outputs()[0].shape[-1])
        self._runs = max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)

    def get_embedding_dimension(self) -> int:
        return self._dimension

    def encode(self, texts: Sequence[str], **_ignored):
        """Unit-length float32 rows in input order; ``batch_size`` and the like are ignored: each text runs alone.

        Dynamic quantization scales activations by the whole batch, so a text batched with others gets a
        slightly different vector (cosine down to about 0.987) than alone; one text per run keeps each
        vector a function of its text only, whatever was encoded with it or cached before. Texts are
        tokenized here, then run on as many threads as there are cores (onnxruntime lets go of the GIL).
        """
        import numpy as np

        tokens = self.tokenizer(list(texts), truncation=True, max_length=self.max_length)
        names = [name for name in INPUT_NAMES if name in self._inputs]

        def run(number: int) -> np.ndarray:
            feed = {name: np.asarray([tokens[name][number]], dtype=np.int64) for name in names if name in tokens}
            if "token_type_ids" in names and "token_type_ids" not in feed:  # some tokenizers give none
                feed["token_type_ids"] = np.zeros_like(feed["input_ids"])
            return self.session.run(None, feed)[0][0]

        rows = np.zeros((len(texts), self._dimension), dtype=np.float32)
        with ThreadPoolExecutor(min(self._runs, max(1, len(texts)))) as pool:
            for number, row in enumerate(pool.map(run, range(len(texts)))):
                rows[number] = row
        return rows
