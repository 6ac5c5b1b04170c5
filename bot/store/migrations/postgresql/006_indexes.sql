-- PostgreSQL's own part of ../006_indexes.sql. SQLite rebuilds gigs_fts to hold only published
-- gigs ('approved'), with triggers adding and removing a gig as it enters and leaves that state;
-- here the keyword index becomes a partial index over the same rows, which PostgreSQL keeps
-- by itself (a search must say `AND g.status = 'approved'` for the planner to use it).
DROP INDEX gigs_fts;
CREATE INDEX gigs_fts ON gigs USING gin (mozaik_gig_search(title, description))
    WHERE status = 'approved';
