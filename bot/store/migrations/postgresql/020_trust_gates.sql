-- PostgreSQL twin of ../020_trust_gates.sql: INTEGER as BIGINT; WITHOUT ROWID has no twin.
ALTER TABLE hubs ADD COLUMN min_account_days BIGINT NOT NULL DEFAULT 0
    CHECK (min_account_days >= 0);
ALTER TABLE hubs ADD COLUMN min_member_hours BIGINT NOT NULL DEFAULT 0
    CHECK (min_member_hours >= 0);
ALTER TABLE hubs ADD COLUMN reports_to_hold BIGINT NOT NULL DEFAULT 3
    CHECK (reports_to_hold >= 0);

CREATE TABLE hub_blocked_domains (
    guild_id BIGINT NOT NULL REFERENCES hubs (guild_id) ON DELETE CASCADE,
    domain   TEXT   NOT NULL,
    PRIMARY KEY (guild_id, domain)
);

CREATE INDEX gigs_by_text ON gigs (guild_id, fingerprint, status);
