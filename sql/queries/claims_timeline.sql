-- Every mention of one claim cluster in date order, with how it relates to the first
-- mention. Example: --param cluster_id=4702113592241061421
SELECT published_at::DATE AS published, outlet, relation, round(similarity, 2) AS similarity,
       figures, text, canonical_url
FROM claim_mentions
WHERE cluster_id = $cluster_id::BIGINT
ORDER BY published_at, mention_id;
