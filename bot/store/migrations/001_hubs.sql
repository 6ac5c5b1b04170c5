-- Per-hub settings. A hub without a row uses the defaults from the configuration file.
CREATE TABLE hubs (
    guild_id               INTEGER PRIMARY KEY,
    gigs_channel_id        INTEGER,
    queue_channel_id       INTEGER,
    intros_channel_id      INTEGER,
    collab_channel_id      INTEGER,
    digest_channel_id      INTEGER,
    audit_channel_id       INTEGER,
    locale                 TEXT    NOT NULL CHECK (locale IN ('en', 'id')),
    timezone               TEXT    NOT NULL,
    currency               TEXT    NOT NULL,
    gig_expiry_days        INTEGER NOT NULL CHECK (gig_expiry_days > 0),
    max_open_gigs_per_week INTEGER NOT NULL CHECK (max_open_gigs_per_week > 0),
    duplicate_window_days  INTEGER NOT NULL CHECK (duplicate_window_days >= 0),
    post_cooldown_seconds  INTEGER NOT NULL CHECK (post_cooldown_seconds >= 0),
    max_renewals           INTEGER NOT NULL CHECK (max_renewals >= 0),
    allow_new_skills       INTEGER NOT NULL CHECK (allow_new_skills IN (0, 1)),
    collab_expiry_days     INTEGER NOT NULL CHECK (collab_expiry_days > 0),
    collab_via_queue       INTEGER NOT NULL CHECK (collab_via_queue IN (0, 1)),
    digest_weekday         INTEGER NOT NULL CHECK (digest_weekday BETWEEN 0 AND 6),
    digest_time            TEXT    NOT NULL,
    digest_quiet_note      INTEGER NOT NULL CHECK (digest_quiet_note IN (0, 1)),
    updated_at             TEXT    NOT NULL
);

-- Roles whose members moderate the hub (curate gigs), and roles whose members skip the queue.
CREATE TABLE hub_roles (
    guild_id INTEGER NOT NULL REFERENCES hubs (guild_id) ON DELETE CASCADE,
    role_id  INTEGER NOT NULL,
    purpose  TEXT    NOT NULL CHECK (purpose IN ('moderator', 'trusted')),
    PRIMARY KEY (guild_id, role_id, purpose)
);

-- Small facts the bot keeps about itself, such as the hash of the last synced command set.
CREATE TABLE bot_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
