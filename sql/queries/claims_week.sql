-- One ISO week's flags, every kind, with evidence. Example: --param week=2020-W15
SELECT kind, subject_id, score, summary, evidence
FROM flags
WHERE iso_week = $week
ORDER BY kind, score DESC;
