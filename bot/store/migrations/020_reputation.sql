-- Work done through the hub, as both sides confirmed it: a gig's poster names who did it (their
-- yes is the naming), a matched collaboration asks both sides. An engagement is completed when
-- both said yes (confirmed_at), and never when either said no (declined_at).
CREATE TABLE engagements (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('gig', 'collab')),
    source_id    INTEGER NOT NULL,  -- the gig's or the collaboration request's number
    asker_id     INTEGER NOT NULL,  -- the gig's poster, the request's author
    member_id    INTEGER NOT NULL,  -- who they name: the member who did the gig, the partner
    asked_at     TEXT    NOT NULL,
    asker_yes_at  TEXT,
    member_yes_at TEXT,
    confirmed_at TEXT,
    declined_at  TEXT,
    CHECK (asker_id <> member_id),
    UNIQUE (kind, source_id, asker_id, member_id)
);
CREATE INDEX engagements_by_member ON engagements (guild_id, member_id, confirmed_at);
CREATE INDEX engagements_by_asker ON engagements (guild_id, asker_id, confirmed_at);
CREATE INDEX engagements_by_week ON engagements (guild_id, confirmed_at);

-- What one side of a confirmed engagement wrote of the other: shown only once its receiver
-- approves it ('shown'), hidden again at their word, removed by a moderator with a reason.
CREATE TABLE testimonials (
    id             INTEGER PRIMARY KEY,
    guild_id       INTEGER NOT NULL,
    engagement_id  INTEGER NOT NULL REFERENCES engagements (id),
    author_id      INTEGER NOT NULL,
    receiver_id    INTEGER NOT NULL,
    body           TEXT    NOT NULL,
    written_at     TEXT    NOT NULL,
    status         TEXT    NOT NULL DEFAULT 'waiting'
        CHECK (status IN ('waiting', 'shown', 'hidden', 'removed')),
    decided_at     TEXT,
    removed_by     INTEGER,
    removed_reason TEXT,
    UNIQUE (engagement_id, author_id)
);
CREATE INDEX testimonials_of_receiver ON testimonials (guild_id, receiver_id, status, decided_at);

-- Skills one side of a confirmed engagement vouches for in the other: one row per skill, each
-- counterpart once (a member's later engagements with the same person add nothing).
CREATE TABLE endorsements (
    guild_id     INTEGER NOT NULL,
    endorser_id  INTEGER NOT NULL,
    member_id    INTEGER NOT NULL,
    skill        TEXT    NOT NULL,
    at           TEXT    NOT NULL,
    PRIMARY KEY (guild_id, member_id, skill, endorser_id)
) WITHOUT ROWID;
