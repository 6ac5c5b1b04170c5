-- The digest reads the page each section shows, not the week (see BENCHMARKS.md).

-- Closing soon: a hub's published gigs by the end of their time, soonest first, so the section's
-- first page and its count are one range of this index (gigs_expiring leads with the status and
-- walks every hub's gigs).
CREATE INDEX gigs_closing ON gigs (guild_id, status, expires_at);

-- Interests not passed on yet, oldest first, read in batches from where the last one ended
-- (the order untold_interests reads them: at, then gig and member, unique together).
DROP INDEX IF EXISTS gig_interests_untold;
CREATE INDEX gig_interests_untold ON gig_interests (at, gig_id, user_id)
    WHERE poster_told_at IS NULL;
