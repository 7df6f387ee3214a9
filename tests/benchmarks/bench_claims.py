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
import subprocess
import sys
import tempfile
import time
import tomllib
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
    return " ".join(text.lower().split())


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_CORPUS,
                        help="a labelled corpus folder (articles.jsonl, labels.json, topic.toml)")
    parser.add_argument("--out", type=Path, help="also write the exported results here")
    parser.add_argument("--misses", action="store_true", help="list every lost mention")
    parser.add_argument("--no-embeddings", action="store_true",
                        help="analyse without the semantic tier (for comparison)")
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
