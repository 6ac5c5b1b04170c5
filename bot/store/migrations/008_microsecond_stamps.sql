-- Every stored instant to the microsecond, as bot/store/stamps.py now writes them: gigs, hubs,
-- skills and the digest kept seconds, profiles and collaboration requests microseconds, and
-- ISO-8601 text sorts as time only at one precision. A stamp written to the second
-- ('2026-11-25T10:00:00+00:00') gains '.000000' before its offset; the others stay as they are.

-- sqlite only: a PostgreSQL store never held a stamp to the second; its first run applies
-- every migration to empty tables, and bot/store/stamps.py writes to the microsecond.
UPDATE hubs SET updated_at = substr(updated_at, 1, 19) || '.000000' || substr(updated_at, 20)
    WHERE updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE gigs SET created_at = substr(created_at, 1, 19) || '.000000' || substr(created_at, 20)
    WHERE created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE gigs SET updated_at = substr(updated_at, 1, 19) || '.000000' || substr(updated_at, 20)
    WHERE updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE gigs SET submitted_at = substr(submitted_at, 1, 19) || '.000000' || substr(submitted_at, 20)
    WHERE submitted_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE gigs SET published_at = substr(published_at, 1, 19) || '.000000' || substr(published_at, 20)
    WHERE published_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE gigs SET expires_at = substr(expires_at, 1, 19) || '.000000' || substr(expires_at, 20)
    WHERE expires_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE gigs SET closed_at = substr(closed_at, 1, 19) || '.000000' || substr(closed_at, 20)
    WHERE closed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE gigs SET featured_until = substr(featured_until, 1, 19) || '.000000' || substr(featured_until, 20)
    WHERE featured_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE gigs SET reminded_at = substr(reminded_at, 1, 19) || '.000000' || substr(reminded_at, 20)
    WHERE reminded_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE gigs SET publishing_since = substr(publishing_since, 1, 19) || '.000000' || substr(publishing_since, 20)
    WHERE publishing_since GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE gigs SET queueing_since = substr(queueing_since, 1, 19) || '.000000' || substr(queueing_since, 20)
    WHERE queueing_since GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE gigs SET refusal_reported_at = substr(refusal_reported_at, 1, 19) || '.000000' || substr(refusal_reported_at, 20)
    WHERE refusal_reported_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE gig_events SET at = substr(at, 1, 19) || '.000000' || substr(at, 20)
    WHERE at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE gig_interests SET at = substr(at, 1, 19) || '.000000' || substr(at, 20)
    WHERE at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE gig_interests SET poster_told_at = substr(poster_told_at, 1, 19) || '.000000' || substr(poster_told_at, 20)
    WHERE poster_told_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE gig_interests SET telling_since = substr(telling_since, 1, 19) || '.000000' || substr(telling_since, 20)
    WHERE telling_since GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE gig_reports SET at = substr(at, 1, 19) || '.000000' || substr(at, 20)
    WHERE at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE posting_bans SET banned_at = substr(banned_at, 1, 19) || '.000000' || substr(banned_at, 20)
    WHERE banned_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE posting_bans SET until = substr(until, 1, 19) || '.000000' || substr(until, 20)
    WHERE until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE hub_skills SET added_at = substr(added_at, 1, 19) || '.000000' || substr(added_at, 20)
    WHERE added_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE hub_skill_aliases SET added_at = substr(added_at, 1, 19) || '.000000' || substr(added_at, 20)
    WHERE added_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE hub_skill_merges SET merged_at = substr(merged_at, 1, 19) || '.000000' || substr(merged_at, 20)
    WHERE merged_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE profiles SET created_at = substr(created_at, 1, 19) || '.000000' || substr(created_at, 20)
    WHERE created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE profiles SET updated_at = substr(updated_at, 1, 19) || '.000000' || substr(updated_at, 20)
    WHERE updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE profiles SET departed_at = substr(departed_at, 1, 19) || '.000000' || substr(departed_at, 20)
    WHERE departed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE sent_skill_alerts SET sent_at = substr(sent_at, 1, 19) || '.000000' || substr(sent_at, 20)
    WHERE sent_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE collab_requests SET created_at = substr(created_at, 1, 19) || '.000000' || substr(created_at, 20)
    WHERE created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE collab_requests SET expires_at = substr(expires_at, 1, 19) || '.000000' || substr(expires_at, 20)
    WHERE expires_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE collab_requests SET posted_at = substr(posted_at, 1, 19) || '.000000' || substr(posted_at, 20)
    WHERE posted_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE collab_requests SET matched_at = substr(matched_at, 1, 19) || '.000000' || substr(matched_at, 20)
    WHERE matched_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE collab_requests SET closed_at = substr(closed_at, 1, 19) || '.000000' || substr(closed_at, 20)
    WHERE closed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE collab_answers SET created_at = substr(created_at, 1, 19) || '.000000' || substr(created_at, 20)
    WHERE created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE collab_answers SET decided_at = substr(decided_at, 1, 19) || '.000000' || substr(decided_at, 20)
    WHERE decided_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE collab_invites SET invited_at = substr(invited_at, 1, 19) || '.000000' || substr(invited_at, 20)
    WHERE invited_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE digest_runs SET due_at = substr(due_at, 1, 19) || '.000000' || substr(due_at, 20)
    WHERE due_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE digest_runs SET created_at = substr(created_at, 1, 19) || '.000000' || substr(created_at, 20)
    WHERE created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE digest_runs SET finished_at = substr(finished_at, 1, 19) || '.000000' || substr(finished_at, 20)
    WHERE finished_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE digest_subscriptions SET subscribed_at = substr(subscribed_at, 1, 19) || '.000000' || substr(subscribed_at, 20)
    WHERE subscribed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE digest_deliveries SET updated_at = substr(updated_at, 1, 19) || '.000000' || substr(updated_at, 20)
    WHERE updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE gig_drafts SET created_at = substr(created_at, 1, 19) || '.000000' || substr(created_at, 20)
    WHERE created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
UPDATE profile_drafts SET saved_at = substr(saved_at, 1, 19) || '.000000' || substr(saved_at, 20)
    WHERE saved_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00';
-- end sqlite only
