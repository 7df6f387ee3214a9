-- Every URL whose address contains $pattern, with its status and why: the answer to
-- "why is this article not in my database?". Example: --param pattern=231594
SELECT url, status, status_detail, attempts, first_source_id, first_seen_at, title
FROM url_status
WHERE url ILIKE '%' || $pattern || '%'
ORDER BY first_seen_at;
