-- Core ingest tables. One table per stage; every row says which run made it.
-- Timestamps are TIMESTAMPTZ in UTC.

CREATE TABLE runs (
    run_id            BIGINT PRIMARY KEY,
    flow              TEXT NOT NULL,          -- ingest, reextract, ...
    started_at        TIMESTAMPTZ NOT NULL,
    finished_at       TIMESTAMPTZ,
    status            TEXT NOT NULL,          -- running, completed, failed, interrupted
    config_fingerprint TEXT,
    drumbeat_version  TEXT,
    counts            JSON,                   -- per-status counts of the run
    error             TEXT
);

CREATE TABLE sources (
    source_id       TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,            -- feed, sitemap, gdelt, urllist, seeds
    url             TEXT,
    query           TEXT,
    etag            TEXT,                     -- conditional GET state for the next poll
    last_modified   TEXT,
    body_hash       TEXT,                     -- fallback when a server sends no validators
    last_run_id     BIGINT,
    last_checked_at TIMESTAMPTZ,
    last_ok         BOOLEAN,
    last_detail     TEXT
);

-- One row per source per run: what polling it gave.
CREATE TABLE source_checks (
    run_id      BIGINT NOT NULL,
    source_id   TEXT NOT NULL,
    checked_at  TIMESTAMPTZ NOT NULL,
    ok          BOOLEAN NOT NULL,
    unchanged   BOOLEAN NOT NULL,
    found       INTEGER NOT NULL,             -- URLs the source listed
    new_urls    INTEGER NOT NULL,             -- of which never seen before
    detail      TEXT,
    PRIMARY KEY (run_id, source_id)
);

-- Every URL ever discovered, keyed by its normalized identity, with its one current status.
CREATE TABLE urls (
    url_key            TEXT PRIMARY KEY,
    url                TEXT NOT NULL,         -- fetchable form of the first sighting
    normalizer_version INTEGER NOT NULL,
    first_source_id    TEXT NOT NULL,
    first_run_id       BIGINT NOT NULL,
    first_seen_at      TIMESTAMPTZ NOT NULL,
    hints              JSON,                  -- title/dates/authors the source gave
    status             TEXT NOT NULL,         -- pending, stored, duplicate, off-topic, http-404, ...
    status_detail      TEXT,
    status_run_id      BIGINT,
    status_at          TIMESTAMPTZ,
    attempts           INTEGER NOT NULL DEFAULT 0,
    article_id         TEXT                   -- the article it became or duplicates
);

-- Which sources listed which URL (a URL can be found by several).
CREATE TABLE url_sources (
    url_key       TEXT NOT NULL,
    source_id     TEXT NOT NULL,
    first_run_id  BIGINT NOT NULL,
    first_seen_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (url_key, source_id)
);

-- What happened to a URL in each run that processed it: the per-run status counts.
CREATE TABLE url_events (
    run_id   BIGINT NOT NULL,
    url_key  TEXT NOT NULL,
    status   TEXT NOT NULL,
    detail   TEXT,
    event_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (run_id, url_key)
);

CREATE TABLE fetches (
    fetch_id      TEXT PRIMARY KEY,
    run_id        BIGINT NOT NULL,
    url_key       TEXT NOT NULL,
    requested_url TEXT NOT NULL,
    final_url     TEXT,
    http_status   INTEGER,
    content_type  TEXT,
    charset       TEXT,
    bytes         BIGINT,
    sha256        TEXT,                       -- of the body as archived
    fetched_at    TIMESTAMPTZ,
    elapsed_ms    INTEGER,
    status        TEXT NOT NULL,
    detail        TEXT,
    warc_file     TEXT,                       -- relative to the archive folder
    warc_offset   BIGINT,
    warc_length   BIGINT
);

CREATE TABLE articles (
    article_id         TEXT PRIMARY KEY,      -- hash of canonical_key
    canonical_key      TEXT NOT NULL UNIQUE,  -- url_key of the canonical URL
    canonical_url      TEXT NOT NULL,
    normalizer_version INTEGER NOT NULL,
    url_key            TEXT NOT NULL,         -- the discovered URL that produced it
    final_url          TEXT,
    outlet             TEXT NOT NULL,         -- registered domain
    site_name          TEXT,
    title              TEXT,
    title_source       TEXT,
    authors            VARCHAR[],
    author_source      TEXT,
    origin_credit      TEXT,                  -- wire or agency credit
    published          TEXT,                  -- as chosen, ISO-8601 (date or timestamp)
    published_at       TIMESTAMPTZ,           -- the same as a timestamp (dates at 00:00 UTC)
    date_source        TEXT,
    date_confidence    DOUBLE,
    updated            TEXT,
    language           TEXT,
    language_source    TEXT,
    description        TEXT,
    tags               VARCHAR[],
    text               TEXT NOT NULL,
    text_hash          TEXT NOT NULL,         -- sha256 of normalized text
    word_count         INTEGER NOT NULL,
    relevance_score    DOUBLE NOT NULL,
    relevance          JSON,                  -- the score's components
    on_topic           BOOLEAN NOT NULL,
    source_id          TEXT NOT NULL,
    fetch_id           TEXT,
    extractor          TEXT NOT NULL,
    signals            JSON,
    hints              JSON,
    first_run_id       BIGINT NOT NULL,
    stored_at          TIMESTAMPTZ NOT NULL,
    extracted_at       TIMESTAMPTZ NOT NULL
);

CREATE INDEX articles_text_hash ON articles (outlet, text_hash);
