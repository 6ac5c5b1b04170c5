-- What Mozaik still owes Discord after a crash: a gig stored but not yet in the queue, a gig
-- approved but not yet published, an interest recorded but not yet passed on to the poster.
--
-- Work under way is claimed by one run of Mozaik (*_by: the run's id, *_since: when). A claim
-- by another run died with that run: the next run takes it over and first looks in Discord for
-- what the dead run may have made, so nothing is sent twice.

ALTER TABLE gigs ADD COLUMN publishing_by TEXT;
ALTER TABLE gigs ADD COLUMN queueing_since TEXT;
ALTER TABLE gigs ADD COLUMN queueing_by TEXT;
-- Posts that vanished (deleted in Discord) and were made again: part of the post's nonce, as
-- Discord refuses a nonce whose message was deleted.
ALTER TABLE gigs ADD COLUMN posts_lost INTEGER NOT NULL DEFAULT 0;
-- When the moderators were told that the gigs channel refused the gig; cleared once published,
-- so a channel that keeps refusing is reported once, not on every retry.
ALTER TABLE gigs ADD COLUMN refusal_reported_at TEXT;

-- How the poster heard of an interest: 'dm', 'thread', or 'nowhere' (neither reached them),
-- and when; poster_told_at NULL: not yet, as when Mozaik died between recording and telling.
ALTER TABLE gig_interests ADD COLUMN poster_told_via TEXT
    CHECK (poster_told_via IN ('dm', 'thread', 'nowhere'));
ALTER TABLE gig_interests ADD COLUMN poster_told_at TEXT;
ALTER TABLE gig_interests ADD COLUMN telling_since TEXT;
ALTER TABLE gig_interests ADD COLUMN telling_by TEXT;
-- Interests recorded before this migration were passed on as they were recorded (how is not
-- known: the via stays NULL).
UPDATE gig_interests SET poster_told_at = at;

CREATE INDEX gig_interests_untold ON gig_interests (gig_id) WHERE poster_told_at IS NULL;
CREATE INDEX gigs_unqueued ON gigs (status) WHERE queue_message_id IS NULL;
CREATE INDEX gigs_unpublished ON gigs (status) WHERE message_id IS NULL;
