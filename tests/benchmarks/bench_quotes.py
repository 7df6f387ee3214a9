"""Quote extraction quality and speed on the Gender Gap Tracker's annotated articles.

    python tests/benchmarks/bench_quotes.py [--eval-dir PATH] [--show-misses N]

Reads articles.jsonl (id, text, quotes with speaker, reference, verb, quote and
"(start,end)" offsets) from ../shared/eval/ggt-quotes-dev beside the repository unless
--eval-dir says otherwise, and prints what the Tracker reports for itself: precision,
recall and F1 over quotes at span overlaps of 0.3 and 0.8 of the gold span, speaker
accuracy over matched quotes, and milliseconds per article.

Scoring follows the Tracker's evaluation: gold quotes in order each take the remaining
prediction that covers the largest share of the gold span, if that share reaches the
threshold. A speaker is right when it names the same person as the gold reference: the
same full name, or the same surname. The gold offsets drift from the text by up to a few
hundred characters, so each gold quote is placed where its text occurs nearest to them.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from flows.analysis import analyze_article, extract_quotes, speaker_key  # noqa: E402

DEFAULT_EVAL_DIR = REPO.parent / "shared" / "eval" / "ggt-quotes-dev"
THRESHOLDS = (0.3, 0.8)


def parse_offsets(value: str) -> tuple[int, int] | None:
    numbers = re.findall(r"\d+", value or "")
    return (int(numbers[0]), int(numbers[1])) if len(numbers) == 2 else None


def anchor_gold(text: str, quote: dict) -> tuple[int, int] | None:
    """Where the gold quote's text occurs, nearest to its given offsets."""
    wanted = quote["quote"]
    if not wanted.strip():
        return None
    hint = parse_offsets(quote.get("quote_index", ""))
    hint_start = hint[0] if hint else 0
    found = [m.start() for m in re.finditer(re.escape(wanted), text)]
    if found:
        start = min(found, key=lambda s: abs(s - hint_start))
        return start, start + len(wanted)
    stripped = wanted.strip()
    pattern = r"\s+".join(re.escape(part) for part in stripped.split())
    match = min(re.finditer(pattern, text), key=lambda m: abs(m.start() - hint_start),
                default=None)
    return (match.start(), match.end()) if match else None


def same_speaker(predicted: str | None, reference: str) -> bool:
    if not predicted or not reference:
        return False
    p, g = speaker_key(predicted), speaker_key(reference)
    if not p or not g:
        return False
    if p == g:
        return True
    p_words, g_words = p.split(), g.split()
    if p_words[-1] == g_words[-1]:
        return True
    return set(p_words) <= set(g_words) or set(g_words) <= set(p_words)


def same_speaker_strict(predicted: str | None, reference: str) -> bool:
    """Only the same full name, or one side being exactly the other's surname (first or
    last word, so "Zhang" for "Zhang Ke" and "Hemming" for "Brian Hemming")."""
    if not predicted or not reference:
        return False
    p, g = speaker_key(predicted), speaker_key(reference)
    if not p or not g:
        return False
    if p == g:
        return True
    shorter, longer = sorted((p.split(), g.split()), key=len)
    return len(shorter) == 1 and shorter[0] in (longer[0], longer[-1])


def coverage(gold: tuple[int, int], predicted: tuple[int, int]) -> float:
    overlap = min(gold[1], predicted[1]) - max(gold[0], predicted[0])
    return max(0, overlap) / (gold[1] - gold[0])


def match(golds, predictions, threshold):
    """[(gold, prediction or None)] and the predictions left over."""
    remaining = list(predictions)
    pairs = []
    for gold in golds:
        best, best_score = None, 0.0
        for prediction in remaining:
            score = coverage(gold["span"], (prediction.start, prediction.end))
            if score >= threshold and score > best_score:
                best, best_score = prediction, score
        if best is not None:
            remaining.remove(best)
        pairs.append((gold, best))
    return pairs, remaining


