-- PostgreSQL twin of ../014_notes_pairs_guides.sql: INTEGER as BIGINT.
ALTER TABLE gig_interests ADD COLUMN note TEXT;
ALTER TABLE gig_interests ADD COLUMN locale TEXT CHECK (locale IN ('en', 'id'));

ALTER TABLE hubs ADD COLUMN pairs_channel_id BIGINT;
ALTER TABLE hubs ADD COLUMN guides BIGINT NOT NULL DEFAULT 1 CHECK (guides IN (0, 1));

CREATE TABLE hub_guides (
    guild_id      BIGINT NOT NULL REFERENCES hubs (guild_id) ON DELETE CASCADE,
    purpose       TEXT   NOT NULL CHECK (purpose IN ('gigs', 'intros', 'collab')),
    channel_id    BIGINT,
    message_id    BIGINT,
    posting_since TEXT,
    posting_by    TEXT,
    PRIMARY KEY (guild_id, purpose)
);
