-- A hub's own additions to the shipped skills (bot.skills.vocabulary). Hub skill slugs are
-- "hub:<key>"; aliases and merges may name shipped skills as well as the hub's own.
CREATE TABLE hub_skills (
    guild_id INTEGER NOT NULL,
    slug     TEXT    NOT NULL,
    name     TEXT    NOT NULL,
    added_by INTEGER NOT NULL,
    added_at TEXT    NOT NULL,
    PRIMARY KEY (guild_id, slug)
) WITHOUT ROWID;

CREATE TABLE hub_skill_aliases (
    guild_id  INTEGER NOT NULL,
    alias_key TEXT    NOT NULL,  -- bot.skills.keys.skill_key(alias): one skill per name
    alias     TEXT    NOT NULL,  -- as the moderator wrote it
    skill     TEXT    NOT NULL,
    added_at  TEXT    NOT NULL,
    PRIMARY KEY (guild_id, alias_key)
) WITHOUT ROWID;

-- "merged_slug now means into_slug": its names become aliases of into_slug for this hub.
-- rowid: merges are replayed in the order they were made.
CREATE TABLE hub_skill_merges (
    guild_id    INTEGER NOT NULL,
    merged_slug TEXT    NOT NULL,
    into_slug   TEXT    NOT NULL,
    merged_at   TEXT    NOT NULL,
    PRIMARY KEY (guild_id, merged_slug)
);

-- Bumped with every change to a hub's skills, so a cached taxonomy knows when it is stale.
CREATE TABLE hub_skill_versions (
    guild_id INTEGER PRIMARY KEY,
    version  INTEGER NOT NULL
);

-- One introduction per member per hub. Times are UTC ISO-8601 text with microseconds, so they
-- sort as text. A member who left the server keeps their row, hidden, until departed_at + 30 days.
CREATE TABLE profiles (
    guild_id           INTEGER NOT NULL,
    user_id            INTEGER NOT NULL,
    display_name       TEXT    NOT NULL,
    locale             TEXT    NOT NULL CHECK (locale IN ('en', 'id')),
    headline           TEXT    NOT NULL,
    about              TEXT    NOT NULL,
    availability       TEXT    NOT NULL
        CHECK (availability IN ('open_to_work', 'open_to_collaborate', 'not_available')),
    links              TEXT    NOT NULL DEFAULT '[]',  -- JSON array of https URLs
    languages          TEXT    NOT NULL DEFAULT '[]',  -- JSON array, as the member wrote them
    location           TEXT,
    rate_currency      TEXT,
    rate_minimum_cents INTEGER,
    rate_maximum_cents INTEGER,
    rate_period        TEXT,
    skill_alerts       INTEGER NOT NULL DEFAULT 0 CHECK (skill_alerts IN (0, 1)),
    post_channel_id    INTEGER,
    post_message_id    INTEGER,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    departed_at        TEXT,
    PRIMARY KEY (guild_id, user_id),
    CHECK ((rate_currency IS NULL) = (rate_minimum_cents IS NULL))
);

-- New introductions of the week, for the digest.
CREATE INDEX profiles_by_creation ON profiles (guild_id, created_at);
-- The daily clean-up looks only at members who left.
CREATE INDEX profiles_departed ON profiles (departed_at) WHERE departed_at IS NOT NULL;

-- Finding people by skill reads (guild_id, skill) ranges of this table, then each member's row.
CREATE TABLE profile_skills (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    skill    TEXT    NOT NULL,
    position INTEGER NOT NULL,  -- the member's own order
    PRIMARY KEY (guild_id, skill, user_id),
    FOREIGN KEY (guild_id, user_id) REFERENCES profiles (guild_id, user_id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX profile_skills_by_member ON profile_skills (guild_id, user_id, position);

-- One skill alert per gig and member, whatever happens to the DM.
CREATE TABLE sent_skill_alerts (
    guild_id INTEGER NOT NULL,
    gig_id   INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    sent_at  TEXT    NOT NULL,
    UNIQUE (guild_id, gig_id, user_id)
);

CREATE INDEX sent_skill_alerts_by_member ON sent_skill_alerts (guild_id, user_id);

-- The introduction form as a member last typed it when it was refused, to reopen it with.
CREATE TABLE profile_drafts (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    form     TEXT    NOT NULL,  -- JSON of bot.profiles.form.IntroForm
    saved_at TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
