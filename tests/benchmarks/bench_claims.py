"""Recurring claims, copies, quotes and speakers on a labelled corpus of real coverage.

    python tests/benchmarks/bench_claims.py [--eval-dir PATH] [--out RESULTS.json]
                                            [--misses] [--no-embeddings]

The corpus (by default ../shared/eval/coverage-dev-tibet beside the clone: articles.jsonl,
labels.json, topic.toml and seeds/) is stored as the ingest stage stores articles, each
scored for relevance against the corpus's own topic, then analysed by the real analyze
stage into a fresh DuckDB file. The views are exported in the shape of the corpus's
scorer (score_claims.py beside the corpus), whose figures are printed as it prints them.
Then, for every labelled claim mention, where it was lost: not a sentence (the anchor is
cut across sentences), not a claim candidate, or not joined to the other mentions of its
claim. Without the corpus it says so and scores nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import time
import tomllib
import unicodedata
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from flows.analyze import analyze_new_articles  # noqa: E402
from flows.config import Config  # noqa: E402
from flows.relevance import build_profile, score  # noqa: E402
from flows.store import connect, migrate  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "eval" / "coverage-dev-tibet"


def load_corpus(folder: Path) -> tuple[list[dict], dict, dict]:
    articles = [json.loads(line) for line in
                (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    topic = tomllib.loads((folder / "topic.toml").read_text(encoding="utf-8"))["topic"]
    return articles, labels, topic


def topic_profile(folder: Path, topic: dict):
    seeds_dir = folder / topic.get("seeds_dir", "seeds")
    seeds = tomllib.loads((seeds_dir / "seeds.toml").read_text(encoding="utf-8"))["seed"]
    texts = [(seeds_dir / s["file"]).read_text(encoding="utf-8") for s in seeds]
    return build_profile(texts, topic.get("keywords", []), topic.get("required_keywords", []))


def moment(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        day = datetime.fromisoformat(str(value)[:10])
    except ValueError:
        return None
    return day.replace(hour=8, tzinfo=UTC)


def store_corpus(con, articles: list[dict], profile, threshold: float) -> list[dict]:
    """Insert the articles as the ingest stage stores them; returns the off-topic ones."""
    now = datetime.now(UTC)
    rows, off = [], []
    for a in articles:
        text = a["text"]
        relevance = score(text, profile, a.get("title"))
        on_topic = relevance.on_topic(threshold)
        if not on_topic:
            off.append({"id": a["id"], "outlet": a.get("outlet"), "score": relevance.score,
                        **relevance.as_dict()})
        published = moment(a.get("published"))
        article_id = hashlib.sha256(a["url"].encode()).hexdigest()[:16]
        text_hash = hashlib.sha256(" ".join(text.lower().split()).encode()).hexdigest()
        rows.append([article_id, a["url"], a["url"], 1, a["url"], a["url"],
                     a.get("domain") or a.get("outlet"), a.get("outlet"), a.get("title") or None,
                     published.date().isoformat() if published else None, published, text,
                     text_hash, len(text.split()), relevance.score, on_topic, "corpus",
                     "corpus", 1, now, now])
    con.executemany(
        "INSERT INTO articles (article_id, canonical_key, canonical_url, normalizer_version, "
        "url_key, final_url, outlet, site_name, title, published, published_at, text, "
        "text_hash, word_count, relevance_score, on_topic, source_id, extractor, "
        "first_run_id, stored_at, extracted_at) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING", rows)
    return off


def export_results(con) -> dict:
    """The views, in the scorer's shape."""
    clusters: dict[int, list[dict]] = defaultdict(list)
    for cluster_id, url, text in con.execute(
            "SELECT cluster_id, canonical_url, text FROM claim_mentions ORDER BY cluster_id"
            ).fetchall():
        clusters[cluster_id].append({"url": url, "text": text})
    claim_clusters = [m for m in clusters.values() if len({x["url"] for x in m}) > 1]
    groups: dict[str, list[str]] = defaultdict(list)
    for group_id, url in con.execute(
            "SELECT group_id, canonical_url FROM syndication").fetchall():
        groups[group_id].append(url)
    quotes = [{"url": url, "speaker": speaker or written or "", "text": text}
              for url, speaker, written, text in con.execute(
                  "SELECT canonical_url, speaker, speaker_as_written, text FROM quotes"
                  ).fetchall()]
    speakers: dict[str, dict] = {}
    for key, name, url in con.execute(
            "SELECT s.speaker_key, s.name, q.canonical_url FROM speakers s "
            "JOIN quotes q USING (speaker_key)").fetchall():
        speakers.setdefault(key, {"name": name, "urls": set()})["urls"].add(url)
    return {"claim_clusters": claim_clusters,
            "syndication": [sorted(set(g)) for g in groups.values() if len(set(g)) > 1],
            "quotes": quotes,
            "speakers": [{"name": s["name"], "urls": sorted(s["urls"])}
                         for s in speakers.values()]}


