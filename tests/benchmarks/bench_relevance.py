"""Relevance: does the topic filter keep both sides of a story and reject its neighbours?

    python tests/benchmarks/bench_relevance.py [--eval-dir PATH] [--extract-pages N]

Reads ../shared/eval/ beside the repository unless --eval-dir says otherwise:
- coverage-dev-tibet/ with its own topic (topic.toml, seeds/): the share of its articles
  filed on topic (target >= 0.98), and every miss with its outlet and the parts of its score;
- relevance-negatives/ with the same topic: the share filed on topic (target <= 0.02);
- wcxb-dev-articles/ pages through the project's extraction (flows.extract.extract_page)
  with the same topic: the share filed on topic (target <= 0.02);
- cost: milliseconds per article of the relevance score against extraction's.

The coverage and the negatives are scored as one stream in a fixed order (by a hash of
each id, mixing the two), as a run would meet them: an article filed on topic with a clear
margin becomes a stored example for the ones after it (flows.relevance.is_example), so the
figures include what stored articles add, and any drift they cause. Nothing is tuned to a
corpus: the topic is the corpus's own topic.toml, read as drumbeat reads [topic].
Without the data it says so and scores nothing.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from flows.discover import load_seeds  # noqa: E402
from flows.relevance import build_profile, is_example, score  # noqa: E402

DEFAULT_EVAL_DIR = REPO.parent / "shared" / "eval"
COVERAGE, NEGATIVES, WCXB = "coverage-dev-tibet", "relevance-negatives", "wcxb-dev-articles"


def load_topic(corpus: Path):
    topic = tomllib.loads((corpus / "topic.toml").read_text(encoding="utf-8"))["topic"]
    seeds = load_seeds(corpus / topic.get("seeds_dir", "seeds"))
    name = topic.get("name", "")
    profile = build_profile([s.text for s in seeds], topic.get("keywords", []),
                            topic.get("required_keywords", []),
                            description=topic.get("description") or name,
                            seed_titles=[s.title or None for s in seeds])
    return profile, float(topic.get("relevance_threshold", 0.25))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n")
            if line.strip()]


def parts(r) -> str:
    d = r.as_dict()
    text = (f"score {r.score:.3f} = story {d['story']:.3f} (seeds "
            f"{d['seeds']:.3f}, examples {d['examples']:.3f}), description "
            f"{d['description'] if d['description'] is None else round(d['description'], 3)}"
            f", keywords {d['keywords']:.3f} {d['matched']}")
    if d["penalty"]:
        text += f", penalty {d['penalty']:.3f}"
    if d["missing_required"]:
        text += f"; missing required {d['missing_required']}"
        if d["late_required"]:
            text += f" (named only after the opening: {d['late_required']})"
    return text


def stream(profile, threshold: float, articles: list[dict]) -> dict[str, tuple]:
    """Score articles in a fixed mixed order; confident on-topic ones become examples."""
    order = sorted(articles, key=lambda a: hashlib.sha1(a["id"].encode()).hexdigest())
    examples: list[tuple[str, str]] = []
    decided = {}
    for a in order:
        r = score(a["text"], profile, a.get("title"))
        on = r.on_topic(threshold)
        decided[a["id"]] = (on, r)
        if on and is_example(r.as_dict(), threshold):
            examples.append((a["id"], a["text"]))
            profile = profile.with_examples(examples)
    return decided


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    ap.add_argument("--extract-pages", type=int, default=100,
                    help="WCXB pages whose extraction is timed for the cost comparison")
    args = ap.parse_args()
    root = args.eval_dir
    if not (root / COVERAGE / "topic.toml").is_file():
        print(f"no evaluation data at {root / COVERAGE}: nothing scored")
        return 0
    profile, threshold = load_topic(root / COVERAGE)
    coverage = [a for a in read_jsonl(root / COVERAGE / "articles.jsonl") if a["text"].strip()]
    negatives = []
    if (root / NEGATIVES / "articles.jsonl").is_file():
        negatives = [a for a in read_jsonl(root / NEGATIVES / "articles.jsonl")
                     if (a.get("text") or "").strip()]
    decided = stream(profile, threshold, coverage + negatives)
    print(f"topic of {COVERAGE}, threshold {threshold}")
    kept = [a for a in coverage if decided[a["id"]][0]]
    print(f"coverage on topic: {len(kept)}/{len(coverage)} = {len(kept) / len(coverage):.3f} "
          "(target >= 0.98)")
    for a in coverage:
        on, r = decided[a["id"]]
        if not on:
            print(f"  MISS {a['id']} {a['outlet']}: {parts(r)}")
    if negatives:
        wrong = [a for a in negatives if decided[a["id"]][0]]
        print(f"negatives on topic: {len(wrong)}/{len(negatives)} = "
              f"{len(wrong) / len(negatives):.3f} (target <= 0.02)")
        for a in wrong:
            print(f"  FALSE {a['id']} {a['outlet']} ({a.get('neighbour')}): "
                  f"{parts(decided[a['id']][1])}")
    else:
        print(f"no {NEGATIVES}: negatives not scored")

    gold_path = root / WCXB / "gold.jsonl"
    if not gold_path.is_file():
        print(f"no {WCXB}: pages and cost not scored")
        return 0
    from flows.extract import extract_page
    gold = read_jsonl(gold_path)
    pages, extract_seconds, timed = [], 0.0, 0
    for g in gold:
        path = root / WCXB / "html" / f"{g['file_id']}.html.gz"
        if not path.is_file():
            continue
        body = gzip.decompress(path.read_bytes())
        started = time.perf_counter()
        page = extract_page(body, g["url"])
        if timed < args.extract_pages:
            extract_seconds += time.perf_counter() - started
            timed += 1
        if page.ok and page.text.strip():
            pages.append((g["file_id"], g["url"], page))
    started = time.perf_counter()
    results = [(fid, url, score(page.text, profile, page.title)) for fid, url, page in pages]
    score_seconds = time.perf_counter() - started
    wrong = [(fid, url, r) for fid, url, r in results if r.on_topic(threshold)]
    print(f"WCXB pages on topic: {len(wrong)}/{len(results)} = "
          f"{len(wrong) / max(1, len(results)):.3f} (target <= 0.02)")
    for fid, url, r in wrong:
        print(f"  FALSE {fid} {url}: {parts(r)}")
    per_score = score_seconds / max(1, len(results)) * 1000
    per_extract = extract_seconds / max(1, timed) * 1000
    print(f"cost: relevance {per_score:.2f} ms/article, extraction {per_extract:.1f} ms/page "
          f"({timed} pages timed): relevance is {per_score / per_extract:.1%} of extraction")
    return 0


if __name__ == "__main__":
    sys.exit(main())
