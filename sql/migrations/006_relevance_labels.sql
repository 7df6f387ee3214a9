-- A person's judgement of an article's relevance (`drumbeat label URL --on-topic|--off-topic`).
-- The latest row per article wins; older rows stay as the history of judgements. A
-- labelled article is never re-decided: its on_topic follows the label, and the next runs
-- use labelled articles as on-topic / off-topic examples in the relevance score.
CREATE TABLE relevance_labels (
    article_id    TEXT NOT NULL,
    canonical_key TEXT NOT NULL,
    url           TEXT NOT NULL,           -- as the user gave it
    on_topic      BOOLEAN NOT NULL,
    was_on_topic  BOOLEAN,                 -- the decision the label replaced
    labelled_at   TIMESTAMPTZ NOT NULL,
    origin        TEXT                     -- "command line" or the file and its line
);
