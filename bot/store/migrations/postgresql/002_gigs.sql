-- PostgreSQL's own part of ../002_gigs.sql, in place of the FTS5 table gigs_fts and its three
-- triggers: the keyword index is the GIN index gigs_fts over mozaik_gig_search(title,
-- description), an expression PostgreSQL keeps up to date by itself, so no trigger copies the text.
--
-- FTS5's tokenizer "unicode61 remove_diacritics 2" folds case and accents; here mozaik_unaccent
-- (the unaccent extension, wrapped as IMMUTABLE so an index may use it) folds accents and the
-- 'simple' configuration folds case and stems nothing. FTS5's prefix = '2 3' only speeds up
-- prefix queries; a GIN index answers `word:*` prefix queries as it is. Title and description
-- carry the weights A and B, as bm25(gigs_fts, 4.0, 1.0) weighs the title 4 to 1: a query ranks
-- with ts_rank('{0, 0, 0.25, 1}', ..., 2) for the same proportion, divided by the length as
-- bm25 favours a shorter match (tests/test_engines_alike.py), and searches with
-- mozaik_gig_search(g.title, g.description) @@ to_tsquery('simple', mozaik_unaccent(?)) so
-- the index is used.

-- unaccent is a trusted extension: the database's owner may create it. Qualified by schema
-- throughout, so an index built with one search_path reads the same under another.
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

CREATE FUNCTION mozaik_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

CREATE FUNCTION mozaik_gig_search(title text, description text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
        SELECT setweight(to_tsvector('pg_catalog.simple', public.mozaik_unaccent(title)), 'A')
            || setweight(to_tsvector('pg_catalog.simple', public.mozaik_unaccent(description)), 'B')
    $$;

CREATE INDEX gigs_fts ON gigs USING gin (mozaik_gig_search(title, description));