def load(eval_dir: Path):
    articles = []
    with open(eval_dir / "articles.jsonl", encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            golds = []
            for quote in article["quotes"]:
                span = anchor_gold(article["text"], quote)
                if span is not None:
                    golds.append({**quote, "span": span})
            article["golds"] = golds
            articles.append(article)
    return articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--show-misses", type=int, default=0,
                        help="print up to N missed, spurious and misattributed quotes")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs per article")
    args = parser.parse_args(argv)
    if not (args.eval_dir / "articles.jsonl").exists():
        print(f"No evaluation data at {args.eval_dir} (articles.jsonl): nothing to measure.")
        return 0
    articles = load(args.eval_dir)
    gold_total = sum(len(a["quotes"]) for a in articles)
    anchored = sum(len(a["golds"]) for a in articles)

    timings, full_timings, words = [], [], []
    predictions = {}
    for article in articles:
        best = best_full = float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            quotes = extract_quotes(article["text"])
            best = min(best, time.perf_counter() - started)
            started = time.perf_counter()
            analyze_article(article["text"])
            best_full = min(best_full, time.perf_counter() - started)
        timings.append(best * 1000)
        full_timings.append(best_full * 1000)
        words.append(len(article["text"].split()))
        predictions[article["id"]] = quotes

    print(f"{len(articles)} articles, {gold_total} gold quotes ({anchored} placed in the text)")
    for threshold in THRESHOLDS:
        tp = fp = fn = right = strict = 0
        for article in articles:
            pairs, left = match(article["golds"], predictions[article["id"]], threshold)
            tp += sum(1 for _, p in pairs if p is not None)
            fn += sum(1 for _, p in pairs if p is None)
            fp += len(left)
            right += sum(1 for g, p in pairs if p is not None and same_speaker(p.speaker,
                                                                                 g["reference"]))
            strict += sum(1 for g, p in pairs if p is not None and same_speaker_strict(
                p.speaker, g["reference"]))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"overlap {threshold}: P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  "
              f"speaker accuracy {right / tp if tp else 0:.3f} (strict {strict / tp if tp else 0:.3f})"
              f"  (tp {tp}, fp {fp}, fn {fn})")
    for label, values in (("quotes", timings), ("whole analysis", full_timings)):
        per_600 = [t / w * 600 for t, w in zip(values, words, strict=True)]
        print(f"{label}, ms per article (best of {args.repeat}): mean "
              f"{statistics.mean(values):.2f}, p95 {sorted(values)[int(0.95 * len(values)) - 1]:.2f}, "
              f"max {max(values):.2f}; per 600 words {statistics.mean(per_600):.2f} "
              f"(mean article {statistics.mean(words):.0f} words)")
    if args.show_misses:
        show_misses(articles, predictions, args.show_misses)
    return 0


def show_misses(articles, predictions, limit):
    missed, spurious, wrong_speaker = [], [], []
    for article in articles:
        text = article["text"]
        pairs, left = match(article["golds"], predictions[article["id"]], 0.3)
        for gold, prediction in pairs:
            start, end = gold["span"]
            context = text[max(0, start - 80) : start] + "[[" + text[start:end] + "]]" + text[
                end : end + 80]
            if prediction is None:
                missed.append(f"{gold['verb'] or '-'} | {gold['reference']} | {context}")
            elif not same_speaker(prediction.speaker, gold["reference"]):
                wrong_speaker.append(
                    f"gold {gold['reference']!r} ({gold['speaker']!r}) got "
                    f"{prediction.speaker!r} from {prediction.speaker_as_written!r} | "
                    f"{text[max(0, prediction.start - 100):prediction.start][-100:]}[[...")
        for prediction in left:
            spurious.append(
                f"{prediction.kind} {prediction.verb} {prediction.speaker_as_written!r} | "
                f"{text[max(0, prediction.start - 60):prediction.start]}[["
                f"{prediction.text}]]")
    for title, rows in (("MISSED", missed), ("SPURIOUS", spurious),
                        ("WRONG SPEAKER", wrong_speaker)):
        print(f"\n== {title}: {len(rows)}")
        for row in rows[:limit]:
            print(" -", row.replace("\n", " / "))


if __name__ == "__main__":
    raise SystemExit(main())
