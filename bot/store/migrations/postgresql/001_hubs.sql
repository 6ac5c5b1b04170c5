-- PostgreSQL twin of ../001_hubs.sql: INTEGER columns are BIGINT (Discord ids are 64-bit),
-- TEXT stays TEXT (times are ISO text, bot/store/stamps.py), flags stay 0/1 integers with the
-- same CHECK constraints, so both engines hold the same values.
CREATE TABLE hubs (
    guild_id               BIGINT PRIMARY KEY,
    gigs_channel_id        BIGINT,
    queue_channel_id       BIGINT,
    intros_channel_id      BIGINT,
    collab_channel_id      BIGINT,
    digest_channel_id      BIGINT,
    audit_channel_id       BIGINT,
    locale                 TEXT   NOT NULL CHECK (locale IN ('en', 'id')),
    timezone               TEXT   NOT NULL,
    currency               TEXT   NOT NULL,
    gig_expiry_days        BIGINT NOT NULL CHECK (gig_expiry_days > 0),
    max_open_gigs_per_week BIGINT NOT NULL CHECK (max_open_gigs_per_week > 0),
    duplicate_window_days  BIGINT NOT NULL CHECK (duplicate_window_days >= 0),
    post_cooldown_seconds  BIGINT NOT NULL CHECK (post_cooldown_seconds >= 0),
    max_renewals           BIGINT NOT NULL CHECK (max_renewals >= 0),
    allow_new_skills       BIGINT NOT NULL CHECK (allow_new_skills IN (0, 1)),
    collab_expiry_days     BIGINT NOT NULL CHECK (collab_expiry_days > 0),
    collab_via_queue       BIGINT NOT NULL CHECK (collab_via_queue IN (0, 1)),
    digest_weekday         BIGINT NOT NULL CHECK (digest_weekday BETWEEN 0 AND 6),
    digest_time            TEXT   NOT NULL,
    digest_quiet_note      BIGINT NOT NULL CHECK (digest_quiet_note IN (0, 1)),
    updated_at             TEXT   NOT NULL
);

CREATE TABLE hub_roles (
    guild_id BIGINT NOT NULL REFERENCES hubs (guild_id) ON DELETE CASCADE,
    role_id  BIGINT NOT NULL,
    purpose  TEXT   NOT NULL CHECK (purpose IN ('moderator', 'trusted')),
    PRIMARY KEY (guild_id, role_id, purpose)
);

CREATE TABLE bot_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
