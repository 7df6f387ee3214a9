-- The people and organisations quoted most, with every form of their name and role seen.
SELECT name, kind, quotes, articles, outlets, first_seen::DATE AS first_seen,
       last_seen::DATE AS last_seen, aliases, roles
FROM speakers
ORDER BY articles DESC, quotes DESC
LIMIT 50;
