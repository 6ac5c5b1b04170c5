-- Trust gates a hub's admin sets with /hub rules (bot/hubs/trust.py): how old a member's
-- Discord account and their time in the server must be before they post gigs or collaboration
-- requests (0: no minimum), and after how many members' reports a published gig goes back to
-- the moderators (0: never).
ALTER TABLE hubs ADD COLUMN min_account_days INTEGER NOT NULL DEFAULT 0
    CHECK (min_account_days >= 0);
ALTER TABLE hubs ADD COLUMN min_member_hours INTEGER NOT NULL DEFAULT 0
    CHECK (min_member_hours >= 0);
ALTER TABLE hubs ADD COLUMN reports_to_hold INTEGER NOT NULL DEFAULT 3
    CHECK (reports_to_hold >= 0);

-- Link domains the hub refuses in gigs, introductions and requests; a domain blocks its
-- subdomains too. Stored as IDNA ASCII, lower case ("xn--..." for internationalised names).
CREATE TABLE hub_blocked_domains (
    guild_id INTEGER NOT NULL REFERENCES hubs (guild_id) ON DELETE CASCADE,
    domain   TEXT    NOT NULL,
    PRIMARY KEY (guild_id, domain)
) WITHOUT ROWID;

-- Another member's gig with the same text: the fingerprint looked up across the hub's posters.
CREATE INDEX gigs_by_text ON gigs (guild_id, fingerprint, status);
