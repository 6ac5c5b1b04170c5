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
