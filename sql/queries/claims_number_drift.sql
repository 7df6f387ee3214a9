-- Claims whose figures changed over time: each series with its values and dates, and
-- whether the figures changed from the mention before.
SELECT cluster_id, published_at::DATE AS published, outlet, figures, "values",
       figures_changed, sentence
FROM number_drift
ORDER BY cluster_id, published_at, mention_id;
