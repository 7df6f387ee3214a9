-- A claim variant's content stems as one space-separated string instead of a list. Each
-- analysed batch reads them for its shared-figure candidates, and DuckDB has to read the
-- whole column to find them: a list column of a dozen strings a row costs about five
-- times a string column holding the same words. (A new table rather than ALTER ... TYPE:
-- DuckDB cannot alter and rewrite a table that holds rows in one transaction.)
CREATE TABLE claim_variants_text_words (
    norm_hash     BIGINT NOT NULL,
    cluster_id    BIGINT NOT NULL,
    shingles      INTEGER NOT NULL,
    signature     BLOB NOT NULL,             -- uint32 little-endian x 128
    words         VARCHAR NOT NULL,          -- content stems separated by spaces, for the shared-figure tier
    names         VARCHAR[] NOT NULL,        -- places, people, bodies named (not the speaker)
    figure_key    TEXT NOT NULL
);
INSERT INTO claim_variants_text_words
SELECT norm_hash, cluster_id, shingles, signature, array_to_string(words, ' '), names, figure_key
FROM claim_variants;
DROP TABLE claim_variants;
ALTER TABLE claim_variants_text_words RENAME TO claim_variants;
