"""Sentence embeddings for claim candidates: WordLlama's static embeddings (l2_supercat,
256 dimensions), whose weights and tokenizer ship inside the `wordllama` wheel.

Chosen by measurement on a labelled corpus of real coverage (see docs/claims.md): its
nearest neighbours find a restatement as often as all-MiniLM-L6-v2 and multilingual E5
small do (recall at 5 neighbours 0.55 against 0.56 and 0.58), at about 11,000 sentences a
second on two cores against 100-220 and 19, with 33 MB installed and no torch. Cosine
alone does not decide a restatement with any of them: it is one of the signals that
flows.recurrence.verify weighs.

The model is loaded once per process, from the package folder only: never downloaded.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache

import numpy as np

MODEL_NAME = "wordllama-0.4.0/l2_supercat-256"
DIMENSIONS = 256
Encoder = Callable[[list[str]], np.ndarray]


class EmbeddingsUnavailable(RuntimeError):
    """The semantic tier is on but its model cannot be loaded."""


@lru_cache(maxsize=1)
def load_encoder() -> Encoder:
    """The encoder: texts -> unit-length float32 rows of DIMENSIONS."""
    # The hub client is never needed: the weights are in the package. Said explicitly so
    # that no code path of the library looks for them online.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        from pathlib import Path  # noqa: PLC0415

        import wordllama  # noqa: PLC0415 (heavy import, only when analysing)
        from wordllama import WordLlama  # noqa: PLC0415

        model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent,
                               disable_download=True)
    except ImportError as exc:
        raise EmbeddingsUnavailable(
            f"the semantic tier needs the wordllama package ({exc.name or exc}): "
            "reinstall drumbeat (make install), or set recurrence.embeddings = false") from None
    except (OSError, ValueError) as exc:
        raise EmbeddingsUnavailable(
            f"the wordllama model could not be loaded from its package: {exc}".splitlines()[0]
            ) from None

    def encode(texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        vectors = np.asarray(model.embed(texts, norm=True), dtype=np.float32)
        return unit_rows(vectors)

    return encode


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)