def speakers_in_quote_articles(scorer: Path, corpus: Path, results: dict,
                               articles: list[dict], labels: dict) -> str:
    """The scorer's recurring-speakers line with each found speaker's articles narrowed to
    the quote-labelled ones: recurring speakers are labelled only there, so a speaker
    recurring among unlabelled copies (rightly found) is not counted wrong."""
    labelled = {a["url"] for a in articles if a["id"] in set(labels["quote_articles"])}
    narrowed = {"speakers": [{"name": s["name"], "urls": [u for u in s["urls"] if u in labelled]}
                             for s in results["speakers"]]}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(narrowed, f)
    shown = subprocess.run([sys.executable, str(scorer), f.name, str(corpus)],
                           capture_output=True, text=True, check=False).stdout
    Path(f.name).unlink()
    return next((line for line in shown.splitlines()
                 if line.startswith("recurring speakers")), "not scored")


def norm(text: str) -> str:
    """As the scorer reads text: NFKC, lower case, quotes and apostrophes dropped."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return " ".join(_QUOTES_AND_APOSTROPHES.sub("", text).split())


_QUOTES_AND_APOSTROPHES = re.compile("[\u2018\u2019\u201c\u201d\u201e\u00ab\u00bb\"'`]")


def where_lost(con, articles: list[dict], labels: dict) -> tuple[Counter, Counter, list]:
    """Per kind, labelled mentions by the stage that lost them: 'no sentence' (the
    anchor is in no single stored sentence), 'not a claim' (no claim mention holds it),
    'alone' (a claim, but in a cluster with no other labelled mention of its claim),
    'joined'. Also the lost mentions themselves."""
    id_of = {hashlib.sha256(a["url"].encode()).hexdigest()[:16]: a["id"] for a in articles}
    sentences = defaultdict(list)
    for article_id, text in con.execute("SELECT article_id, text FROM sentences").fetchall():
        sentences[id_of.get(article_id)].append(norm(text))
    claims = defaultdict(list)
    for article_id, text, cluster_id in con.execute(
            "SELECT article_id, text, cluster_id FROM claims").fetchall():
        claims[id_of.get(article_id)].append((norm(text), cluster_id))
    on_topic = {id_of.get(a): t for a, t in con.execute(
        "SELECT article_id, on_topic FROM articles").fetchall()}
    stages: Counter = Counter()
    kinds: Counter = Counter()
    lost = []
    for group in labels["claims"]:
        kind = group.get("kind", "?")
        found = {}
        for m in group["mentions"]:
            anchor = norm(m["anchor"])
            hits = [c for t, c in claims[m["article"]] if anchor in t]
            found[(m["article"], anchor)] = set(hits)
        for m in group["mentions"]:
            anchor = norm(m["anchor"])
            mine = found[(m["article"], anchor)]
            if not on_topic.get(m["article"], False):
                stage = "off topic"
            elif not any(anchor in s for s in sentences[m["article"]]):
                stage = "no sentence"
            elif not mine:
                stage = "not a claim"
            elif any(mine & other for key, other in found.items()
                     if key[0] != m["article"]):
                stage = "joined"
            else:
                stage = "alone"
            stages[(kind, stage)] += 1
            kinds[kind] += 1
            if stage != "joined":
                lost.append((group["id"], kind, stage, m["article"], m["anchor"]))
    return stages, kinds, lost


# Weight of a training pair by what the labels say of it: two labelled mentions are
# judged fully; a labelled mention and an unlabelled sentence of an article labelled with
# that claim may be a second statement of it, so such a positive counts less; two
# unlabelled sentences are mostly different claims, but unjudged.
PAIR_WEIGHTS = {"labelled": 1.0, "same article claim": 0.3, "unlabelled": 0.05}
SIGNALS = ("cosine", "rare_overlap", "rare_containment", "shared_figure", "figures_differ")


def fit_verification(con, articles: list[dict], labels: dict) -> None:
    """Refit the verification weights (flows/recurrence/verify.py) by weighted logistic
    regression over every cross-article pair of claim variants, and print them."""
    import math

    import numpy as np

    from flows.recurrence.semantic import load_encoder
    from flows.recurrence.verify import figure_values, pair_signals
    from flows.store.claim_index import words_of

    id_of = {hashlib.sha256(a["url"].encode()).hexdigest()[:16]: a["id"] for a in articles}
    rows = con.execute(
        "SELECT c.article_id, c.text, v.words, v.names, v.figure_key "
        "FROM claims c JOIN claim_variants v USING (norm_hash)").fetchall()
    counts = dict(con.execute("SELECT word, variants FROM claim_word_counts").fetchall())
    total = con.execute("SELECT count(*) FROM claim_variants").fetchone()[0]
    idf = {w: math.log((total + 1) / (n + 0.5)) for w, n in counts.items()}
    unseen = math.log((total + 1) / 0.5)
    gold, claims_in = [], defaultdict(set)
    for row in rows:
        article, text = id_of[row[0]], norm(row[1])
        found = None
        for group in labels["claims"]:
            for m in group["mentions"]:
                if m["article"] == article and norm(m["anchor"]) in text:
                    found = group["id"]
                    claims_in[article].add(group["id"])
        gold.append(found)
    vectors = load_encoder()([r[1] for r in rows])  # the analysis embeds only what it needs
    cosines = vectors @ vectors.T
    features, targets, weights = [], [], []
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            a, b = id_of[rows[i][0]], id_of[rows[j][0]]
            if a == b:
                continue
            found = pair_signals(float(cosines[i, j]), words_of(rows[i][2]),
                                 words_of(rows[j][2]), figure_values(rows[i][4]),
                                 figure_values(rows[j][4]), frozenset(rows[i][3]),
                                 frozenset(rows[j][3]), idf, unseen)
            if found.names_conflict:
                continue
            if gold[i] and gold[j]:
                target, weight = float(gold[i] == gold[j]), PAIR_WEIGHTS["labelled"]
            elif gold[i] or gold[j]:
                claim, other = (gold[i], b) if gold[i] else (gold[j], a)
                target = float(claim in claims_in[other])
                weight = PAIR_WEIGHTS["same article claim"] if target else 1.0
            else:
                target, weight = 0.0, PAIR_WEIGHTS["unlabelled"]
            features.append([float(getattr(found, k)) for k in SIGNALS])
            targets.append(target)
            weights.append(weight)
    x = np.hstack([np.array(features), np.ones((len(features), 1))])
    y, w = np.array(targets), np.array(weights)
    theta = np.zeros(x.shape[1])
    for _ in range(3000):  # gradient descent; the loss is convex, 3,000 steps converge
        p = 1.0 / (1.0 + np.exp(-x @ theta))
        theta -= 2.0 * x.T @ ((p - y) * w) / w.sum()
    print(f"verification weights from {len(y):,} pairs ({int(y.sum())} same claim):")
    for name, value in zip((*SIGNALS, "bias"), theta, strict=True):
        print(f"  {name}: {value:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_CORPUS,
                        help="a labelled corpus folder (articles.jsonl, labels.json, topic.toml)")
    parser.add_argument("--out", type=Path, help="also write the exported results here")
    parser.add_argument("--misses", action="store_true", help="list every lost mention")
    parser.add_argument("--no-embeddings", action="store_true",
                        help="analyse without the semantic tier (for comparison)")
    parser.add_argument("--fit", action="store_true",
                        help="refit the verification weights on this corpus and print them")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a [recurrence] setting for this run (claim_link_score=0.6)")
    args = parser.parse_args()
    corpus = args.eval_dir
    if not (corpus / "labels.json").exists():
        print(f"bench_claims: no labelled corpus at {corpus}; pass --eval-dir PATH "
              "(articles.jsonl, labels.json, topic.toml, seeds/). Nothing scored.")
        return
    articles, labels, topic = load_corpus(corpus)
    profile = topic_profile(corpus, topic)
    threshold = float(topic.get("relevance_threshold", 0.25))
    with tempfile.TemporaryDirectory() as folder:
        cfg = Config()
        cfg.storage.database = str(Path(folder) / "drumbeat.duckdb")
        if args.no_embeddings:
            cfg.recurrence.embeddings = False
        for item in args.set:
            key, _, value = item.partition("=")
            current = getattr(cfg.recurrence, key)
            setattr(cfg.recurrence, key, type(current)(value))
        migrate(cfg.database_path)
        with connect(cfg.database_path) as con:
            off = store_corpus(con, articles, profile, threshold)
        started = time.perf_counter()
        counts = analyze_new_articles(cfg, run_id=1)
        seconds = time.perf_counter() - started
        with connect(cfg.database_path, read_only=True) as con:
            results = export_results(con)
            stages, kinds, lost = where_lost(con, articles, labels)
            if args.fit:
                fit_verification(con, articles, labels)
    print(f"corpus: {corpus.name}: {len(articles)} articles, {len(articles) - len(off)} on topic "
          f"(threshold {threshold}); analysed {counts['articles']} in {seconds:.1f} s, "
          f"{counts['claims']} claim mentions")
    for item in off:
        print(f"  off topic: {item['id']} {item['outlet']} score {item['score']:.3f} "
              f"similarity {item['similarity']:.3f} keywords {item['keywords']:.3f} "
              f"missing {item['missing_required']}")
    out = args.out or Path(tempfile.mkstemp(suffix=".json")[1])
    out.write_text(json.dumps(results), encoding="utf-8")
    scorer = corpus.parent / "score_claims.py"
    if scorer.exists():
        subprocess.run([sys.executable, str(scorer), str(out), str(corpus)], check=False)
        if labels.get("quote_articles"):
            print("  within quote-labelled articles: " + speakers_in_quote_articles(
                scorer, corpus, results, articles, labels))
    else:
        print(f"bench_claims: no scorer at {scorer}; results in {out}")
    order = ["joined", "alone", "not a claim", "no sentence", "off topic"]
    print("labelled mentions by where they were lost (per kind):")
    for kind in sorted(kinds):
        parts = " ".join(f"{stage}={stages[(kind, stage)]}" for stage in order
                         if stages[(kind, stage)])
        print(f"  {kind}: {kinds[kind]} mentions: {parts}")
    total = sum(kinds.values())
    candidates = sum(v for (_, stage), v in stages.items() if stage in ("joined", "alone"))
    analysed = total - sum(v for (_, stage), v in stages.items() if stage == "off topic")
    print(f"claim candidates among labelled mentions: {candidates}/{total} "
          f"= {candidates / total:.3f}; of those in on-topic articles {candidates}/{analysed} "
          f"= {candidates / max(1, analysed):.3f} (target 0.95)")
    if args.misses:
        for group_id, kind, stage, article, anchor in lost:
            print(f"  {stage:12} {kind:13} {group_id:5} {article:5} {anchor}")


if __name__ == "__main__":
    main()
