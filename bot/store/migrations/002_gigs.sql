-- Gig postings. Times are UTC ISO-8601 text to the second ("2026-11-02T09:00:00+00:00"), so they
-- sort as text; pay is kept in hundredths of the currency's unit so filters compare numbers.
CREATE TABLE gigs (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,  -- the gig number members see
    guild_id           INTEGER NOT NULL,
    poster_id          INTEGER NOT NULL,
    poster_locale      TEXT,  -- the language the poster used, for messages sent to them later
    kind               TEXT    NOT NULL CHECK (kind IN ('hiring', 'offering')),
    status             TEXT    NOT NULL
        CHECK (status IN ('pending', 'approved', 'rejected', 'changes_requested', 'closed')),
    title              TEXT    NOT NULL,
    description        TEXT    NOT NULL,
    engagement         TEXT    NOT NULL
        CHECK (engagement IN ('project', 'hourly', 'part_time', 'full_time', 'retainer')),
    pay_currency       TEXT    NOT NULL,
    pay_min_cents      INTEGER NOT NULL CHECK (pay_min_cents > 0),
    pay_max_cents      INTEGER CHECK (pay_max_cents IS NULL OR pay_max_cents >= pay_min_cents),
    pay_period         TEXT    NOT NULL CHECK (pay_period IN ('project', 'hour', 'day', 'month')),
    location           TEXT    NOT NULL CHECK (location IN ('remote', 'hybrid', 'onsite')),
    city               TEXT,
    level              TEXT    NOT NULL CHECK (level IN ('entry', 'mid', 'senior')),
    apply_by           TEXT,  -- a date (YYYY-MM-DD) in the hub's timezone
    apply_url          TEXT,
    delivery_days      INTEGER,
    fingerprint        TEXT    NOT NULL,  -- normalised title + description, to refuse duplicates
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    submitted_at       TEXT    NOT NULL,  -- when it last entered the queue: the queue's order
    decided_by         INTEGER,
    decision_reason    TEXT,
    published_at       TEXT,  -- first publication; the board's "newest first"
    revision           INTEGER NOT NULL DEFAULT 1,  -- counts the poster's edits
    approved_revision  INTEGER,  -- the revision a moderator last approved: what may be shown
    expires_at         TEXT,
    closed_at          TEXT,
    close_reason       TEXT CHECK (close_reason IN ('filled', 'withdrawn', 'expired', 'removed')),
    filled_via_hub     INTEGER CHECK (filled_via_hub IN (0, 1)),
    featured_until     TEXT,
    renewals           INTEGER NOT NULL DEFAULT 0,
    reminded_at        TEXT,
    -- Where it is published: the gigs channel (text or forum), the message and the channel
    -- holding it (in a forum, the post's thread), and the thread for discussion, if any.
    -- publishing_since marks a publication under way, so two callers never publish the same
    -- gig twice; message_id is set once the post exists.
    channel_id         INTEGER,
    message_channel_id INTEGER,
    message_id         INTEGER,
    thread_id          INTEGER,
    publishing_since   TEXT,
    queue_channel_id   INTEGER,
    queue_message_id   INTEGER
);

CREATE INDEX gigs_board ON gigs (guild_id, status, published_at);
CREATE INDEX gigs_by_poster ON gigs (guild_id, poster_id, created_at);
CREATE INDEX gigs_by_fingerprint ON gigs (guild_id, poster_id, fingerprint);
CREATE INDEX gigs_queue ON gigs (guild_id, status, submitted_at);
CREATE INDEX gigs_expiring ON gigs (status, expires_at);
CREATE INDEX gigs_by_engagement ON gigs (guild_id, status, engagement);
CREATE INDEX gigs_by_location ON gigs (guild_id, status, location);

-- A gig's skills by canonical slug, in the order the member gave them.
CREATE TABLE gig_skills (
    gig_id   INTEGER NOT NULL REFERENCES gigs (id) ON DELETE CASCADE,
    skill    TEXT    NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (gig_id, skill)
);
CREATE INDEX gig_skills_by_skill ON gig_skills (skill, gig_id);

-- The audit trail: every transition and curation step, who took it (NULL: Mozaik) and when.
CREATE TABLE gig_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    gig_id      INTEGER NOT NULL REFERENCES gigs (id) ON DELETE CASCADE,
    at          TEXT    NOT NULL,
    actor_id    INTEGER,
    action      TEXT    NOT NULL,
    from_status TEXT,
    to_status   TEXT,
    detail      TEXT
);
CREATE INDEX gig_events_by_gig ON gig_events (gig_id, id);

-- Members who pressed "I'm interested": once each.
-- rowid: interests are read first come first.
CREATE TABLE gig_interests (
    gig_id  INTEGER NOT NULL REFERENCES gigs (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    at      TEXT    NOT NULL,
    UNIQUE (gig_id, user_id)
);

-- Members' reports of a published gig: once each per gig.
CREATE TABLE gig_reports (
    gig_id  INTEGER NOT NULL REFERENCES gigs (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    reason  TEXT    NOT NULL CHECK (reason IN ('scam', 'dead', 'off_topic')),
    at      TEXT    NOT NULL,
    UNIQUE (gig_id, user_id)
);

-- Members a moderator barred from posting; until NULL lasts until lifted.
CREATE TABLE posting_bans (
    guild_id  INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    reason    TEXT    NOT NULL,
    banned_by INTEGER NOT NULL,
    banned_at TEXT    NOT NULL,
    until     TEXT,
    PRIMARY KEY (guild_id, user_id)
);

-- What a member typed when a rule refused it, so the form reopens with their text.
CREATE TABLE gig_drafts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    gig_id     INTEGER REFERENCES gigs (id) ON DELETE CASCADE,  -- set when editing a gig
    payload    TEXT    NOT NULL,  -- the draft as JSON
    created_at TEXT    NOT NULL
);
CREATE INDEX gig_drafts_by_age ON gig_drafts (created_at);

-- sqlite only: PostgreSQL's keyword index is postgresql/002_gigs.sql's.
-- Keyword search over title and description: accents folded, case-insensitive, prefixes indexed.
CREATE VIRTUAL TABLE gigs_fts USING fts5 (
    title,
    description,
    content = 'gigs',
    content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2",
    prefix = '2 3'
);

CREATE TRIGGER gigs_fts_after_insert AFTER INSERT ON gigs BEGIN
    INSERT INTO gigs_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
END;

CREATE TRIGGER gigs_fts_after_delete AFTER DELETE ON gigs BEGIN
    INSERT INTO gigs_fts (gigs_fts, rowid, title, description)
    VALUES ('delete', old.id, old.title, old.description);
END;

CREATE TRIGGER gigs_fts_after_update AFTER UPDATE OF title, description ON gigs BEGIN
    INSERT INTO gigs_fts (gigs_fts, rowid, title, description)
    VALUES ('delete', old.id, old.title, old.description);
    INSERT INTO gigs_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
-- end sqlite only
