-- PostgreSQL twin of ../007_gig_delivery.sql: the same columns (INTEGER as BIGINT) and the
-- same backfill of interests recorded before.
ALTER TABLE gigs ADD COLUMN publishing_by TEXT;
ALTER TABLE gigs ADD COLUMN queueing_since TEXT;
ALTER TABLE gigs ADD COLUMN queueing_by TEXT;
ALTER TABLE gigs ADD COLUMN posts_lost BIGINT NOT NULL DEFAULT 0;
ALTER TABLE gigs ADD COLUMN refusal_reported_at TEXT;

ALTER TABLE gig_interests ADD COLUMN poster_told_via TEXT
    CHECK (poster_told_via IN ('dm', 'thread', 'nowhere'));
ALTER TABLE gig_interests ADD COLUMN poster_told_at TEXT;
ALTER TABLE gig_interests ADD COLUMN telling_since TEXT;
ALTER TABLE gig_interests ADD COLUMN telling_by TEXT;
UPDATE gig_interests SET poster_told_at = at;

CREATE INDEX gig_interests_untold ON gig_interests (gig_id) WHERE poster_told_at IS NULL;
CREATE INDEX gigs_unqueued ON gigs (status) WHERE queue_message_id IS NULL;
CREATE INDEX gigs_unpublished ON gigs (status) WHERE message_id IS NULL;
