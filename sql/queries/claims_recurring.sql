-- Claims stated in more than one article, the most widely repeated first: how many
-- articles, outlets and weeks, when first and last seen, and how the restatements relate
-- to the first (verbatim copies, edits, changed figures, paraphrases).
SELECT cluster_id, articles, outlets, weeks, first_seen::DATE AS first_seen,
       last_seen::DATE AS last_seen, first_outlet, verbatim, edited, figure_changed,
       paraphrase, representative
FROM claim_clusters
WHERE articles > 1
ORDER BY articles DESC, outlets DESC, first_seen
LIMIT 200;  -- the head of the list; the view claim_clusters has them all
