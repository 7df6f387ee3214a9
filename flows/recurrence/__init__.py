"""Across articles, over time: recurring claims, number drift, syndication, and the weekly
flags built on them. Pure functions over records; flows/analyze.py wires them to storage
(flows/store/analysis.py)."""

# Bump when a change alters how mentions are clustered or articles grouped; stored
# analyses of another version are redone article by article (`drumbeat reanalyze`
# rebuilds everything at once, which is the cleaner way after such a change).
RECURRENCE_VERSION = "recurrence 1"
