-- Per-cluster and per-speaker summaries, kept up to date by the analyze stage for the
-- clusters and speakers each batch touches (flows/store/summaries.py), so that the
-- claim_clusters, number_drift and speakers views read one row per cluster or speaker
-- instead of aggregating every mention and quote at query time. Derived data: the
-- migration that creates them fills them from the rows already stored, and
-- `drumbeat reanalyze` rebuilds them with everything else.

CREATE TABLE claim_cluster_stats (
    cluster_id       BIGINT PRIMARY KEY,
    representative   TEXT NOT NULL,          -- the first mention's sentence
    template         TEXT NOT NULL,          -- the first mention's template
    mentions         BIGINT NOT NULL,
    articles         BIGINT NOT NULL,
    outlets          BIGINT NOT NULL,
    weeks            BIGINT NOT NULL,
    first_seen       TIMESTAMPTZ NOT NULL,
    last_seen        TIMESTAMPTZ NOT NULL,
    first_article_id TEXT NOT NULL,
    first_url        TEXT NOT NULL,
    first_outlet     TEXT NOT NULL,
    first_mention_id BIGINT NOT NULL,
    outlet_list      VARCHAR[] NOT NULL,
    week_list        VARCHAR[] NOT NULL,
    article_ids      VARCHAR[] NOT NULL,
    verbatim         BIGINT NOT NULL,
    edited           BIGINT NOT NULL,
    figure_changed   BIGINT NOT NULL,
    paraphrase       BIGINT NOT NULL,
    stories          BIGINT NOT NULL,        -- distinct syndication groups among its articles
    drifting         BOOLEAN NOT NULL        -- two mentions state figure sets neither holds
);

CREATE TABLE speaker_stats (
    speaker_key   TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    aliases       VARCHAR[] NOT NULL,
    roles         VARCHAR[],                -- NULL when none was seen
    quotes        BIGINT NOT NULL,
    articles      BIGINT NOT NULL,
    outlets       BIGINT NOT NULL,
    first_seen    TIMESTAMPTZ NOT NULL,
    last_seen     TIMESTAMPTZ NOT NULL,
    organisations VARCHAR[]                 -- NULL when none was seen
);
