-- Views over the analysis tables (sql/migrations/002_analysis.sql); recreated on every
-- `drumbeat init`. Dates are the article's publication date, else the day it was stored;
-- weeks are ISO weeks ('2024-W03'). README "Recurring claims, syndication, speakers"
-- has example queries.

-- Sentences with their text.
CREATE OR REPLACE VIEW sentences AS
SELECT s.article_id, s.sentence_index, s.start_offset, s.end_offset,
       substring(a.text, s.start_offset + 1, s.end_offset - s.start_offset) AS text
FROM article_sentences s JOIN articles a USING (article_id);

-- One row per claim mention: a check-worthy sentence, its cluster, and how it relates to
-- the cluster's first mention (first, verbatim, edited, figure-changed, paraphrase).
-- story_id is the article's syndication group: copies of one story share it.
CREATE OR REPLACE VIEW claim_mentions AS
SELECT c.mention_id, c.cluster_id, c.article_id, c.sentence_index, c.start_offset,
       c.end_offset, c.text, c.template, c.score, c.relation, c.similarity,
       coalesce(a.published_at, a.stored_at) AS published_at,
       strftime(coalesce(a.published_at, a.stored_at), '%G-W%V') AS iso_week,
       a.outlet, a.title, a.canonical_url,
       c.figure_texts AS figures, c.figure_values AS "values", c.features, c.matched_by,
       c.match_similarity, s.group_id AS story_id
FROM claims c JOIN articles a USING (article_id)
LEFT JOIN syndication_members s USING (article_id);

-- One row per claim cluster (a claim and its restatements), singletons included: filter
-- on articles > 1 for claims that recur. Read from claim_cluster_stats, which the analyze
-- stage keeps up to date (flows/store/summaries.py); drifting says whether the cluster
-- states figures that changed (its mentions are in number_drift).
CREATE OR REPLACE VIEW claim_clusters AS
SELECT cluster_id, representative, template, mentions, articles, outlets, weeks,
       first_seen, last_seen, first_article_id, first_url, first_outlet, first_mention_id,
       outlet_list, week_list, article_ids, verbatim, edited, figure_changed, paraphrase,
       stories, drifting
FROM claim_cluster_stats;

-- Claims stated with different figures over time: every mention with figures of each
-- cluster where two mentions state figures and neither set holds the other (years aside:
-- they date a claim), in date order. template_key is the template of the cluster's first
-- mention (the series), template the mention's own; figures_changed says whether its
-- figures changed from the cluster's first mention. figure_roles gives each figure's role
-- where the sentence says (target, running total, result; NULL when it does not).
CREATE OR REPLACE VIEW number_drift AS
SELECT k.template AS template_key, m.template, m.cluster_id, m.mention_id, m.article_id,
       m.published_at, m.iso_week, m.figures, m."values", m.outlet, m.canonical_url,
       m.text AS sentence, m.relation, m.relation = 'figure-changed' AS figures_changed,
       c.figure_set,
       list_transform(from_json(c.figures, '[{"role": "VARCHAR"}]'), f -> f.role) AS figure_roles
FROM claim_cluster_stats k
JOIN claim_mentions m ON m.cluster_id = k.cluster_id
JOIN claims c ON c.mention_id = m.mention_id
WHERE k.drifting AND len(c.figure_set) > 0;

-- Copies of one story: every article of each group with at least two, the earliest
-- published as origin. similarity is the estimated Jaccard of 5-word shingles with the
-- origin; containment the share of the shorter of the two found in the other.
CREATE OR REPLACE VIEW syndication AS
WITH members AS (
    SELECT s.group_id, s.article_id, s.similarity, s.containment, s.matched_by,
           coalesce(a.published_at, a.stored_at) AS published_at, a.outlet, a.title,
           a.canonical_url, x.credit, x.credit_source,
           count(*) OVER (PARTITION BY s.group_id) AS group_size,
           row_number() OVER (PARTITION BY s.group_id
                              ORDER BY coalesce(a.published_at, a.stored_at), s.article_id)
               AS position
    FROM syndication_members s JOIN articles a USING (article_id)
    LEFT JOIN article_analysis x USING (article_id))
SELECT group_id, article_id, position = 1 AS is_origin,
       first_value(article_id) OVER g AS origin_article_id,
       similarity, published_at, outlet, title, canonical_url, credit,
       first_value(outlet) OVER g AS origin_outlet, containment, group_size, credit_source
FROM members WHERE group_size > 1
WINDOW g AS (PARTITION BY group_id ORDER BY position);

-- Who copies whom: per pair of outlets, copies of stories the other published first.
CREATE OR REPLACE VIEW who_copies_whom AS
SELECT outlet AS copier, origin_outlet, count(*) AS copies,
       count(DISTINCT group_id) AS stories,
       count(*) FILTER (WHERE credit IS NOT NULL) AS credited,
       list(DISTINCT credit) FILTER (WHERE credit IS NOT NULL) AS credits,
       min(published_at) AS first_copy, max(published_at) AS last_copy
FROM syndication WHERE NOT is_origin
GROUP BY ALL;

-- Quotes with their speakers, resolved within the article and keyed across articles.
CREATE OR REPLACE VIEW quotes AS
SELECT q.quote_id, q.article_id, q.start_offset, q.end_offset, q.text, q.kind,
       q.speaker_as_written, q.speaker, q.speaker_key, q.role, q.organisation,
       q.speaker_kind, q.verb,
       coalesce(a.published_at, a.stored_at) AS published_at,
       strftime(coalesce(a.published_at, a.stored_at), '%G-W%V') AS iso_week,
       a.outlet, a.title, a.canonical_url, q.sentence_index, q.quote_index
FROM article_quotes q JOIN articles a USING (article_id);

-- One row per person or organisation quoted by name (by speaker_key): the name most often
-- used, every form seen, roles, and where and when. Unnamed sources ("officials", "the
-- county government") are in quotes but not here. Read from speaker_stats, which the
-- analyze stage keeps up to date (flows/store/summaries.py).
CREATE OR REPLACE VIEW speakers AS
SELECT speaker_key, name, kind, aliases, roles, quotes, articles, outlets, first_seen,
       last_seen, organisations
FROM speaker_stats;

-- One row per outlet: volume, and how much of it copies stories first published elsewhere
-- (copies / on-topic articles).
CREATE OR REPLACE VIEW outlets AS
WITH copied AS (
    SELECT article_id, is_origin FROM syndication)
SELECT a.outlet,
       list_sort(list_distinct(list(a.site_name) FILTER (WHERE a.site_name IS NOT NULL)))
           AS site_names,
       count(*) AS articles,
       count(*) FILTER (WHERE a.on_topic) AS on_topic_articles,
       count(*) FILTER (WHERE c.is_origin = false) AS copies,
       round(count(*) FILTER (WHERE c.is_origin = false)
             / greatest(count(*) FILTER (WHERE a.on_topic), 1), 3) AS copied_share,
       min(coalesce(a.published_at, a.stored_at)) AS first_seen,
       max(coalesce(a.published_at, a.stored_at)) AS last_seen,
       count(*) FILTER (WHERE c.is_origin) AS originals
FROM articles a LEFT JOIN copied c USING (article_id)
GROUP BY a.outlet;

-- Weekly flags with their evidence: kind is one of recurring-claim, new-claim,
-- resurfaced-claim, number-drift, syndicated-story, recurring-speaker, new-outlet.
CREATE OR REPLACE VIEW flags AS
SELECT flag_id, iso_week, kind, subject_id, summary, score, evidence
FROM weekly_flags;
