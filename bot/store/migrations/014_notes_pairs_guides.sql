-- A member's interest in a gig may carry a short note for the poster, and keeps the language the
-- member's Discord was in when they answered, for the decision Mozaik tells them later (NULL:
-- not one Mozaik speaks, or recorded before; the hub's language then).
ALTER TABLE gig_interests ADD COLUMN note TEXT;
ALTER TABLE gig_interests ADD COLUMN locale TEXT CHECK (locale IN ('en', 'id'));

-- Where the partners of a collaboration request meet in a private thread when the collaboration
-- channel is a forum (a forum has no private threads), and whether /hub setup pins a guide in
-- each feature channel.
ALTER TABLE hubs ADD COLUMN pairs_channel_id INTEGER;
ALTER TABLE hubs ADD COLUMN guides INTEGER NOT NULL DEFAULT 1 CHECK (guides IN (0, 1));

-- The guide pinned in a feature channel: posted once (claimed by a run, sent with a nonce, looked
-- for after a run died), then edited in place when the hub's settings change.
CREATE TABLE hub_guides (
    guild_id      INTEGER NOT NULL REFERENCES hubs (guild_id) ON DELETE CASCADE,
    purpose       TEXT    NOT NULL CHECK (purpose IN ('gigs', 'intros', 'collab')),
    channel_id    INTEGER,
    message_id    INTEGER,
    posting_since TEXT,
    posting_by    TEXT,
    PRIMARY KEY (guild_id, purpose)
);
