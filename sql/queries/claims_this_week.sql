-- This ISO week's flags about claims (recurring, new, resurfaced, changed figures), the
-- highest scores first. Pick another week with: --param week=2024-W03 (claims_week).
SELECT kind, score, summary, evidence
FROM flags
WHERE iso_week = strftime(now(), '%G-W%V')
  AND kind IN ('recurring-claim', 'new-claim', 'resurfaced-claim', 'number-drift')
ORDER BY kind, score DESC;
