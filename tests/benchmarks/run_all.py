"""`make bench`: every benchmark in turn, each printing its own ratios."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ["bench_ingest.py", "bench_quality.py", "bench_quotes.py", "bench_claims.py",
           "bench_recurrence.py", "bench_relevance.py",
           "bench_digest.py"]

if __name__ == "__main__":
    failed = []
    for name in BENCHES:
        if not (HERE / name).exists():
            continue
        print(f"== {name}", flush=True)
        if subprocess.run([sys.executable, str(HERE / name)]).returncode:
            failed.append(name)
    sys.exit(1 if failed else 0)
