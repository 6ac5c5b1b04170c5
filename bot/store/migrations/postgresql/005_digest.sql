-- PostgreSQL twin of ../005_digest.sql: INTEGER columns are BIGINT, the rest as in SQLite.
CREATE TABLE digest_runs (
    guild_id    BIGINT NOT NULL,
    iso_week    TEXT   NOT NULL,
    due_at      TEXT   NOT NULL,
    status      TEXT   NOT NULL CHECK (status IN ('sending', 'sent', 'quiet', 'missed')),
    channel_id  BIGINT,
    digest      TEXT,
    created_at  TEXT   NOT NULL,
    finished_at TEXT,
    PRIMARY KEY (guild_id, iso_week)
);
CREATE INDEX digest_runs_unfinished ON digest_runs (status) WHERE status = 'sending';

CREATE TABLE digest_run_messages (
    guild_id   BIGINT NOT NULL,
    iso_week   TEXT   NOT NULL,
    part       BIGINT NOT NULL CHECK (part >= 0),
    message_id BIGINT NOT NULL,
    PRIMARY KEY (guild_id, iso_week, part),
    FOREIGN KEY (guild_id, iso_week) REFERENCES digest_runs (guild_id, iso_week) ON DELETE CASCADE
);

CREATE TABLE digest_subscriptions (
    guild_id      BIGINT NOT NULL,
    user_id       BIGINT NOT NULL,
    locale        TEXT   NOT NULL CHECK (locale IN ('en', 'id')),
    subscribed_at TEXT   NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

CREATE TABLE digest_deliveries (
    guild_id   BIGINT NOT NULL,
    iso_week   TEXT   NOT NULL,
    user_id    BIGINT NOT NULL,
    status     TEXT   NOT NULL CHECK (status IN ('sending', 'sent', 'closed', 'failed')),
    parts_sent BIGINT NOT NULL DEFAULT 0,
    updated_at TEXT   NOT NULL,
    PRIMARY KEY (guild_id, iso_week, user_id),
    FOREIGN KEY (guild_id, iso_week) REFERENCES digest_runs (guild_id, iso_week) ON DELETE CASCADE
);
