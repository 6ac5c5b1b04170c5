-- What the poster made of each member's interest: 'applied' until they shortlist or decline
-- them, and when they did. Interests recorded before stay 'applied'.
ALTER TABLE gig_interests ADD COLUMN status TEXT NOT NULL DEFAULT 'applied'
    CHECK (status IN ('applied', 'shortlisted', 'declined'));
ALTER TABLE gig_interests ADD COLUMN decided_at TEXT;
