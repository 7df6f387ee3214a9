-- Each source's last poll, its success rate over its last 30 checks, and the URLs it
-- brought in that ended stored or off topic.
WITH recent AS (
    SELECT *, row_number() OVER (PARTITION BY source_id ORDER BY run_id DESC) AS n
    FROM source_checks
)
SELECT s.source_id, s.kind, s.last_checked_at, s.last_ok, s.last_detail,
       round(avg(r.ok::INT) FILTER (WHERE r.n <= 30), 2) AS ok_rate_30,
       (SELECT count(*) FROM url_sources us JOIN urls u USING (url_key)
        WHERE us.source_id = s.source_id AND u.status IN ('stored', 'off-topic')) AS articles
FROM sources s LEFT JOIN recent r USING (source_id)
GROUP BY ALL ORDER BY s.source_id;
