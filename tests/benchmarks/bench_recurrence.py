"""Cross-article analysis speed and scale, as ratios measured in this run.

    python tests/benchmarks/bench_recurrence.py [--eval-dir PATH] [--pages N]
                                                [--history N] [--quick]

1. per article: the whole analyze stage (per-article analysis, clustering against the
   stored history, syndication, writes, flags) on pages extracted in this run, against
   the extraction of the same pages (trafilatura with metadata, one process).
   Target: at most 0.5x.
2. scaling: clustering 10x more claim sentences (from claim candidate to stored cluster:
   normalization, MinHash, LSH candidates from DuckDB, the cascade, writes, relations),
   each size three times; the medians are compared. Target: at most 12x the time.
3. memory: a history of a million claim sentences clustered in batches; the peak
   resident memory of the process. Target: under 4 GB.
4. incremental: 100 new articles analysed against that history (100,000 articles with
   ten claim sentences each, their fingerprints and bands), against re-clustering the
   whole history. Target: seconds, not a re-clustering.

The extraction baseline uses ../shared/eval/wcxb-dev-articles when present (or
--eval-dir); without it, pages are built from the labelled corpus. Synthetic claim
sentences are drawn from a topical vocabulary with Zipf frequencies, so that like real
coverage they share common words; a third of them restate an earlier one (verbatim,
edited, or with changed figures). --quick divides the history by ten.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from flows.analysis import analyze_article  # noqa: E402
from flows.analysis.claims import claim_template  # noqa: E402
from flows.analysis.figures import find_figures  # noqa: E402
from flows.analysis.records import ArticleAnalysis, ClaimCandidate  # noqa: E402
from flows.analyze import (  # noqa: E402
    analysis_version,
    analyze_new_articles,
    collector_paused,
    limit_memory,
    small_pages,
    store_claims,
    store_copies,
)
from flows.config import Config  # noqa: E402
from flows.recurrence.claims import build_mentions  # noqa: E402
from flows.recurrence.semantic import load_encoder  # noqa: E402
from flows.recurrence.syndication import article_print, sign_prints  # noqa: E402
from flows.recurrence.text import TokenHasher  # noqa: E402
from flows.store import connect, migrate, transaction  # noqa: E402
from flows.store.claim_index import ClaimIndex  # noqa: E402
from flows.store.db import BatchWriter  # noqa: E402
from tests.fixtures.recurrence.corpus import CorpusArticle, load_articles, store_articles  # noqa: E402,I001

DEFAULT_EVAL = REPO.parent / "shared" / "eval" / "wcxb-dev-articles"
START = datetime(2019, 1, 7, tzinfo=UTC)
# Claim sentences per transaction when building a history: about 500 articles' worth.
CHUNK = 5_000


# -- synthetic claim sentences ---------------------------------------------------------

class ClaimWriter:
    """Topical claim sentences: corpus words with Zipf frequencies, a place, a figure."""

    def __init__(self, seed: int = 11) -> None:
        self.rng = random.Random(seed)
        words: dict[str, int] = {}
        for article in load_articles():
            for word in article.text.lower().split():
                word = word.strip(".,;:!?\"'()[]“”’")
                if word.isalpha():
                    words[word] = words.get(word, 0) + 1
        common = sorted(words, key=words.get, reverse=True)
        # the corpus's words first, then invented ones: a vocabulary of 20,000
        self.vocabulary = common + [f"w{i}x" for i in range(20_000 - len(common))]
        self.weights = [1.0 / (rank + 1) for rank in range(len(self.vocabulary))]
        self.places = [f"Place{i}" for i in range(3_000)]
        self.written: list[str] = []

    def _fresh(self) -> str:
        words = self.rng.choices(self.vocabulary, self.weights, k=self.rng.randint(12, 22))
        figure = f"{self.rng.randint(2, 900)},{self.rng.randint(100, 999)} people"
        words.insert(self.rng.randint(0, len(words)), figure)
        words.insert(self.rng.randint(0, len(words)), f"in {self.rng.choice(self.places)}")
        return " ".join(words).capitalize() + "."

    def sentence(self) -> str:
        roll = self.rng.random()
        if self.written and roll < 0.2:
            text = self.rng.choice(self.written)  # a copy
        elif self.written and roll < 0.3:
            words = self.rng.choice(self.written).split()  # an edit
            for _ in range(2):
                words[self.rng.randrange(len(words))] = self.rng.choice(self.vocabulary[:2000])
            text = " ".join(words)
        elif self.written and roll < 0.35:
            text = self.rng.choice(self.written)  # new figures
            text = text.replace(text.split(" people")[0].split()[-1],
                                f"{self.rng.randint(2, 900)},{self.rng.randint(100, 999)}", 1)
        else:
            text = self._fresh()
        self.written.append(text)
        if len(self.written) > 50_000:
            del self.written[: 10_000]
        return text


def claim_of(text: str, index: int) -> ClaimCandidate:
    figures = find_figures(text)
    return ClaimCandidate(index, 0, len(text), text, 0.5, {"count": 1}, tuple(figures),
                          claim_template(text, figures))


def cluster_sentences(db: Path, cfg: Config, sentences: int, writer: ClaimWriter,
                      first_article: int = 0, chunk: int = CHUNK) -> float:
    """Seconds to cluster `sentences` synthetic claim sentences into the database, from
    claim candidates to stored clusters (writing the sentences is not timed), in batches
    sharing one claim index and one BatchWriter, as a run's batches do; the writer's
    last close (a checkpoint) is timed too."""
    hasher = TokenHasher()
    index = ClaimIndex()
    encoder = load_encoder() if cfg.recurrence.embeddings else None  # the semantic step
    seconds = 0.0
    done = 0

    def store(con, mentions: list) -> None:
        limit_memory(con, cfg.recurrence)
        store_claims(con, 1, mentions, cfg.recurrence, encoder, index)

    batches = BatchWriter(db)
    while done < sentences:
        articles = min(chunk, sentences - done) // 10
        claims = [[claim_of(writer.sentence(), i) for i in range(10)] for _ in range(articles)]
        started = time.perf_counter()
        with collector_paused(), small_pages():  # as a run's batch (flows/analyze.py)
            mentions = []
            for offset, found in enumerate(claims):
                n = first_article + done // 10 + offset
                text = " ".join(c.text for c in found)
                mentions += build_mentions(f"h{n:015d}", START + timedelta(hours=n), text,
                                           ArticleAnalysis("synthetic", (), tuple(found), ()),
                                           hasher)
            batches.write(lambda con, mentions=mentions: store(con, mentions))
        seconds += time.perf_counter() - started
        done += articles * 10
    started = time.perf_counter()
    batches.close()
    return seconds + time.perf_counter() - started


def fresh_db(folder: Path, name: str) -> tuple[Path, Config]:
    cfg = Config()
    cfg.storage.database = str(folder / name)
    migrate(cfg.database_path)
    return cfg.database_path, cfg


# -- 1. per article ----------------------------------------------------------------------

def pages(eval_dir: Path, limit: int) -> list[tuple[str, bytes]]:
    if (eval_dir / "html").is_dir():
        gold = [json.loads(line) for line in (eval_dir / "gold.jsonl").open(encoding="utf-8")]
        files = sorted((eval_dir / "html").glob("*.html.gz"))[:limit]
        return [(g.get("url") or f"https://example.org/{p.stem}", gzip.decompress(p.read_bytes()))
                for g, p in zip(gold, files, strict=False)]
    out = []
    for a in load_articles():
        paragraphs = "".join(f"<p>{p}</p>" for p in a.text.split("\n") if p.strip())
        out.append((a.url, f"<html><head><title>{a.title}</title></head><body><article>"
                           f"{paragraphs}</article></body></html>".encode()))
    return (out * (limit // len(out) + 1))[:limit]


def per_article(folder: Path, eval_dir: Path, count: int) -> None:
    from flows.extract import extract_page

    found = pages(eval_dir, count)
    started = time.perf_counter()
    extracted = [(url, extract_page(body, url)) for url, body in found]
    extraction = (time.perf_counter() - started) / len(found)
    articles = [CorpusArticle(f"p{i}", page.text, f"{url}#{i}", f"outlet{i % 40}.example",
                              START + timedelta(days=i % 300), page.title or "")
                for i, (url, page) in enumerate(extracted) if page.ok and page.text.strip()]
    db, cfg = fresh_db(folder, "per_article.duckdb")
    cfg.extract.workers = 1  # one process, like the extraction it is compared with
    with connect(db) as con:
        store_articles(con, articles)
    started = time.perf_counter()
    counts = analyze_new_articles(cfg, run_id=1)
    analysis = (time.perf_counter() - started) / len(articles)
    started = time.perf_counter()
    for article in articles:  # the per-article part alone, for the split
        analyze_article(article.text)
    per_article_part = (time.perf_counter() - started) / len(articles)
    print(f"1. per article: extraction {extraction * 1000:.1f} ms/page ({len(found)} pages), "
          f"analyze stage {analysis * 1000:.1f} ms/article ({len(articles)} articles, "
          f"{counts['claims']} claim mentions, {counts['quotes']} quotes) "
          f"-> ratio {analysis / extraction:.2f} (target <= 0.5); of it sentences, claims "
          f"and quotes {per_article_part * 1000:.1f} ms ({per_article_part / extraction:.2f}), "
          f"clustering, syndication, writes and flags "
          f"{(analysis - per_article_part) * 1000:.1f} ms "
          f"({(analysis - per_article_part) / extraction:.2f})", flush=True)


# -- 2. scaling ----------------------------------------------------------------------------

# Each size is clustered this many times, alternating, and the medians compared: one
# run of the small size takes about a second, and on a shared two-core machine single
# runs of the same code varied by 5% either way.
SCALING_REPEATS = 3


def scaling(folder: Path, small: int) -> None:
    times: dict[int, list[float]] = {small: [], small * 10: []}
    for attempt in range(SCALING_REPEATS):
        for size in times:
            db, cfg = fresh_db(folder, f"scaling-{size}-{attempt}.duckdb")
            times[size].append(cluster_sentences(db, cfg, size, ClaimWriter(1)))
            db.unlink()
    t_small, t_large = (statistics.median(found) for found in times.values())
    spread = " / ".join(f"{large / small_time:.1f}"
                        for small_time, large in zip(*times.values(), strict=True))
    print(f"2. scaling: {small:,} claim sentences {t_small:.2f} s, {small * 10:,} "
          f"{t_large:.1f} s (medians of {SCALING_REPEATS}) -> ratio {t_large / t_small:.1f}x "
          f"for 10x (target <= 12); the runs paired in order: {spread}", flush=True)


# -- 3 and 4. history, memory, incremental --------------------------------------------------

def build_history(folder: Path, articles: int) -> tuple[Path, Config, float]:
    db, cfg = fresh_db(folder, "history.duckdb")
    with connect(db) as con:  # the history's articles, as the ingest stage stores them
        con.execute(
            "INSERT INTO articles (article_id, canonical_key, canonical_url, normalizer_version,"
            " url_key, outlet, published_at, text, text_hash, word_count, relevance_score,"
            " on_topic, source_id, extractor, first_run_id, stored_at, extracted_at) "
            "SELECT printf('h%015d', i), printf('k%d', i), printf('https://o%d.example/%d', i % 400, i),"
            " 1, printf('k%d', i), printf('o%d.example', i % 400),"
            " ?::TIMESTAMPTZ + to_hours(i), 'synthetic', md5(i::VARCHAR), 300, 1.0, true,"
            " 'bench', 'bench', 1, now(), now() FROM range(?) t(i)", [START, articles])
        con.execute(
            "INSERT INTO article_analysis (article_id, analyzer_version, run_id, analyzed_at,"
            " dated_at, sentences, claims, quotes) "
            "SELECT article_id, ?, 1, now(), published_at, 30, 10, 3 FROM articles",
            [analysis_version()])
    started = time.perf_counter()
    # a backfill in batches of 2,500 articles: the same path as a run, fewer band scans;
    # the first tenth timed on its own, for the ratio at this scale
    writer = ClaimWriter(3)
    tenth = cluster_sentences(db, cfg, articles, writer, chunk=5 * CHUNK)
    clustering = tenth + cluster_sentences(db, cfg, articles * 9, writer,
                                           first_article=articles // 10, chunk=5 * CHUNK)
    print(f"2b. scaling at scale: {articles:,} claim sentences {tenth:.0f} s, "
          f"{articles * 10:,} {clustering:.0f} s -> ratio {clustering / tenth:.1f}x for 10x "
          f"(target <= 12)", flush=True)
    hasher = TokenHasher()
    rng = random.Random(4)
    vocabulary = writer.vocabulary
    for first in range(0, articles, CHUNK):  # fingerprints of the history's articles
        prints, shingles = [], []
        for n in range(first, min(first + CHUNK, articles)):
            text = " ".join(rng.choices(vocabulary, writer.weights, k=400))
            item, found = article_print(f"h{n:015d}", text, f"t{n}", f"o{n % 400}.example",
                                        START + timedelta(hours=n), None, hasher)
            prints.append(item)
            shingles.append(found)
        sign_prints(prints, shingles)
        with transaction(db) as con:
            limit_memory(con, cfg.recurrence)
            store_copies(con, 1, prints, cfg.recurrence)
    return db, cfg, time.perf_counter() - started


def incremental(db: Path, cfg: Config, history_seconds: float, history: int) -> None:
    corpus = load_articles()
    late = START + timedelta(hours=history + 24)
    new = [CorpusArticle(f"n{i}", a.text, f"{a.url}?copy={i}", a.outlet,
                         late + timedelta(hours=i), a.title, a.story)
           for i, a in enumerate(corpus * 4)][:100]
    with connect(db) as con:
        store_articles(con, new)
    started = time.perf_counter()
    counts = analyze_new_articles(cfg, run_id=2)
    seconds = time.perf_counter() - started
    with connect(db) as con:
        stored = con.execute("SELECT count(*) FROM claims").fetchone()[0]
    print(f"4. incremental: {counts['articles']} new articles against {history:,} stored "
          f"({stored:,} claim mentions): {seconds:.1f} s, flags included; building that "
          f"history took {history_seconds:.0f} s -> {seconds / history_seconds:.3f} of a "
          f"re-clustering (target: seconds)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    # 500 pages: one analysis batch, as a run analyses them (recurrence.batch_articles)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--history", type=int, default=100_000, help="articles")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    history = args.history // 10 if args.quick else args.history
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        per_article(folder, args.eval_dir, args.pages)
        scaling(folder, 1_000 if args.quick else 10_000)
        db, cfg, seconds = build_history(folder, history)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"3. memory: {history * 10:,} claim sentences and {history:,} article "
              f"fingerprints clustered in {seconds:.0f} s; peak resident memory "
              f"{peak:,.0f} MB (target < 4,096 MB)", flush=True)
        incremental(db, cfg, seconds, history)


if __name__ == "__main__":
    main()
