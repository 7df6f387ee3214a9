-- Analysis tables: per-article analysis (sentences, claim mentions, quotes) and what
-- recurs across articles (claim clusters, syndication groups, weekly flags).
-- Written only by flows/store/analysis.py; read through the views in sql/views/analysis.sql.
-- Character offsets are into articles.text (substring(text, start_offset + 1, ...)).

-- One row per analysed article: which analyzer version did it, and what it found.
CREATE TABLE article_analysis (
    article_id       TEXT PRIMARY KEY,
    analyzer_version TEXT NOT NULL,          -- flows.analysis + flows.recurrence versions
    run_id           BIGINT NOT NULL,
    analyzed_at      TIMESTAMPTZ NOT NULL,
    dated_at         TIMESTAMPTZ NOT NULL,   -- published_at, else stored_at, when analysed
    sentences        INTEGER NOT NULL,
    claims           INTEGER NOT NULL,
    quotes           INTEGER NOT NULL,
    credit           TEXT,                   -- wire or agency credit: "Xinhua"
    credit_source    TEXT,                   -- metadata (extraction) or text (a credit line)
    timings          JSON                    -- milliseconds per analysis step
);

CREATE TABLE article_sentences (
    article_id     TEXT NOT NULL,
    sentence_index INTEGER NOT NULL,
    start_offset   INTEGER NOT NULL,
    end_offset     INTEGER NOT NULL
);

-- One row per claim mention: a check-worthy sentence of one article, in one cluster.
CREATE TABLE claims (
    mention_id     BIGINT NOT NULL,          -- from the article and the normalized text
    article_id     TEXT NOT NULL,
    sentence_index INTEGER NOT NULL,
    start_offset   INTEGER NOT NULL,
    end_offset     INTEGER NOT NULL,
    text           TEXT NOT NULL,
    template       TEXT NOT NULL,            -- figures abstracted: "trained <count> people"
    score          DOUBLE NOT NULL,          -- check-worthiness, 0..1
    features       JSON NOT NULL,            -- feature -> count, the score's reasons
    figures        JSON NOT NULL,            -- [{text, value, value_high, unit, currency, kind, start, end}]
    figure_texts   VARCHAR[] NOT NULL,
    figure_values  DOUBLE[] NOT NULL,
    figure_key     TEXT NOT NULL,            -- sorted kinds and values: "count:117000|year:2017"
    figure_set     VARCHAR[] NOT NULL,       -- the figures that can drift (all but years)
    norm_hash      BIGINT NOT NULL,          -- of the normalized text (see claim_variants)
    cluster_id     BIGINT NOT NULL,          -- the mention id that started the cluster; never changes
    matched_by     TEXT NOT NULL,            -- exact, minhash, shared-figure, embedding; '' started it
    match_similarity DOUBLE NOT NULL,        -- to what it matched, when it was clustered
    relation       TEXT NOT NULL,            -- to the cluster's first mention: first, verbatim, edited, figure-changed, paraphrase
    similarity     DOUBLE NOT NULL,          -- estimated Jaccard with the first mention
    run_id         BIGINT NOT NULL
);

-- One row per distinct normalized claim text: its MinHash signature and cluster.
CREATE TABLE claim_variants (
    norm_hash     BIGINT NOT NULL,
    cluster_id    BIGINT NOT NULL,
    shingles      INTEGER NOT NULL,
    signature     BLOB NOT NULL,             -- uint32 little-endian x 128
    words         VARCHAR[] NOT NULL,        -- content stems, for the shared-figure tier
    names         VARCHAR[] NOT NULL,        -- places, people, bodies named (not the speaker)
    figure_key    TEXT NOT NULL
);

-- LSH bands of the variants' signatures (band number mixed into the hash): new mentions
-- find their candidates with a join here instead of an index held in memory.
CREATE TABLE claim_bands (
    band_hash BIGINT NOT NULL,
    norm_hash BIGINT NOT NULL
);

-- Distinctive figures of each variant, for the shared-figure tier.
CREATE TABLE claim_anchors (
    anchor    BIGINT NOT NULL,
    norm_hash BIGINT NOT NULL
);

-- Sentence embeddings of variants, only with recurrence.embeddings = true.
CREATE TABLE claim_embeddings (
    norm_hash  BIGINT NOT NULL,
    cluster_id BIGINT NOT NULL,
    embedding  BLOB NOT NULL                 -- float32 x model dimension, unit length
);

CREATE TABLE article_quotes (
    quote_id           BIGINT NOT NULL,
    article_id         TEXT NOT NULL,
    quote_index        INTEGER NOT NULL,
    sentence_index     INTEGER NOT NULL,
    start_offset       INTEGER NOT NULL,
    end_offset         INTEGER NOT NULL,
    text               TEXT NOT NULL,
    kind               TEXT NOT NULL,        -- direct, indirect, mixed
    speaker_as_written TEXT,
    speaker_start      INTEGER,
    speaker_end        INTEGER,
    speaker            TEXT,                 -- resolved within the article
    speaker_key        TEXT,                 -- folded, to group one speaker across articles
    role               TEXT,
    organisation       TEXT,
    speaker_kind       TEXT NOT NULL,        -- person, organisation, unknown
    verb               TEXT,
    run_id             BIGINT NOT NULL
);

-- Article fingerprints for syndication.
CREATE TABLE article_prints (
    article_id TEXT NOT NULL,
    text_hash  TEXT NOT NULL,
    shingles   INTEGER NOT NULL,             -- distinct 5-word shingles
    signature  BLOB NOT NULL
);

CREATE TABLE article_bands (
    band_hash  BIGINT NOT NULL,
    article_id TEXT NOT NULL
);

-- Every analysed article is in one group (alone until a copy turns up).
CREATE TABLE syndication_members (
    article_id  TEXT NOT NULL,
    group_id    TEXT NOT NULL,               -- the article that started the group; never changes
    matched_by  TEXT NOT NULL,               -- exact or minhash; '' started it
    similarity  DOUBLE NOT NULL,             -- estimated Jaccard with the group's origin
    containment DOUBLE NOT NULL,             -- share of the shorter of the two in the other
    run_id      BIGINT NOT NULL
);

CREATE TABLE weekly_flags (
    flag_id     TEXT NOT NULL,               -- "<iso_week>/<kind>/<subject_id>"
    iso_week    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    subject_id  TEXT NOT NULL,
    summary     TEXT NOT NULL,
    score       DOUBLE NOT NULL,
    evidence    JSON NOT NULL,
    run_id      BIGINT NOT NULL
);
