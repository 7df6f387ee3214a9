-- Claim clusters that a later mention joined: the absorbed cluster's members moved to the
-- surviving (older) cluster, and its id resolves here, so a cluster id saved in a query
-- or a digest still finds its claim (the claim_cluster_ids view). into_id is kept
-- current: when a surviving cluster is itself merged later, every row that pointed at it
-- points at the new survivor, so one look-up resolves any old id.
CREATE TABLE claim_cluster_merges (
    merged_id  BIGINT NOT NULL,             -- the id that no longer has members
    into_id    BIGINT NOT NULL,             -- the cluster its members are in now
    run_id     BIGINT NOT NULL,
    merged_at  TIMESTAMPTZ NOT NULL,
    score      DOUBLE NOT NULL,             -- the verification score of the link
    link       TEXT NOT NULL                -- the two sentences linked, for a reader
);

-- Embeddings are kept for every claim variant (not only with the old optional tier),
-- tagged with the model that made them: vectors of two models are never compared, and a
-- changed model re-embeds what it needs.
ALTER TABLE claim_embeddings ADD COLUMN model TEXT DEFAULT 'all-MiniLM-L6-v2';

-- How many stored variants use each content stem: the rarity that weighs shared words.
CREATE TABLE claim_word_counts (
    word     TEXT NOT NULL,
    variants BIGINT NOT NULL
);

-- (A view created here rather than in sql/views: it reads a table this migration adds.)
-- Every claim cluster id ever given, and the cluster that holds its mentions now: a
-- cluster merged into an older one (a later mention showed both state one claim) keeps
-- resolving. SELECT current_id FROM claim_cluster_ids WHERE cluster_id = <saved id>.
CREATE OR REPLACE VIEW claim_cluster_ids AS
SELECT cluster_id, cluster_id AS current_id, false AS merged FROM claim_cluster_stats
UNION ALL
SELECT merged_id AS cluster_id, into_id AS current_id, true AS merged FROM claim_cluster_merges;

-- Articles filed off topic that were checked against the stored on-topic articles for
-- copies: a copy of an on-topic story is on topic whatever its own score (a scraper's
-- clipped repost, a mirror with a spam header), and is then analysed. copy_of is the
-- on-topic article it copies, NULL when it copies none.
CREATE TABLE copy_checks (
    article_id  TEXT NOT NULL,
    checked_at  TIMESTAMPTZ NOT NULL,
    copy_of     TEXT,
    similarity  DOUBLE,
    run_id      BIGINT NOT NULL
);

-- Each claim variant's content words (stems, hashed): new claims find the stored ones that
-- share their rarer words with a join here, the candidates the semantic step verifies.
CREATE TABLE claim_words (
    word_hash BIGINT NOT NULL,
    norm_hash BIGINT NOT NULL
);
