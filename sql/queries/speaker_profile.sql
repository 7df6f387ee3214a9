-- Everything one speaker said, in date order, with the name and role as written in each
-- article. Example: --param name="Zhang Ke"
SELECT published_at::DATE AS published, outlet, speaker_as_written, role, kind, text,
       canonical_url
FROM quotes
WHERE speaker_key = (SELECT speaker_key FROM quotes
                     WHERE speaker_key = lower($name) OR speaker = $name
                        OR speaker_as_written = $name
                     GROUP BY speaker_key ORDER BY count(*) DESC LIMIT 1)
ORDER BY published_at, article_id, start_offset;
