-- Views over the ingest tables; recreated on every `drumbeat init`.

-- Why is a URL (not) in my database? One row per discovered URL.
CREATE OR REPLACE VIEW url_status AS
SELECT u.url_key, u.url, u.status, u.status_detail, u.attempts, u.first_source_id,
       u.first_seen_at, u.status_at, u.article_id, a.title
FROM urls u LEFT JOIN articles a USING (article_id);

-- Per run, per status.
CREATE OR REPLACE VIEW run_status_counts AS
SELECT e.run_id, r.started_at, e.status, count(*) AS urls
FROM url_events e JOIN runs r USING (run_id)
GROUP BY ALL ORDER BY e.run_id DESC, urls DESC;

-- Per source and status, counting each URL under every source that listed it.
CREATE OR REPLACE VIEW source_status_counts AS
SELECT s.source_id, u.status, count(*) AS urls
FROM url_sources s JOIN urls u USING (url_key)
GROUP BY ALL ORDER BY s.source_id, urls DESC;

CREATE OR REPLACE VIEW on_topic_articles AS
SELECT * FROM articles WHERE on_topic;

-- Articles per ISO week (by publication date, else the day we stored them).
CREATE OR REPLACE VIEW weekly_volume AS
SELECT strftime(coalesce(published_at, stored_at), '%G-W%V') AS iso_week,
       count(*) AS articles,
       count(*) FILTER (WHERE on_topic) AS on_topic,
       count(DISTINCT outlet) AS outlets
FROM articles GROUP BY ALL ORDER BY iso_week;
