-- On-topic articles published in the current ISO week (or stored in it when undated),
-- newest first.
SELECT coalesce(published_at, stored_at) AS published_or_stored, outlet, title, authors, canonical_url,
       round(relevance_score, 3) AS relevance
FROM articles
WHERE on_topic
  AND strftime(coalesce(published_at, stored_at), '%G-W%V') = strftime(now(), '%G-W%V')
ORDER BY published_or_stored DESC;
