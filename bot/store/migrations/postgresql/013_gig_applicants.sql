-- PostgreSQL twin of ../013_gig_applicants.sql: the same columns, default and check.
ALTER TABLE gig_interests ADD COLUMN status TEXT NOT NULL DEFAULT 'applied'
    CHECK (status IN ('applied', 'shortlisted', 'declined'));
ALTER TABLE gig_interests ADD COLUMN decided_at TEXT;
